import { describe, expect, it } from 'vitest'
import { format, formatArgs } from './format'

describe('format', () => {
  it('prints primitives like a console', () => {
    expect(format('hi')).toBe("'hi'")
    expect(format(-0)).toBe('-0')
    expect(format(10n)).toBe('10n')
    expect(format(undefined)).toBe('undefined')
    expect(format(null)).toBe('null')
    expect(format(function named() {})).toBe('[Function: named]')
  })
  it('prints nested objects, arrays, Map and Set', () => {
    expect(format({ a: 1, b: [1, 2], 'x-y': 's' })).toBe("{ a: 1, b: [ 1, 2 ], 'x-y': 's' }")
    expect(format(new Map([['k', { v: 1 }]]))).toBe("Map(1) { 'k' => { v: 1 } }")
    expect(format(new Set([1, 2]))).toBe('Set(2) { 1, 2 }')
    expect(format(new Int32Array(2))).toBe('Int32Array(2) [ 0, 0 ]')
    expect(format([])).toBe('[]')
  })
  it('prints errors as name: message', () => {
    expect(format(new TypeError('bad'))).toBe('TypeError: bad')
  })
  it('marks circular references and stops at the depth limit', () => {
    const o: Record<string, unknown> = { name: 'o' }
    o.self = o
    expect(format(o)).toBe("{ name: 'o', self: [Circular] }")
    expect(format({ a: { b: { c: { d: 1 } } } }, { depth: 2 })).toBe('{ a: { b: [Object] } }')
    const twice = { x: 1 }
    expect(format([twice, twice])).toBe('[ { x: 1 }, { x: 1 } ]') // shared, not circular
  })
  it('cuts long strings and long collections', () => {
    expect(format('abcdef', { maxString: 3 })).toBe("'abc… (+3 chars)'")
    expect(format([1, 2, 3, 4], { maxItems: 2 })).toBe('[ 1, 2, ... 2 more items ]')
  })
  it('breaks wide values over lines', () => {
    const text = format({ alpha: 'a'.repeat(30), beta: 'b'.repeat(30), gamma: 3 })
    expect(text.split('\n')).toHaveLength(5)
    expect(text).toContain("\n  gamma: 3\n}")
  })
  it('formats console arguments: strings raw, the rest inspected', () => {
    expect(formatArgs(['n =', 3, 'and', { k: 'v' }])).toBe("n = 3 and { k: 'v' }")
  })
})
