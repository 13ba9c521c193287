import { describe, expect, it } from 'vitest'
import { once } from './once'

describe('once', () => {
  it('starts once and shares the promise', async () => {
    let starts = 0
    const get = once(async () => ++starts)
    expect(await Promise.all([get(), get()])).toEqual([1, 1])
    expect(await get()).toBe(1)
    expect(starts).toBe(1)
  })

  it('tries again after a failure, and keeps the first success', async () => {
    let starts = 0
    const get = once(async () => { if (++starts === 1) throw new Error('offline'); return starts })
    await expect(get()).rejects.toThrow('offline')
    expect(await get()).toBe(2)
    expect(await get()).toBe(2)
    expect(starts).toBe(2)
  })
})
