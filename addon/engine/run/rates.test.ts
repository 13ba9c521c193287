import { describe, expect, it } from 'vitest'
import { fastest } from './rates'

describe('rates on the page', () => {
  it('keeps the faster of two measurements, rate by rate, and nothing half known', () => {
    expect(fastest({ burn: 10, primes: 5 }, { burn: 8, primes: 7 })).toEqual({ burn: 10, primes: 7 })
    expect(fastest(undefined, { burn: 8, primes: 7 })).toEqual({ burn: 8, primes: 7 })
    expect(fastest({ burn: 8 }, undefined)).toBeUndefined()
  })
})
