import { describe, expect, it } from 'vitest'
import { calibrateRates, chunksFor, mix, primeBlock, probe, spin } from './work'

describe('burn: the work', () => {
  it('mixes as the linear congruential step it is, wrapped to 32 bits', () => {
    expect(mix(0)).toBe(12345)
    expect(mix(1)).toBe(1103527590)
    expect(mix(123456789)).toBe(231794736) // wrapped: the exact product is far past 2^53
    expect(mix(2 ** 30)).toBe(1073754112)
  })

  it('spins CHUNK mixes per chunk, from zero: the same work every time, on any machine', () => {
    expect(spin(0)).toBe(0)
    expect(spin(1)).toBe(-570763520) // 1000 mixes
    expect(spin(3)).toBe(1379702016) // 3000 mixes
  })

  it('turns ms into chunks at a rate, never zero work for a positive ms', () => {
    expect(chunksFor(500, 200)).toBe(100_000)
    expect(chunksFor(0.001, 200)).toBe(1)
    expect(chunksFor(0, 200)).toBe(0)
    expect(chunksFor(-5, 200)).toBe(0)
    expect(chunksFor(10, Number.NaN)).toBe(0)
  })
})

/**
 * A fake machine: one step of work takes `stepMs` on a free core; while `busy(t)` says
 * another thread holds the core, the clock runs on without the work getting done.
 */
function fakeCore(stepMs: number, busy: (t: number) => boolean = () => false) {
  let t = 0
  const work = () => {
    while (busy(t)) t += 0.25 // switched out: time passes, nothing is done
    t += stepMs
    return 1
  }
  return { now: () => t, work: { burn: work, primes: work } }
}

describe('probe: a free core\'s speed, in 1 ms windows', () => {
  it('reads the speed of a quiet core, and that it got all of it', () => {
    const m = fakeCore(0.01) // 100 steps per ms
    const r = probe({ now: m.now, work: m.work, ms: 50 })
    expect(r.burn).toBeCloseTo(100, 0)
    expect(r.share).toBeCloseTo(1, 2)
  })

  it('still reads a free core\'s speed when another thread has the core a third of the time', () => {
    // Switched out for 2 ms in every 6 ms, as the OS shares a core among three threads.
    const m = fakeCore(0.01, t => t % 6 >= 4)
    const r = probe({ now: m.now, work: m.work, ms: 120 })
    expect(r.burn).toBeCloseTo(100, 0) // most 1 ms windows ran undisturbed
    expect(r.share).toBeGreaterThan(0.6) // ...but over the whole time it got two thirds
    expect(r.share).toBeLessThan(0.72)
  })

  it('measures countPrimes\' rate too, and the real loops in this process', () => {
    const m = fakeCore(0.01)
    expect(probe({ now: m.now, work: m.work, ms: 40, primes: true }).primes).toBeCloseTo(100, 0)
    const real = calibrateRates({ warmupMs: 20, ms: 20 })
    expect(real.burn).toBeGreaterThan(1) // about 200 chunks per ms on this kind of machine
    expect(real.primes).toBeGreaterThan(1000) // hundreds of thousands
  })
})

describe('countPrimes\' work', () => {
  it('counts the primes and the trial divisions it did', () => {
    expect(primeBlock(0, 30)).toEqual({ count: 10, work: expect.any(Number) })
    expect(primeBlock(0, 1e5).count).toBe(9592)
    expect(primeBlock(1e5, 2e5).count + primeBlock(0, 1e5).count).toBe(17984) // blocks add up
    // Larger numbers need more divisions each: the work grows faster than the range.
    expect(primeBlock(1e6, 1e6 + 1000).work).toBeGreaterThan(2 * primeBlock(1e4, 1e4 + 1000).work)
  })
})
