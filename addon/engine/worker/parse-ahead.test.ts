import { describe, expect, it } from 'vitest'
import { compiledPosition, functionBody, PARSED_URL } from './parse-ahead'

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (body: string) => () => Promise<unknown>

describe('a snippet parsed ahead as a function', () => {
  it('keeps the code, drops `export {}`, and names itself for stack traces', () => {
    const body = functionBody('const a = await Promise.resolve(1);\nconsole.log(a);\nexport {};\n')!
    expect(body).toContain('const a = await Promise.resolve(1);')
    expect(body).not.toMatch(/export/)
    expect(body.endsWith(`//# sourceURL=${PARSED_URL}`)).toBe(true)
  })

  it('runs top-level await, strictly, like a module', async () => {
    const fn = new AsyncFunction(functionBody('globalThis.__v = await Promise.resolve(this === undefined ? 42 : 0);\nexport {};')!)
    await fn()
    expect((globalThis as { __v?: number }).__v).toBe(42)
  })

  it('leaves real imports, exports and import.meta to the module path', () => {
    expect(functionBody('import x from "y";\nconsole.log(x)')).toBeUndefined()
    expect(functionBody('export const a = 1')).toBeUndefined()
    expect(functionBody('console.log(import.meta.url)')).toBeUndefined()
  })

  it('maps a stack position back to the compiled code', async () => {
    const fn = new AsyncFunction(functionBody('const x = 1;\n\n  throw new Error("here");\nexport {};')!)
    const err = await fn().catch((e: Error) => e)
    const m = new RegExp(`${PARSED_URL}:(\\d+):(\\d+)`).exec((err as Error).stack ?? '')
    expect(m).not.toBeNull()
    expect(compiledPosition({ line: Number(m![1]), column: Number(m![2]) })).toEqual({ line: 3, column: 9 }) // V8 points at `new Error`
    expect(compiledPosition({ line: 3, column: 20 })).toEqual({ line: 1, column: 20 - '"use strict";'.length })
  })
})
