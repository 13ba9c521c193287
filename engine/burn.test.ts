import { describe, expect, it } from 'vitest'
import { calibrate, calibrateRates, chunksFor, computes, fastest, mix, primeBlock, spin } from './burn'

/** A fake clock that advances only when work is done: `perChunk` ms per chunk. */
function fakeMachine(perChunk: number) {
  let t = 0
  return { now: () => t, work: (chunks: number) => { t += chunks * perChunk } }
}

describe('burn: the work', () => {
  it('mixes deterministically within 32-bit integers', () => {
    expect(mix(1)).toBe(mix(1))
    expect(Number.isInteger(mix(123456789))).toBe(true)
    expect(Math.abs(mix(2 ** 30))).toBeLessThan(2 ** 31)
  })

  it('spins deterministically', () => {
    expect(spin(3)).toBe(spin(3))
    expect(spin(3)).not.toBe(spin(4))
  })

  it('turns ms into chunks at a rate, never zero work for a positive ms', () => {
    expect(chunksFor(500, 200)).toBe(100_000)
    expect(chunksFor(0.001, 200)).toBe(1)
    expect(chunksFor(0, 200)).toBe(0)
    expect(chunksFor(-5, 200)).toBe(0)
    expect(chunksFor(10, Number.NaN)).toBe(0)
  })
})

describe('burn: calibration', () => {
  it('measures chunks per ms on a steady machine', () => {
    const m = fakeMachine(0.005) // 200 chunks per ms
    expect(calibrate({ ...m, warmupMs: 10, windowMs: 5, windows: 3 })).toBeCloseTo(200, 0)
  })

  it('takes the fastest window: interference only ever slows a window down', () => {
    let t = 0
    // Half speed except between 10 and 20 ms, as if another thread shared the core.
    const work = (chunks: number) => { t += chunks * (t >= 10 && t < 20 ? 0.005 : 0.01) }
    expect(calibrate({ now: () => t, work, warmupMs: 0, windowMs: 5, windows: 6 })).toBeCloseTo(200, -1)
  })

  it('does not count the warm-up (the first, slow, unoptimised spins)', () => {
    let t = 0
    let done = 0
    const work = (chunks: number) => { t += chunks * (done < 100 ? 0.05 : 0.005); done += chunks }
    const rate = calibrate({ now: () => t, work, warmupMs: 10, windowMs: 5, windows: 3 })
    expect(rate).toBeCloseTo(200, 0)
  })

  it('measures the real loop in this process: a positive, finite rate', () => {
    const rate = calibrate({ warmupMs: 20, windowMs: 5, windows: 2 })
    expect(rate).toBeGreaterThan(0)
    expect(Number.isFinite(rate)).toBe(true)
  })
})

describe('burn: the page\'s calibration, spread over time', () => {
  it('keeps the fastest of its rounds, pausing between them', async () => {
    let t = 0
    const pauses: number[] = []
    // Slow (busy machine) except in the third round.
    let round = 0
    const work = (chunks: number) => { t += chunks * (round === 2 ? 0.005 : 0.02) }
    const primeWork = () => { t += round === 2 ? 0.01 : 0.04; return 100 } // 100 divisions
    const sleep = async (ms: number) => { pauses.push(ms); t += ms; round++ }
    const rates = await calibrateRates({ now: () => t, work, primeWork, sleep, rounds: 5, pauseMs: 100, warmupMs: 5, windowMs: 5 })
    expect(rates.burn).toBeCloseTo(200, -1)
    expect(rates.primes).toBeCloseTo(10_000, -2)
    expect(pauses).toEqual([100, 100, 100, 100])
  })

  it('measures countPrimes\' trial divisions per ms in the same rounds (this process, real work)', async () => {
    const rates = await calibrateRates({ rounds: 2, pauseMs: 0, warmupMs: 20, windowMs: 5 })
    expect(rates.primes).toBeGreaterThan(1000) // hundreds of thousands on any machine this runs on
    expect(Number.isFinite(rates.primes)).toBe(true)
  })

  it('keeps the faster of two measurements, rate by rate, and nothing half known', () => {
    expect(fastest({ burn: 10, primes: 5 }, { burn: 8, primes: 7 })).toEqual({ burn: 10, primes: 7 })
    expect(fastest(undefined, { burn: 8, primes: 7 })).toEqual({ burn: 8, primes: 7 })
    expect(fastest({ burn: 8 }, undefined)).toBeUndefined()
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

  it('tells code whose timings depend on the cores', () => {
    expect(computes('burn(500)')).toBe(true)
    expect(computes('await parallel(f, xs)')).toBe(true)
    expect(computes('countPrimes (0, 9)')).toBe(true)
    expect(computes('await sleep(500); console.log("burning")')).toBe(false)
  })
})
