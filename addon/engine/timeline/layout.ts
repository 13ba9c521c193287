// Pure: where each mark of a timeline model goes, in px of slide canvas (or of the page,
// in the reading view). The view (components/Timeline.vue) only draws these numbers; the
// viewBox follows the measured width, so type stays at its size. Below NARROW px (a phone's
// width) the type is smaller and headings and the legend wrap onto more lines.
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
/** Narrower than this (px), the timeline uses its compact type: a phone held upright. */
export const NARROW = 560

/** The type and spacing a timeline is drawn with. */
export interface TimelineType {
  /** Headings and lane names. */
  font: number
  /** Bar labels, the axis and the legend. */
  barFont: number
  /** Height of a group's first heading line, and of each further one. */
  head: number
  headLine: number
  /** Baseline of a heading's first line. */
  headBase: number
  axis: number
  /** Baseline of the axis labels under the axis line. */
  axisBase: number
  legend: number
  /** The legend's swatch. */
  swatch: { w: number, h: number }
}
const REGULAR: TimelineType = { font: FONT, barFont: BAR_FONT, head: HEAD, headLine: 22, headBase: 19, axis: AXIS, axisBase: 24, legend: LEGEND, swatch: { w: 30, h: 18 } }
const COMPACT: TimelineType = { font: 15, barFont: 13, head: 24, headLine: 19, headBase: 17, axis: 26, axisBase: 21, legend: 24, swatch: { w: 22, h: 14 } }

/** The legend's name for each kind of bar. */
export const KIND_NAMES: Record<SpanKind, string> = { cpu: 'CPU', task: 'task', io: 'waiting on I/O', wait: 'blocked / waiting' }

export interface LaidBar extends TimelineBar { x: number, y: number, w: number, text: string }
export interface LaidLane { name: string, y: number, h: number, bar: number, font: number, bars: LaidBar[] }
/** A piece of a heading line: text from heading part `part`, after " — " when `sep`. */
export interface HeadingPiece { text: string, part: number, sep: boolean }
export interface LaidGroup {
  key: string
  top: number
  heading: string[]
  /** The heading as drawn: one line, or (compact) as many as the width needs. */
  lines: HeadingPiece[][]
  /** Where the lanes start, under the heading. */
  head: number
  unfair?: string
  bottom: number
  now?: number
  lanes: LaidLane[]
}
export interface TimelineLayout {
  type: TimelineType
  laneW: number
  plotW: number
  groups: LaidGroup[]
  axisY: number
  ticks: Array<{ t: number, x: number }>
  height: number
  legend: Array<{ kind: SpanKind, x: number, y: number }>
}

/** A bar's label cut to the bar's width ("from 1.25M" -> "from 1.…"), or '' if not even that fits. */
export function fitLabel(label: string, w: number, font = BAR_FONT): string {
  const max = Math.floor((w - 12) / (font * GLYPH))
  if (label.length <= max) return label
  return max >= 4 ? `${label.slice(0, max - 1)}…` : ''
}

/**
 * A heading's parts on lines of at most `max` characters: greedy, by words; a part after
 * the first follows " — " on the same line, or starts a line of its own.
 */
export function wrapHeading(parts: readonly string[], max: number): HeadingPiece[][] {
  const lines: HeadingPiece[][] = [[]]
  let used = 0
  parts.forEach((part, i) => part.split(' ').forEach((word, w) => {
    const line = lines[lines.length - 1]
    const last = line[line.length - 1]
    const sep = i > 0 && w === 0
    const add = (sep ? 3 : last ? 1 : 0) + word.length
    if (used > 0 && used + add > max) {
      lines.push([{ text: word, part: i, sep: false }])
      used = word.length
    }
    else {
      if (last && last.part === i && !sep) last.text += ` ${word}`
      else line.push({ text: word, part: i, sep })
      used += add
    }
  }))
  return lines
}

/** Every k-th tick, so that the axis labels (`font` px) do not run into each other. */
function spacedTicks(ticks: readonly number[], spacing: number, font: number): number[] {
  const label = Math.max(0, ...ticks.map(t => String(t).length)) * font * GLYPH + 10
  const k = Math.max(1, Math.ceil(label / Math.max(1e-9, spacing)))
  return ticks.filter((_, i) => i % k === 0)
}

/**
 * The layout of `m` in `width` px. With `maxHeight`, track pitch shrinks to fit (headings,
 * axis and legend keep their size; a lane never gets thinner than MIN_LANE, so its name
 * stays readable), and the legend goes first when room is short (kinds also differ by fill
 * and outline). Narrower than NARROW, the compact type: headings and the legend wrap, the
 * lane names' column takes at most 30% of the width (a longer name is cut with "…").
 */
