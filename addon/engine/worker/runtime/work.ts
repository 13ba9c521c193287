// The runtime's CPU work (`burn`'s unit and `countPrimes`' trial divisions), and how much
// of each one core does per ms.
//
// `burn(ms)` does a fixed amount of work, the amount one free core does in `ms`: two
// burns sharing a core take twice as long, so a timeline cannot show a speedup the
// cores did not give. Both rates are measured in 1 ms windows after the loops have been
// optimised (probe): other threads rarely take the core within a window, so the reading
// holds on a busy machine too. The page keeps the fastest ever seen on this browser and
// machine, and every run, worker and thread gets the same rates. They also tell how fast
// a run's work went against a free core (engine/shared/pace.ts).
import type { Rates } from '../../protocol'

export const mix = (x: number) => (x * 1103515245 + 12345) | 0

/** Iterations in one chunk. */
export const CHUNK = 1000
/** Chunks `burn` does between checks for a GIL hand-off (~0.25 ms of work). */
export const STEP = 50

/**
 * The work itself: `chunks` × CHUNK mixes. No callback inside, so the same optimised code
 * runs when `calibrate` times it, when a worker warms it up and when `burn` runs it.
 */
export function spin(chunks: number): number {
  let x = 0
  for (let c = 0; c < chunks; c++) {
    for (let i = 0; i < CHUNK; i++) x = mix(x)
  }
  return x
}

/** Numbers `countPrimes` tests between checks for a GIL hand-off. */
export const PRIME_BLOCK = 1024
/** What testing one number costs beyond its divisions, in divisions (measured on V8). */
const NUMBER_COST = 4

/**
 * `countPrimes`' work on [from, to): the primes found, and the work done in trial
 * divisions, the unit its rate counts. A number costs about four divisions' time of its
 * own (the loop, the parity test), so the rate is the same, within a few %, from the
 * first thousands to ten million.
 */
export function primeBlock(from: number, to: number): { count: number, work: number } {
  let count = 0
  let work = 0
  for (let n = Math.max(2, Math.ceil(from)); n < to; n++) {
    work += NUMBER_COST
    if (n % 2 === 0) { if (n === 2) count++; continue }
    let d = 3
    for (; d * d <= n; d += 2) if (n % d === 0) break
    work += (d - 1) >> 1 // divisors tried: 3, 5, ..., d
    if (d * d > n) count++
  }
  return { count, work }
}

/**
 * Runs `spin` and `primeBlock` as `burn` and `countPrimes` call them, `ms` each, so the
 * optimising compiler has finished with them before a timed run starts (a snippet worker
 * does this at start-up; a sub-worker for the work its function does).
 */
export function warmUp(ms = 60, { burn = true, primes = true } = {}, now: () => number = () => performance.now()): void {
  if (burn) for (const end = now() + ms; now() < end;) spin(STEP)
  if (primes) for (let n = 1e6, end = now() + ms; now() < end; n += PRIME_BLOCK) primeBlock(n, n + PRIME_BLOCK)
}

export interface ProbeOptions {
  /** Untimed spinning first, so the optimising compiler has finished with the loops. @default 0 */
  warmupMs?: number
  /** Timed for about this long (split between the two kinds of work with `primes`). @default 150 */
  ms?: number
  /** One window: short, so another thread rarely gets this core within one. @default 1 */
  windowMs?: number
  /** Also measure `countPrimes`' rate. @default false */
  primes?: boolean
  /** Clock in ms. @default performance.now */
  now?: () => number
  /** The work timed, each returning the units it did (injectable for tests). @default spin and primeBlock */
  work?: { burn?: () => number, primes?: () => number }
}

/** What a probe measured on its thread. */
export interface ProbeResult {
  /** `burn` chunks one free core does per ms. */
  burn: number
  /** `countPrimes` trial divisions one free core does per ms (with `primes`). */
  primes?: number
  /**
   * The share of a free core this thread got while it measured: what it did over the whole
   * time against `burn`. About 1 on a quiet machine; less when other threads took its core.
   */
  share: number
}

/** The 75th percentile: most windows ran undisturbed, so this is a free core's speed; a rare fast outlier is not. */
function upperQuartile(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.75))] ?? 0
}

/**
 * Times short windows of work. A thread that shares its core with others is switched out
 * for milliseconds at a time, so most 1 ms windows still run at a free core's speed, and
 * their upper quartile is that speed however busy the machine is (a 30 ms window would
 * read slow). How much it did over the whole time tells how busy the machine is.
 */
function timeWindows(work: () => number, ms: number, windowMs: number, now: () => number) {
  const rates: number[] = []
  let units = 0
  const start = now()
  for (let elapsed = 0; elapsed < ms;) {
    const from = now()
    let done = 0
    let window = 0
    while (window < windowMs) {
      done += work()
      window = now() - from
    }
    rates.push(done / window)
    units += done
    elapsed = now() - start
  }
  return { rate: upperQuartile(rates), throughput: units / (now() - start) }
}

/** Measures a free core's rates, and how much of a core this thread gets (ProbeOptions). */
export function probe(options: ProbeOptions = {}): ProbeResult {
  const { warmupMs = 0, ms = 150, windowMs = 1, primes = false, now = () => performance.now() } = options
  let n = 1e6
  const burnWork = options.work?.burn ?? (() => { spin(PROBE_CHUNKS); return PROBE_CHUNKS })
  const primeWork = options.work?.primes ?? (() => { n += PRIME_BLOCK; return primeBlock(n - PRIME_BLOCK, n).work })
  for (const end = now() + warmupMs; now() < end;) { burnWork(); if (primes) primeWork() }
  const burn = timeWindows(burnWork, primes ? ms / 2 : ms, windowMs, now)
  const result: ProbeResult = { burn: burn.rate, share: burn.rate > 0 ? burn.throughput / burn.rate : 0 }
  if (primes) result.primes = timeWindows(primeWork, ms / 2, windowMs, now).rate
  return result
}

/** Chunks of `spin` per probe step (~25 µs): many steps fit a 1 ms window. */
const PROBE_CHUNKS = 5

/**
 * The page's measurement of the rates: a long warm-up (the optimising compiler's last tier
 * takes a few hundred ms of hot loop to arrive), then 300 ms of 1 ms windows.
 */
export function calibrateRates(options: ProbeOptions = {}): Rates {
  const { burn, primes } = probe({ warmupMs: 300, ms: 300, primes: true, ...options })
  return { burn, primes: primes! }
}

/** The rates a worker was given or, if the page could not measure them, a quick measurement of its own. */
export function ratesOf(holder: { rates?: Rates }): Rates {
  return holder.rates ??= calibrateRates({ warmupMs: 60, ms: 60 })
}

/** The chunks `burn(ms)` does at `rate` chunks per ms (at least one for any ms > 0). */
export function chunksFor(ms: number, rate: number): number {
  if (!(ms > 0) || !(rate > 0)) return 0
  return Math.max(1, Math.round(ms * rate))
}
