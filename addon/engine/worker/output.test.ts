import { describe, expect, it } from 'vitest'
import { Output } from './output'

function setup(maxLines: number, batchSize = 200) {
  const batches: number[][] = []
  const timers: Array<() => void> = []
  let clock = 0
  const out = new Output<number>({
    maxLines, batchSize, flushMs: 16,
    send: b => batches.push(b),
    schedule: fn => timers.push(fn),
    now: () => clock,
  })
  return { out, batches, timers, tick: (ms: number) => { clock += ms } }
}

describe('Output (cap + batching)', () => {
  it('keeps the first maxLines lines and counts the rest, formatting only kept ones', () => {
    const { out, batches } = setup(3)
    let made = 0
    for (let i = 0; i < 10; i++) out.log(() => { made++; return i })
    out.flush()
    expect(batches.flat()).toEqual([0, 1, 2])
    expect(out.dropped).toBe(7)
    expect(made).toBe(3)
  })
  it('sends the first line at once, then batches a burst until the timer', () => {
    const { out, batches, timers } = setup(100)
    out.log(() => 1)
    expect(batches).toEqual([[1]])
    out.log(() => 2)
    out.log(() => 3)
    expect(batches).toHaveLength(1)
    expect(timers).toHaveLength(1)
    timers[0]()
    expect(batches).toEqual([[1], [2, 3]])
  })
  it('flushes a synchronous flood by size and by elapsed time', () => {
    const { out, batches, tick } = setup(1e6, 50)
    for (let i = 0; i < 101; i++) out.log(() => i)
    expect(batches.map(b => b.length)).toEqual([1, 50, 50])
    tick(20)
    out.log(() => -1) // 16 ms since the last send: goes out even though no timer could run
    expect(batches.at(-1)).toEqual([-1])
  })
  it('sends events (spans) in order with logs, not counted against the cap', () => {
    const { out, batches } = setup(1)
    out.log(() => 1)
    out.log(() => 2)
    out.event(100)
    out.flush()
    expect(batches.flat()).toEqual([1, 100])
    out.addDropped(5)
    expect(out.dropped).toBe(6)
  })
})
