import { describe, expect, it } from 'vitest'
import { decodeVlq, originalPosition, stackPosition } from './sourcemap'
import { compile } from '../compile/compile'

describe('decodeVlq', () => {
  it('decodes signed base64 VLQ numbers', () => {
    expect(decodeVlq('AAAA')).toEqual([0, 0, 0, 0])
    expect(decodeVlq('SAAS')).toEqual([9, 0, 0, 9])
    expect(decodeVlq('D')).toEqual([-1])
    expect(decodeVlq('gB')).toEqual([16])
    expect(() => decodeVlq('!')).toThrow(/bad VLQ/)
  })
})

describe('originalPosition', () => {
  it('maps a generated line:column back through a hand-written map', () => {
    // line 1: col 0 -> 1:1, col 6 -> 1:10; line 2 empty; line 3: col 2 -> line +2, col -4 = 3:6
    const map = { mappings: 'AAAA,MAAS;;EAEJ' }
    expect(originalPosition(map, 1, 1)).toEqual({ line: 1, column: 1 })
    expect(originalPosition(map, 1, 8)).toEqual({ line: 1, column: 10 })
    expect(originalPosition(map, 3, 3)).toEqual({ line: 3, column: 6 })
    expect(originalPosition(map, 2, 1)).toBeUndefined()
  })
  it('maps esbuild output of a typed snippet to the TypeScript lines', async () => {
    const src = 'interface P { x: number }\n\nconst p: P = { x: 1 }\nfunction f(): never {\n  throw new Error("boom")\n}\nf()\n'
    const out = await compile(src)
    if (!out.ok) throw new Error('should compile')
    const lines = out.code.split('\n')
    const gl = lines.findIndex(l => l.includes('throw')) + 1
    const gc = lines[gl - 1].indexOf('new Error') + 1
    expect(originalPosition(out.map, gl, gc)).toEqual({ line: 5, column: 9 })
  }, 30_000) // esbuild-wasm's first start in Node is slow on a loaded machine
})

describe('stackPosition', () => {
  it('finds the first frame in the snippet url (V8 and Firefox stacks)', () => {
    const url = 'blob:http://127.0.0.1:5183/0b5c-11'
    const v8 = `TypeError: boom\n    at f (${url}:3:9)\n    at ${url}:5:1`
    expect(stackPosition(v8, url)).toEqual({ line: 3, column: 9 })
    expect(stackPosition(`f@${url}:7:2\n`, url)).toEqual({ line: 7, column: 2 })
    expect(stackPosition('Error\n    at other.js:1:1', url)).toBeUndefined()
    expect(stackPosition(undefined, url)).toBeUndefined()
  })
})
