import { describe, expect, it } from 'vitest'
import { outcomePatch } from './useLiveCell'

describe('what a finished run adds to the view', () => {
  it('a done run sets the wall time', () => {
    expect(outcomePatch({ status: 'done', start: 0, end: 12, wallMs: 12 })).toEqual({ state: 'done', wallMs: 12 })
  })
  it('a compile error names line:column and marks the editor', () => {
    const p = outcomePatch({ status: 'compile-error', errors: [{ line: 2, column: 11, message: 'Unexpected ";"' }] })
    expect(p.state).toBe('error')
    expect(p.markers).toEqual([{ line: 2, column: 11, message: 'Unexpected ";"' }])
    expect(p.lines?.[0].text).toBe('Syntax error at line 2:11: Unexpected ";"')
  })
  it('a crash says so; a thrown error was already shown as it happened', () => {
    expect(outcomePatch({ status: 'error', error: { name: 'WorkerCrash', message: 'the worker crashed (out of memory?)', crashed: true } }).lines?.[0].text).toMatch(/crashed/)
    expect(outcomePatch({ status: 'error', error: { name: 'TypeError', message: 'boom' } }).lines).toEqual([])
  })
  it('stop and timeout explain themselves', () => {
    expect(outcomePatch({ status: 'stopped' })).toMatchObject({ state: 'stopped' })
    expect(outcomePatch({ status: 'timeout', budgetMs: 10_000 }).lines?.[0].text).toMatch(/10 s: the cell's time budget ran out/)
  })
})
