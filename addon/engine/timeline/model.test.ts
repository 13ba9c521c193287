import { describe, expect, it } from 'vitest'
import type { Span } from '../protocol'
import { buildTimeline, compareLanes, groupHeading, niceTicks, timelineLabel, unionMs } from './index'

const T0 = 1_700_000_000_000 // absolute ms, like timeOrigin + now()
const span = (lane: string, start: number, end: number, more: Partial<Span> = {}): Span =>
  ({ lane, label: more.label ?? `${lane}@${start}`, start: T0 + start, end: T0 + end, ...more })

describe('lanes', () => {
  it('puts main first, then workers in natural order', () => {
    const names = ['worker 10', 'worker 2', 'main', 'thread 1', 'worker 1'].sort(compareLanes)
    expect(names).toEqual(['main', 'thread 1', 'worker 1', 'worker 2', 'worker 10'])
  })

  it('groups spans per lane, bars sorted by start', () => {
    const m = buildTimeline([span('worker 2', 50, 80), span('main', 0, 10), span('worker 2', 0, 40)])
    expect(m.groups).toHaveLength(1)
    expect(m.groups[0].lanes.map(l => l.name)).toEqual(['main', 'worker 2'])
    expect(m.groups[0].lanes[1].bars.map(b => b.start)).toEqual([0, 50])
  })

  it('aligns lanes from different workers on one absolute clock', () => {
    const m = buildTimeline([span('worker 1', 100, 1100), span('worker 2', 103, 1090), span('main', 98, 1105)])
    const g = m.groups[0]
    expect(g.start).toBe(T0 + 98)
    expect(g.lanes.map(l => l.bars[0].start)).toEqual([0, 2, 5])
    expect(g.wallMs).toBe(1007)
  })

  it('stacks overlapping bars of one lane on tracks, back-to-back bars share one', () => {
    const m = buildTimeline([
      span('main', 0, 1000, { kind: 'io' }),
      span('main', 10, 1010, { kind: 'io' }),
      span('main', 20, 1020, { kind: 'io' }),
      span('main', 1010.2, 1100),
      span('thread 1', 0, 5, { kind: 'cpu' }),
      span('thread 1', 4.9, 10, { kind: 'wait' }),
    ])
    const [main, t1] = m.groups[0].lanes
    expect(main.tracks).toBe(3)
    expect(main.bars.map(b => b.track)).toEqual([0, 1, 2, 0])
    expect(t1.tracks).toBe(1)
  })

  it('counts busy time as the union per lane, without waits', () => {
    const m = buildTimeline([
      span('main', 0, 1000, { kind: 'io' }),
      span('main', 0, 1000, { kind: 'io' }),
      span('main', 500, 1500, { kind: 'io' }),
      span('thread 1', 0, 300, { kind: 'cpu' }),
      span('thread 1', 300, 600, { kind: 'wait' }),
    ])
    const [main, t1] = m.groups[0].lanes
    expect(main.busyMs).toBe(1500)
    expect(t1.busyMs).toBe(300)
    expect(m.groups[0].busyMs).toBe(1800)
    expect(m.kinds).toEqual(['cpu', 'io', 'wait'])
    expect(unionMs([])).toBe(0)
  })
})

