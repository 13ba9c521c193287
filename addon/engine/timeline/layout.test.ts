import { describe, expect, it } from 'vitest'
import type { Span } from '../protocol'
import { buildTimeline } from './model'
import { AXIS, fitLabel, GAP, HEAD, LEGEND, layoutTimeline, MIN_LANE, NARROW, ROW, wrapHeading } from './layout'

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

  it('draws a wide timeline\'s heading on one line, its legend on one row after the lane names', () => {
    const l = layoutTimeline(model, 1000)
    expect(l.groups[1].lines).toEqual([[{ text: 'pool', part: 0, sep: false }, ...l.groups[1].heading.slice(1).map((text, i) => ({ text, part: i + 1, sep: true }))]])
    expect(l.legend).toEqual([{ kind: 'cpu', x: l.laneW, y: 0 }])
  })
})

describe('timeline layout on a phone (narrower than NARROW)', () => {
  const lanes = ['worker 1', 'worker 2', 'a lane with a long name']
  const model = buildTimeline([
    span('main', 0, 3000, { group: 'one by one' }),
    ...lanes.map(lane => span(lane, 3100, 4100, { group: 'a pool of three workers' })),
    span('main', 4200, 4700, { group: 'waits', kind: 'io' }), span('main', 4700, 4800, { group: 'waits', kind: 'wait' }),
  ], { cores: 2 })
  const width = 350
  const l = layoutTimeline(model, width)

  it('uses smaller type that stays readable', () => {
    expect(width).toBeLessThan(NARROW)
    expect(l.type.font).toBeGreaterThanOrEqual(14)
    expect(l.type.barFont).toBeGreaterThanOrEqual(12)
  })

  it('keeps every mark inside the width: headings wrap, lane names take at most 30% and are cut to fit', () => {
    const chars = Math.floor((width - 8) / (l.type.font * 0.56))
    for (const g of l.groups) {
      for (const line of g.lines) expect(line.map(p => (p.sep ? 3 : 0) + p.text.length).reduce((a, b) => a + b, 0) + line.length - 1).toBeLessThanOrEqual(chars + line.length)
      expect(g.lines.flat().map(p => p.text).join(' ')).toBe(g.heading.join(' ').replace(/\s+/g, ' '))
    }
    expect(l.groups.some(g => g.lines.length > 1)).toBe(true)
    expect(l.laneW).toBeLessThanOrEqual(width * 0.3)
    expect(l.groups[1].lanes.map(x => x.name).filter(n => n.endsWith('…'))).toHaveLength(1)
    expect(l.laneW + l.plotW).toBeLessThanOrEqual(width)
    for (const item of l.legend) expect(item.x + 22 + 8 + 13 * 0.56 * 17).toBeLessThanOrEqual(width + 1)
    const last = l.ticks.at(-1)!
    expect(last.x + String(last.t).length * l.type.barFont * 0.56 / 2, 'the last axis label').toBeLessThanOrEqual(width)
  })

  it('puts the lanes under a wrapped heading, and the legend on as many rows as it needs', () => {
    for (const g of l.groups) expect(g.head).toBe(l.type.head + (g.lines.length - 1) * l.type.headLine)
    for (const g of l.groups) expect(g.lanes[0].y).toBe(g.head)
    const rows = new Set(l.legend.map(i => i.y)).size
    expect(rows).toBeGreaterThan(1)
    expect(l.height).toBe(l.axisY + l.type.axis + rows * l.type.legend)
  })

  it('thins the axis so its labels do not run into each other', () => {
    const gaps = l.ticks.slice(1).map((t, i) => t.x - l.ticks[i].x)
    const widest = Math.max(...l.ticks.map(t => String(t.t).length)) * l.type.barFont * 0.56
    for (const gap of gaps) expect(gap).toBeGreaterThan(widest)
    expect(l.ticks[0].t).toBe(0)
  })
})

describe('wrapHeading', () => {
  it('fills lines greedily by words, " — " between parts, never at a line\'s start', () => {
    expect(wrapHeading(['pool', '1042 ms', '2.89x speedup (ideal 3x)'], 22)).toEqual([
      [{ text: 'pool', part: 0, sep: false }, { text: '1042 ms', part: 1, sep: true }, { text: '2.89x', part: 2, sep: true }],
      [{ text: 'speedup (ideal 3x)', part: 2, sep: false }],
    ])
    expect(wrapHeading(['a', 'b'], 80)).toEqual([[{ text: 'a', part: 0, sep: false }, { text: 'b', part: 1, sep: true }]])
  })
})
