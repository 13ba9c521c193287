// Pure: where each mark of a timeline model goes, in px of slide canvas. The view
// (components/Timeline.vue) only draws these numbers; the viewBox follows the measured
// width, so type stays at its size.
import type { SpanKind, TimelineBar, TimelineModel } from './model'
import { groupHeadingParts } from './labels'

/** Sizes in px. */
export const FONT = 18
export const BAR_FONT = 16
export const ROW = 34
export const MIN_LANE = 18
export const BAR = 26
export const HEAD = 26
export const GAP = 10
export const AXIS = 30
export const LEGEND = 32
const RIGHT = 28
/** Average glyph width as a share of the font size (the deck's sans). */
const GLYPH = 0.56

/** The legend's name for each kind of bar. */
export const KIND_NAMES: Record<SpanKind, string> = { cpu: 'CPU', task: 'task', io: 'waiting on I/O', wait: 'blocked / waiting' }

export interface LaidBar extends TimelineBar { x: number, y: number, w: number, text: string }
export interface LaidLane { name: string, y: number, h: number, bar: number, font: number, bars: LaidBar[] }
export interface LaidGroup { key: string, top: number, heading: string[], unfair?: string, bottom: number, now?: number, lanes: LaidLane[] }
export interface TimelineLayout {
  laneW: number
  plotW: number
  groups: LaidGroup[]
  axisY: number
  ticks: Array<{ t: number, x: number }>
  height: number
  legend: Array<{ kind: SpanKind, x: number }>
}

/** A bar's label cut to the bar's width ("from 1.25M" -> "from 1.…"), or '' if not even that fits. */
export function fitLabel(label: string, w: number, font = BAR_FONT): string {
  const max = Math.floor((w - 12) / (font * GLYPH))
  if (label.length <= max) return label
  return max >= 4 ? `${label.slice(0, max - 1)}…` : ''
}

/**
 * The layout of `m` in `width` px. With `maxHeight`, track pitch shrinks to fit (headings,
 * axis and legend keep their size; a lane never gets thinner than MIN_LANE, so its name
 * stays readable), and the legend goes first when room is short (kinds also differ by fill
 * and outline).
 */
export function layoutTimeline(m: TimelineModel, width: number, maxHeight?: number): TimelineLayout {
  const names = m.groups.flatMap(g => g.lanes.map(l => l.name))
  const laneW = Math.min(170, Math.max(72, 20 + Math.max(0, ...names.map(n => n.length)) * FONT * GLYPH))
  const plotW = Math.max(100, width - laneW - RIGHT)
  const laneH = (tracks: number, p: number) => tracks === 1 ? Math.max(MIN_LANE, Math.min(ROW, p)) : Math.max(MIN_LANE, tracks * p)
  const need = (p: number) => m.groups.reduce((n, g) => n + Math.max(laneH(1, p), g.lanes.reduce((t, l) => t + laneH(l.tracks, p), 0)), 0)
  const base = m.groups.length * (HEAD + GAP) - GAP + AXIS
  const legendOn = m.kinds.length > 0 && (!maxHeight || need(ROW) + base + LEGEND <= maxHeight)
  const fixed = base + (legendOn ? LEGEND : 0)
  let pitch = ROW
  while (maxHeight && pitch > 2 && need(pitch) + fixed > maxHeight) pitch--
  const x = (ms: number) => laneW + (ms / m.axis.maxMs) * plotW
  let y = 0
  const groups = m.groups.map((g): LaidGroup => {
    const top = y
    let rowY = HEAD
    const lanes = g.lanes.map((lane): LaidLane => {
      const laneY = rowY
      const h = laneH(lane.tracks, pitch)
      const row = h / lane.tracks
      const bar = Math.max(2, Math.round(row * BAR / ROW))
      const font = Math.min(BAR_FONT, bar - 3)
      rowY += h
      const bars = lane.bars.map((b) => {
        const bx = x(b.start)
        const w = Math.max(1.5, x(b.end) - bx)
        return { ...b, x: bx, y: b.track * row + (row - bar) / 2, w, text: font >= 12 ? fitLabel(b.label, w, font) : '' }
      })
      return { name: lane.name, y: laneY, h, bar, font, bars }
    })
    const bottom = Math.max(rowY, HEAD + MIN_LANE)
    y += bottom + GAP
    return { key: g.name, top, heading: groupHeadingParts(g), unfair: g.unfair, bottom, now: g.nowMs === undefined ? undefined : x(g.nowMs), lanes }
  })
  const axisY = Math.max(y - GAP, HEAD + MIN_LANE)
  let lx = 0
  const legend = m.kinds.map((kind) => {
    const item = { kind, x: lx }
    lx += 38 + KIND_NAMES[kind].length * BAR_FONT * GLYPH + 28
    return item
  })
  return {
    laneW, plotW, groups, axisY,
    ticks: m.axis.ticks.map(t => ({ t, x: x(t) })),
    height: axisY + AXIS + (legendOn ? LEGEND : 0),
    legend: legendOn ? legend : [],
  }
}
