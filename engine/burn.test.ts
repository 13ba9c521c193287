import { describe, expect, it } from 'vitest'
import { calibrate, calibrateSpread, chunksFor, mix, spin } from './burn'

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
    const sleep = async (ms: number) => { pauses.push(ms); t += ms; round++ }
    const rate = await calibrateSpread({ now: () => t, work, sleep, rounds: 5, pauseMs: 100, warmupMs: 5, windowMs: 5 })
    expect(rate).toBeCloseTo(200, -1)
    expect(pauses).toEqual([100, 100, 100, 100])
  })
})
