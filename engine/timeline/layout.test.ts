import { describe, expect, it } from 'vitest'
import type { Span } from '../protocol'
import { buildTimeline } from './model'
import { AXIS, fitLabel, GAP, HEAD, LEGEND, layoutTimeline, MIN_LANE, ROW } from './layout'

const T0 = 1_700_000_000_000
const span = (lane: string, start: number, end: number, extra: Partial<Span> = {}): Span => ({ lane, label: `${lane} ${start}`, start: T0 + start, end: T0 + end, kind: 'cpu', ...extra })

describe('timeline layout', () => {
  const model = buildTimeline([
    span('main', 0, 1000, { group: 'one by one' }),
    span('worker 1', 1100, 1600, { group: 'pool' }), span('worker 2', 1100, 1600, { group: 'pool' }),
  ], { cores: 2 })

  it('puts time on x, one scale for every group: a bar\'s width is its share of the axis', () => {
    const l = layoutTimeline(model, 1000)
    const [seq, pool] = l.groups
    const bar = seq.lanes[0].bars[0]
    expect(bar.x).toBeCloseTo(l.laneW, 6)
    expect(bar.w).toBeCloseTo(l.plotW * 1000 / model.axis.maxMs, 6)
    expect(pool.lanes[0].bars[0].w).toBeCloseTo(bar.w / 2, 6) // 500 ms against 1000 ms
    expect(l.ticks[0]).toEqual({ t: 0, x: l.laneW })
  })

  it('stacks groups, each with its heading, lanes at full pitch, the axis and the legend below', () => {
    const l = layoutTimeline(model, 1000)
    expect(l.groups.map(g => g.top)).toEqual([0, HEAD + ROW + GAP])
    expect(l.groups[1].lanes.map(x => x.y)).toEqual([HEAD, HEAD + ROW])
    expect(l.groups[1].heading[0]).toBe('pool')
    expect(l.axisY).toBe(l.groups[1].top + HEAD + 2 * ROW)
    expect(l.height).toBe(l.axisY + AXIS + LEGEND)
    expect(l.legend.map(i => i.kind)).toEqual(['cpu'])
  })

  it('fits a height: the legend goes first, then rows get thinner, never below a readable lane', () => {
    const full = layoutTimeline(model, 1000).height
    const noLegend = layoutTimeline(model, 1000, full - 1)
    expect(noLegend.legend).toEqual([])
    expect(noLegend.height).toBe(full - LEGEND)
    const tight = layoutTimeline(model, 1000, 100)
    expect(tight.groups.flatMap(g => g.lanes.map(x => x.h)).every(h => h === MIN_LANE)).toBe(true)
  })

  it('cuts a bar\'s label to its width, or drops it', () => {
    expect(fitLabel('from 1.25M', 200)).toBe('from 1.25M')
    expect(fitLabel('from 1.25M', 60)).toBe('from…')
    expect(fitLabel('from 1.25M', 20)).toBe('')
  })

  it('marks a group that was not measured fairly, for the view to colour its heading', () => {
    const unfair = buildTimeline([span('main', 0, 1000, { group: 'a' })], { groups: [{ group: 'a', start: T0, end: T0 + 1000, pace: { workMs: 900, speed: 0.5 } }] })
    expect(layoutTimeline(unfair, 800).groups[0].unfair).toMatch(/^slowed by other work/)
  })
})
