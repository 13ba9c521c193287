import { describe, expect, it, vi } from 'vitest'

// esbuild-wasm's first start in Node can take seconds on a loaded machine
vi.setConfig({ testTimeout: 30_000 })
import * as esbuild from 'esbuild-wasm'
import { compile, createCompiler, toErrors, type Esbuild } from './compile'

describe('compile', () => {
  it('turns TypeScript into ESM with a source map', async () => {
    const out = await compile('const n: number = 1\nconsole.log(n as number)\n')
    expect(out).toMatchObject({ ok: true })
    if (!out.ok) return
    expect(out.code).toContain('const n = 1;')
    expect(out.code).not.toContain(': number')
    expect(JSON.parse(out.map).sources).toEqual(['snippet.ts'])
  })
  it('keeps top-level await', async () => {
    const out = await compile('const x = await Promise.resolve(2)\nexport {}\n')
    expect(out.ok && out.code).toContain('await Promise.resolve(2)')
  })
  it('reports errors as 1-based line:column in the snippet', async () => {
    const out = await compile('const a = 1\nconst b = ;\n')
    expect(out).toEqual({ ok: false, errors: [{ line: 2, column: 11, message: 'Unexpected ";"' }] })
  })
  it('returns the cached result for unchanged source without calling esbuild', async () => {
    const transform = vi.fn(esbuild.transform as Esbuild['transform'])
    const initialize = vi.fn(async () => {})
    const c = createCompiler({ load: async () => ({ initialize, transform }) })
    const a = await c.compile('let x = 1')
    const b = await c.compile('let x = 1')
    expect(b).toBe(a)
    expect(transform).toHaveBeenCalledTimes(1)
    expect(initialize).toHaveBeenCalledTimes(1)
    await c.compile('let x = 2')
    expect(transform).toHaveBeenCalledTimes(2)
  })
  it('forgets the oldest entries past cacheSize', async () => {
    const transform = vi.fn(async (s: string) => ({ code: s, map: '' }))
    const c = createCompiler({ load: async () => ({ initialize: async () => {}, transform }), cacheSize: 2 })
    for (const s of ['a', 'b', 'c', 'a']) await c.compile(s)
    expect(transform).toHaveBeenCalledTimes(4) // 'a' was evicted by 'c'
  })
  it('retries initialisation after a failure, and passes the wasm URL with worker: true', async () => {
    const initialize = vi.fn().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(undefined)
    const c = createCompiler({ load: async () => ({ initialize, transform: async () => ({ code: 'x', map: '' }) }) })
    c.configure({ wasmURL: '/esbuild.wasm' })
    await expect(c.compile('x')).rejects.toThrow('offline')
    await expect(c.compile('x')).resolves.toEqual({ ok: true, code: 'x', map: '' })
    expect(initialize).toHaveBeenLastCalledWith({ wasmURL: '/esbuild.wasm', worker: true })
  })
  it('converts esbuild messages and plain failures', () => {
    expect(toErrors({ errors: [{ text: 'bad', location: { line: 3, column: 0 } }] })).toEqual([{ line: 3, column: 1, message: 'bad' }])
    expect(toErrors(new Error('boom'))).toEqual([{ line: 1, column: 1, message: 'boom' }])
  })
})
