// The runtime's CPU work, `burn` and `countPrimes`: a known amount of work each, timed,
// metered (computing, or blocked at a GIL hand-off) and reported as a work slice, so the
// run knows how fast it went against a free core (engine/shared/pace.ts).
import type { Rates } from '../../protocol'
import type { RuntimeHost } from './host'
import type { WorkMeter } from './meter'
import { now } from '../../shared/clock'
import { addSlice } from '../../shared/pace'
import { chunksFor, PRIME_BLOCK, primeBlock, ratesOf, spin, STEP } from './work'

export interface CpuWork {
  burn(ms: number): number
  countPrimes(from: number, to: number): number
  /** A possible GIL hand-off; returns the ms spent without the GIL (counted as blocked). */
  checkpoint(): number
}

export function cpuWork(host: RuntimeHost, meter: WorkMeter): CpuWork {
  const checkpoint = (): number => {
    const waited = host.gil?.checkpoint() ?? 0
    if (waited) meter.blockedFor(waited)
    return waited
  }

  /**
   * Runs CPU work of `kind` and tells the meter how long it computed (hand-offs excluded);
   * the work reports its units through `did`, so the run knows how fast it went.
   */
  function computing<T>(kind: keyof Rates, work: (did: (units: number) => void) => T): T {
    const start = now()
    const blockedBefore = meter.read().blocked
    let units = 0
    try { return work((u) => { units += u }) }
    finally {
      const end = now()
      const busy = end - start - (meter.read().blocked - blockedBefore)
      meter.computed(busy)
      account(kind, start, end, busy, units)
    }
  }

  function account(kind: keyof Rates, start: number, end: number, busy: number, units: number) {
    const rate = ratesOf(host)[kind]
    if (!(units > 0) || !(rate > 0)) return
    const work = units / rate
    addSlice(host.slices, { lane: host.lane, start, end, busy, work, ...(host.gil ? { serial: true } : {}) })
    // A call can only be slowed down, never sped up, by what else runs: one that beat the
    // page's rate shows the rate was measured low, and the page takes the faster one.
    if (work >= 50 && busy > 0) {
      const seen = host.observedRates ??= {}
      seen[kind] = Math.max(seen[kind] ?? 0, units / busy)
    }
  }

  function burn(ms: number): number {
    // A fixed amount of work (what `ms` takes on one free core), not a wall-clock wait.
    const chunks = chunksFor(ms, ratesOf(host).burn)
    let x = 0
    computing('burn', (did) => {
      for (let left = chunks; left > 0; left -= STEP) {
        x ^= spin(Math.min(STEP, left))
        checkpoint()
      }
      did(chunks)
    })
    return x === 0.5 ? 0 : chunks * 1000 // (x is read, so the loop cannot be optimised away)
  }

  function countPrimes(from: number, to: number): number {
    return computing('primes', (did) => {
      let count = 0
      for (let n = from; n < to; n += PRIME_BLOCK) {
        const block = primeBlock(n, Math.min(to, n + PRIME_BLOCK))
        count += block.count
        did(block.work)
        checkpoint()
      }
      return count
    })
  }

  return { burn, countPrimes, checkpoint }
}
