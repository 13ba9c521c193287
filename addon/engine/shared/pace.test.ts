import { describe, expect, it } from 'vitest'
import type { WorkSlice } from './pace'
import { addSlice, measurePace, paceReason, paceVerdict, unfairRunText } from './pace'

const slice = (lane: string, start: number, busy: number, work: number, extra: Partial<WorkSlice> = {}): WorkSlice =>
  ({ lane, start, end: start + busy, busy, work, ...extra })

describe('pace: how fast calibrated work went against a free core', () => {
  it('reads 1 for work that took as long as a free core needs', () => {
    expect(measurePace([slice('main', 0, 500, 500), slice('main', 500, 500, 500)], 2)).toEqual({ workMs: 1000, speed: 1 })
  })

  it('reads a slowed lane as slowed: 500 ms of work that took 1300 ms', () => {
    const pace = measurePace([slice('main', 0, 1300, 500)], 2)!
    expect(pace.speed).toBeCloseTo(0.385, 3)
    expect(paceVerdict(pace)).toBe('slowed')
    expect(paceReason(pace)).toBe('slowed by other work: 38% of a free core\'s speed')
  })

  it('does not blame the lanes\' own sharing of the cores: four lanes on two cores take twice as long', () => {
    const lanes = [1, 2, 3, 4].map(i => slice(`worker ${i}`, 0, 1000, 500))
    expect(measurePace(lanes, 2)!.speed).toBeCloseTo(1, 6)
    // ...but on four cores the same times mean half speed.
    expect(paceVerdict(measurePace(lanes, 4))).toBe('slowed')
  })

  it('allows lanes that fill every core a little slowing (the page draws meanwhile), not a lot', () => {
    const two = (busy: number) => [1, 2].map(i => slice(`worker ${i}`, 0, busy, 500))
    expect(measurePace(two(700), 2)).toMatchObject({ crowded: true })
    expect(paceVerdict(measurePace(two(700), 2))).toBe('fair') // 71%: the demo's own sharing
    expect(paceVerdict(measurePace(two(900), 2))).toBe('slowed') // 56%: something else took the cores
    expect(measurePace(two(700), 4)!.crowded).toBeUndefined() // two lanes on four cores: room to spare
    expect(paceVerdict(measurePace(two(700), 4))).toBe('slowed')
  })

  it('counts threads under one GIL as one lane (they never compute at once)', () => {
    // Each holds the lock for half of the second they take together: 480 ms of work in 500 ms.
    const gil = [1, 2].map(i => slice(`thread ${i}`, 0, 500, 480, { serial: true, end: 1000 }))
    expect(measurePace(gil, 1)!.speed).toBeCloseTo(0.96, 6)
    // Without a GIL both compute the whole second on one core, each at half speed: as expected.
    const free = [1, 2].map(i => slice(`thread ${i}`, 0, 1000, 480))
    expect(measurePace(free, 1)!.speed).toBeCloseTo(0.96, 6)
    // Counted as two lanes, the GIL's hand-offs would have hidden half the slowdown.
    expect(measurePace(gil.map(s => ({ ...s, serial: false })), 1)!.speed).toBeCloseTo(1.92, 6)
  })

  it('weighs only the overlap: a lane that ran alone for half its slice gets half the credit', () => {
    const a = slice('worker 1', 0, 1500, 1000)
    const b = slice('worker 2', 750, 750, 375)
    // On one core: a shares the core for half its time (1.5 lanes on average), b the whole time.
    expect(measurePace([a, b], 1)!.speed).toBeCloseTo((1000 * 1.5 + 375 * 2) / 2250, 6)
  })

  it('says work faster than the rates allow shows the rates were low', () => {
    const pace = measurePace([slice('main', 0, 400, 500)], 2)!
    expect(paceVerdict(pace)).toBe('rates-low')
    expect(paceReason(pace)).toBe('ran at 125% of the measured core speed: that measure was low')
  })

  it('does not judge too little work, nor a run without any', () => {
    expect(measurePace([slice('main', 0, 200, 50)], 2)).toBeUndefined()
    expect(measurePace([], 2)).toBeUndefined()
    expect(paceVerdict(undefined)).toBe('fair')
  })
})

describe('slices: one per stretch of work on a lane', () => {
  it('merges calls that follow each other on one lane, not across lanes or a pause', () => {
    const list: WorkSlice[] = []
    addSlice(list, slice('main', 0, 10, 10))
    addSlice(list, slice('main', 10.5, 10, 10)) // a tight loop of burns
    addSlice(list, slice('worker 1', 21, 10, 10))
    addSlice(list, slice('worker 1', 40, 10, 10)) // after a 9 ms pause
    expect(list.map(s => [s.lane, s.start, s.end, s.busy, s.work])).toEqual([
      ['main', 0, 20.5, 20, 20], ['worker 1', 21, 31, 10, 10], ['worker 1', 40, 50, 10, 10],
    ])
  })
})

describe('the line a run ends with when it was not fair', () => {
  it('names each slowed mode and says no speedup is shown against it', () => {
    const text = unfairRunText([{ group: 'one by one', pace: { workMs: 1500, speed: 0.38 } }, { group: 'pool of 2', pace: { workMs: 1500, speed: 0.95 } }], undefined)
    expect(text).toBe('Not a fair measurement: other work on this machine slowed "one by one" to 38% of a free core\'s speed, so no speedup against it is shown. Run it again.')
    const both = unfairRunText([{ group: 'a', pace: { workMs: 900, speed: 0.5 } }, { group: 'b', pace: { workMs: 900, speed: 0.6 } }, { group: 'c', pace: { workMs: 900, speed: 1.3 } }], undefined)
    expect(both).toBe('Not a fair measurement: other work on this machine slowed "a" to 50% and "b" to 60% of a free core\'s speed, so no speedup against them is shown; "c" ran at 130% of the measured core speed, so that measure was low (now corrected). Run it again.')
  })

  it('judges a run without modes by its own pace, and says nothing of a fair run', () => {
    expect(unfairRunText([], { workMs: 500, speed: 0.5 })).toBe('Not a fair measurement: other work on this machine slowed this run to 50% of a free core\'s speed, so no speedup against it is shown. Run it again.')
    expect(unfairRunText([{ group: 'a', pace: { workMs: 500, speed: 1 } }], { workMs: 500, speed: 0.5 })).toBeUndefined()
    expect(unfairRunText([], undefined)).toBeUndefined()
  })
})