describe('compare groups', () => {
  const sequential = [0, 1000, 2000].map(t => span('main', t, t + 1000, { group: 'sequential', kind: 'cpu' }))
  const parallel = [1, 2, 3].map(i => span(`worker ${i}`, 3100, 4140 + i, { group: 'parallel', kind: 'cpu' }))

  it('gives each group its own zero, on one shared scale', () => {
    const m = buildTimeline([...parallel, ...sequential])
    expect(m.groups.map(g => g.name)).toEqual(['sequential', 'parallel'])
    expect(m.groups[1].lanes[0].bars[0].start).toBe(0)
    expect(m.groups.map(g => g.wallMs)).toEqual([3000, 1043])
    expect(m.axis.maxMs).toBe(3000)
  })

  it('measures computing against min(lanes, cores): three CPU lanes on three cores ideally give 3x', () => {
    const m = buildTimeline([...sequential, ...parallel], { cores: 3 })
    const [seq, par] = m.groups
    expect(seq.baseline).toBe(true)
    expect(seq.speedup).toBeUndefined()
    expect(par.speedup).toBeCloseTo(2.876, 3)
    expect(par.lanesInUse).toBe(3)
    expect(par.work).toBe('computing')
    expect(par.idealSpeedup).toBe(3)
    expect(par.efficiency).toBeCloseTo(0.959, 3)
    expect(groupHeading(par)).toBe('parallel — 1043 ms — 2.88x speedup (ideal 3x: 3 lanes computing, 96% efficient)')
    expect(groupHeading(seq)).toBe('sequential — 3000 ms — baseline')
  })

  it('never states a computing speedup the cores cannot give: three lanes on two cores at 2.88x', () => {
    const m = buildTimeline([...sequential, ...parallel], { cores: 2 })
    const par = m.groups[1]
    expect(par.idealSpeedup).toBe(2)
    expect(par.speedup).toBeUndefined()
    expect(par.unfair).toBe('no speedup shown: 2.88x is more than 2 cores give (the baseline was slowed)')
    expect(groupHeading(par)).toBe('parallel — 1043 ms — no speedup shown: 2.88x is more than 2 cores give (the baseline was slowed)')
    expect(timelineLabel(m)).toBe('Timeline: sequential 1 lanes 3000 ms; parallel 3 lanes 1043 ms, no speedup shown: 2.88x is more than 2 cores give (the baseline was slowed)')
  })

  it('flags a mode whose work was slowed, and states no speedup against it', () => {
    const slowed = { workMs: 1200, speed: 0.4 }
    const m = buildTimeline([...sequential, ...parallel], {
      cores: 3,
      groups: [{ group: 'sequential', start: T0, end: T0 + 3000, pace: slowed }, { group: 'parallel', start: T0 + 3100, end: T0 + 4143, baseline: 'sequential', pace: { workMs: 3000, speed: 0.97 } }],
    })
    const [seq, par] = m.groups
    expect(seq.unfair).toBe('slowed by other work: 40% of a free core\'s speed')
    expect(groupHeading(seq)).toBe('sequential — 3000 ms — slowed by other work: 40% of a free core\'s speed')
    expect(par.speedup).toBeUndefined()
    expect(groupHeading(par)).toBe('parallel — 1043 ms — no speedup shown: "sequential" was not measured fairly')
    expect(timelineLabel(m)).toContain('sequential 1 lanes 3000 ms, slowed by other work')
  })

  it('measures waiting against the lanes: waits overlap whatever the core count', () => {
    const io = (list: Span[]) => list.map(s => ({ ...s, kind: 'io' as const }))
    const m = buildTimeline([...io(sequential), ...io(parallel)], { cores: 2 })
    const par = m.groups[1]
    expect(par.work).toBe('waiting')
    expect(par.idealSpeedup).toBe(3)
    expect(par.efficiency).toBeCloseTo(0.959, 3)
    expect(groupHeading(par)).toBe('parallel — 1043 ms — 2.88x speedup (ideal 3x: 3 lanes waiting, 96% efficient)')
  })

  it('measures each compare call against its own first mode', () => {
    const g = (name: string, at: number, ms: number, kind: Span['kind']) => span('main', at, at + ms, { group: name, kind })
    const m = buildTimeline([g('waits, in turn', 0, 1500, 'io'), g('waits, at once', 1600, 500, 'io'), g('work, in turn', 2200, 1500, 'cpu'), g('work, at once', 3800, 1520, 'cpu')], {
      groups: [
        { group: 'waits, in turn', start: T0, end: T0 + 1500 },
        { group: 'waits, at once', start: T0 + 1600, end: T0 + 2100, baseline: 'waits, in turn' },
        { group: 'work, in turn', start: T0 + 2200, end: T0 + 3700 },
        { group: 'work, at once', start: T0 + 3800, end: T0 + 5320, baseline: 'work, in turn' },
      ],
    })
    expect(m.groups.map(x => x.baseline)).toEqual([true, false, true, false])
    expect(m.groups[1].speedup).toBeCloseTo(3, 6)
    expect(m.groups[3].speedup).toBeCloseTo(1500 / 1520, 6)
    expect(timelineLabel(m)).toBe('Timeline: waits, in turn 1 lanes 1500 ms; waits, at once 1 lanes 500 ms, speedup 3.00x; work, in turn 1 lanes 1500 ms; work, at once 1 lanes 1520 ms, speedup 0.99x')
  })

  it('takes wall time from explicit group markers', () => {
    const m = buildTimeline([...sequential, ...parallel], {
      groups: [
        { group: 'sequential', start: T0 - 10 },
        { group: 'sequential', start: T0 - 10, end: T0 + 3010 },
        { group: 'parallel', start: T0 + 3090, end: T0 + 4132 },
      ],
    })
    expect(m.groups.map(g => g.wallMs)).toEqual([3020, 1042])
    expect(m.groups[1].lanes[0].bars[0].start).toBe(10)
    expect(m.groups[1].speedup).toBeCloseTo(3020 / 1042, 6)
  })

  it('uses an explicit baseline wall time for a single run', () => {
    const m = buildTimeline(parallel.map(s => ({ ...s, group: undefined })), { baselineMs: 3000 })
    expect(m.groups[0].baseline).toBe(false)
    expect(m.groups[0].speedup).toBeCloseTo(3000 / 1043, 6)
  })
})