export function layoutTimeline(m: TimelineModel, width: number, maxHeight?: number): TimelineLayout {
  const compact = width < NARROW
  const type = compact ? COMPACT : REGULAR
  const row = compact ? 30 : ROW
  const barH = compact ? 22 : BAR
  const names = m.groups.flatMap(g => g.lanes.map(l => l.name))
  const wanted = 20 + Math.max(0, ...names.map(n => n.length)) * type.font * GLYPH
  const laneW = compact ? Math.round(Math.min(width * 0.3, Math.max(56, wanted))) : Math.min(170, Math.max(72, wanted))
  // Compact: room on the right for half the last axis label (centred on its tick).
  const right = compact ? Math.ceil(String(m.axis.ticks.at(-1) ?? 0).length * type.barFont * GLYPH / 2) + 4 : RIGHT
  const plotW = Math.max(compact ? 60 : 100, width - laneW - right)
  const headings = m.groups.map(g => groupHeadingParts(g))
  const lines = headings.map(parts => compact
    ? wrapHeading(parts, Math.floor((width - 8) / (type.font * GLYPH)))
    : [parts.map((text, part) => ({ text, part, sep: part > 0 }))])
  const heads = lines.map(l => type.head + (l.length - 1) * type.headLine)
  const legend = legendItems(m.kinds, type, compact ? { x: 4, width } : { x: laneW, width: Infinity })
  const legendH = legend.length ? (legend[legend.length - 1].y / type.legend + 1) * type.legend : 0
  const laneH = (tracks: number, p: number) => tracks === 1 ? Math.max(MIN_LANE, Math.min(row, p)) : Math.max(MIN_LANE, tracks * p)
  const need = (p: number) => m.groups.reduce((n, g) => n + Math.max(laneH(1, p), g.lanes.reduce((t, l) => t + laneH(l.tracks, p), 0)), 0)
  const base = heads.reduce((n, h) => n + h + GAP, 0) - GAP + type.axis
  const legendOn = m.kinds.length > 0 && (!maxHeight || need(row) + base + legendH <= maxHeight)
  const fixed = base + (legendOn ? legendH : 0)
  let pitch = row
  while (maxHeight && pitch > 2 && need(pitch) + fixed > maxHeight) pitch--
  const x = (ms: number) => laneW + (ms / m.axis.maxMs) * plotW
  let y = 0
  const groups = m.groups.map((g, gi): LaidGroup => {
    const top = y
    const head = heads[gi]
    let rowY = head
    const lanes = g.lanes.map((lane): LaidLane => {
      const laneY = rowY
      const h = laneH(lane.tracks, pitch)
      const rowH = h / lane.tracks
      const bar = Math.max(2, Math.round(rowH * barH / row))
      const font = Math.min(type.barFont, bar - 3)
      rowY += h
      const bars = lane.bars.map((b) => {
        const bx = x(b.start)
        const w = Math.max(1.5, x(b.end) - bx)
        return { ...b, x: bx, y: b.track * rowH + (rowH - bar) / 2, w, text: font >= 12 ? fitLabel(b.label, w, font) : '' }
      })
      return { name: compact ? fitLabel(lane.name, laneW - 2, type.font) : lane.name, y: laneY, h, bar, font, bars }
    })
    const bottom = Math.max(rowY, head + MIN_LANE)
    y += bottom + GAP
    return { key: g.name, top, heading: headings[gi], lines: lines[gi], head, unfair: g.unfair, bottom, now: g.nowMs === undefined ? undefined : x(g.nowMs), lanes }
  })
  const axisY = Math.max(y - GAP, type.head + MIN_LANE)
  const ticks = spacedTicks(m.axis.ticks, plotW * m.axis.step / m.axis.maxMs, type.barFont)
  return {
    type, laneW, plotW, groups, axisY,
    ticks: ticks.map(t => ({ t, x: x(t) })),
    height: axisY + type.axis + (legendOn ? legendH : 0),
    legend: legendOn ? legend : [],
  }
}

/** The legend's items from `at.x`, on as many rows as `at.width` needs. */
function legendItems(kinds: readonly SpanKind[], type: TimelineType, at: { x: number, width: number }) {
  let lx = at.x
  let ly = 0
  return kinds.map((kind) => {
    const w = type.swatch.w + 8 + KIND_NAMES[kind].length * type.barFont * GLYPH
    if (lx > at.x && lx + w > at.width) {
      lx = at.x
      ly += type.legend
    }
    const item = { kind, x: lx, y: ly }
    lx += w + (type === REGULAR ? 28 : 18)
    return item
  })
}
