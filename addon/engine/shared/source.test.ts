import { describe, expect, it } from 'vitest'
import { computes } from './source'

describe('what source text says', () => {
  it('tells code whose timings depend on the cores', () => {
    expect(computes('burn(500)')).toBe(true)
    expect(computes('await parallel(f, xs)')).toBe(true)
    expect(computes('countPrimes (0, 9)')).toBe(true)
    expect(computes('await sleep(500); console.log("burning")')).toBe(false)
  })
})