describe('running', () => {
  it('grows open spans and open groups to now, without a speedup yet', () => {
    const spans = [
      span('main', 0, 1000, { group: 'sequential' }),
      span('worker 1', 1200, Number.NaN, { group: 'parallel' }),
    ]
    const m = buildTimeline(spans, {
      now: T0 + 1500,
      groups: [{ group: 'sequential', start: T0, end: T0 + 1000 }, { group: 'parallel', start: T0 + 1100 }],
    })
    const par = m.groups[1]
    expect(m.running).toBe(true)
    expect(par.open).toBe(true)
    expect(par.lanes[0].bars[0]).toMatchObject({ start: 100, end: 400, open: true })
    expect(par.wallMs).toBe(400)
    expect(par.nowMs).toBe(400)
    expect(par.speedup).toBeUndefined()
    expect(groupHeading(par)).toBe('parallel — 400 ms so far')
    expect(timelineLabel(m)).toBe('Timeline: sequential 1 lanes 1000 ms; parallel 1 lanes 400 ms, running')
  })

  it('shows a group that has a marker but no spans yet', () => {
    const m = buildTimeline([], { now: T0 + 50, groups: [{ group: 'async', start: T0 }] })
    expect(m.groups[0]).toMatchObject({ name: 'async', wallMs: 50, open: true, lanes: [] })
  })

  it('keeps a finished run closed when no now is given', () => {
    const m = buildTimeline([span('main', 0, 10)])
    expect(m.running).toBe(false)
    expect(m.groups[0].nowMs).toBeUndefined()
  })
})

describe('axis ticks', () => {
  it('uses 1-2-5 steps', () => {
    expect(niceTicks(3010)).toEqual({ step: 500, ticks: [0, 500, 1000, 1500, 2000, 2500, 3000] })
    expect(niceTicks(1042).step).toBe(200)
    expect(niceTicks(1000).ticks).toEqual([0, 200, 400, 600, 800, 1000])
    expect(niceTicks(7).step).toBe(2)
    expect(niceTicks(0.3).ticks).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3])
    expect(niceTicks(0)).toEqual({ step: 1, ticks: [0] })
  })

  it('gives an empty timeline a minimal axis', () => {
    const m = buildTimeline([])
    expect(m.groups).toEqual([])
    expect(m.axis.maxMs).toBe(10)
  })
})

describe('timelineLabel', () => {
  it('states lanes, wall time and speedup', () => {
    const spans = [1, 2, 3].map(i => span(`worker ${i}`, 0, 1042))
    expect(timelineLabel(buildTimeline(spans, { baselineMs: 2990 }))).toBe('Timeline: 3 lanes, 1042 ms, speedup 2.87x')
    expect(timelineLabel(buildTimeline(spans))).toBe('Timeline: 3 lanes, 1042 ms')
    expect(timelineLabel(buildTimeline([]))).toBe('Timeline: 0 lanes, 0 ms')
  })

  it('names each compare group', () => {
    const spans = [
      ...[0, 1, 2].map(i => span(`worker ${i + 1}`, i * 1000, i * 1000 + 1000, { group: 'sequential' })),
      ...[1, 2, 3].map(i => span(`worker ${i}`, 4000, 5042, { group: 'parallel' })),
    ]
    expect(timelineLabel(buildTimeline(spans)))
      .toBe('Timeline: sequential 3 lanes 3000 ms; parallel 3 lanes 1042 ms, speedup 2.88x')
  })
})
