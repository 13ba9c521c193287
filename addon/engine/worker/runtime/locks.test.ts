import { describe, expect, it } from 'vitest'
import { arrive, CONTROL_WORDS, Gil, GIL, GIL_WAITERS, LOCK, mutex } from './locks'

const control = () => new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS))

describe('locks (single thread; real contention is checked in Chromium)', () => {
  it('mutex: acquire marks the word, release frees it, with() releases on throw', () => {
    const c = control()
    const m = mutex(c)
    m.acquire()
    expect(c[LOCK]).toBe(1)
    m.release()
    expect(c[LOCK]).toBe(0)
    expect(() => m.with(() => { throw new Error('x') })).toThrow('x')
    expect(c[LOCK]).toBe(0)
    expect(m.with(() => 7)).toBe(7)
  })
  it('barrier: the last arrival does not wait', () => {
    const c = control()
    arrive(c, 1)
    expect(c[4]).toBe(1)
  })
  it('GIL: records cpu and wait spans, and checkpoint is free when nobody waits', () => {
    const c = control()
    let t = 0
    const spans: string[] = []
    const gil = new Gil(c, 5, (kind, s, e) => spans.push(`${kind} ${s}-${e}`), () => t)
    gil.acquire()
    expect(c[GIL]).toBe(1)
    t = 10
    expect(gil.checkpoint()).toBe(0) // held 10 ms, but no one waits
    c[GIL_WAITERS] = 0
    gil.release()
    expect(c[GIL]).toBe(0)
    expect(spans).toEqual(['cpu 0-10'])
  })
})
