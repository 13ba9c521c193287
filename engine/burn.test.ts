import { describe, expect, it } from 'vitest'
import { measureBurnRate, mix } from './burn'

describe('burn rate', () => {
  it('measures a positive, finite number of iterations per ms', () => {
    const rate = measureBurnRate(5)
    expect(rate).toBeGreaterThan(0)
    expect(Number.isFinite(rate)).toBe(true)
  })

  it('mixes deterministically within 32-bit integers', () => {
    expect(mix(1)).toBe(mix(1))
    expect(Number.isInteger(mix(123456789))).toBe(true)
    expect(Math.abs(mix(2 ** 30))).toBeLessThan(2 ** 31)
  })
})
