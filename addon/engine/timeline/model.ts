// Pure: spans (absolute ms) -> a timeline model the view only has to draw.
// No DOM, no Vue, no clock: "now" is passed in, so tests can pin it.
import type { GroupMarker, Pace, Span, SpanKind } from '../protocol'
import { paceReason, paceVerdict } from '../shared/pace'
import { assignTracks, compareLanes, niceTicks, unionMs } from './intervals'

export type { GroupMarker, SpanKind }

export interface TimelineOptions {
  /** Explicit group start/end markers; they win over the spans' own extent. @default [] */
  groups?: readonly GroupMarker[]
  /** Absolute ms (timeOrigin + now). When set, open spans and open groups grow to it. @default undefined */
  now?: number
  /** Logical cores, which cap the ideal speedup of computing work. @default undefined (ideal = lanes in use) */
  cores?: number
  /** Wall time to measure speedup against. @default each marker's `baseline` group, else the first group's, when there are 2+ */
  baselineMs?: number
  /** Most intervals on the time axis. @default 6 */
  ticks?: number
  /** Smallest axis length, so an empty or tiny run still gets an axis. @default 10 */
  minAxisMs?: number
}

/** A bar; start/end are relative to its group's start. */
export interface TimelineBar {
  label: string
  kind: SpanKind
  start: number
  end: number
  open: boolean
  /** Sub-row within the lane: overlapping bars (awaits on one loop) stack instead of hiding each other. */
  track: number
}
export interface TimelineLane {
  name: string
  bars: TimelineBar[]
  /** Sub-rows needed so no two bars overlap. */
  tracks: number
  /** Union of non-wait bars, ms. */
  busyMs: number
}

export interface TimelineGroup {
  /** The compare mode; '' for a run without modes. */
  name: string
  /** Absolute ms where this group's time axis starts. */
  start: number
  wallMs: number
  lanes: TimelineLane[]
  busyMs: number
  /** Lanes that did some non-wait work. */
  lanesInUse: number
  /** Still running: wall time so far; no speedup yet. */
  open: boolean
  /** The 'now' line, relative to `start` (only when open). */
  nowMs?: number
  /** This group is the one others are measured against. */
  baseline: boolean
  speedup?: number
  /** speedup / ideal speedup */
  efficiency?: number
  /** What the lanes mostly did: waiting (I/O bars outweigh CPU bars) or computing. */
  work: 'waiting' | 'computing'
  /** Waiting overlaps on any number of lanes: lanes in use. Computing: min(lanes in use, cores). */
  idealSpeedup: number
  /** The cores that capped `idealSpeedup`, if they did. */
  cappedByCores?: number
  /** How fast its calibrated work went against a free core (engine/pace.ts), where measured. */
  pace?: Pace
  /**
   * Why its wall time or speedup is not a fair measurement, if it is not: its own work was
   * slowed (or beat the page's rates), or the group it is measured against was, or its
   * speedup is more than its cores can give. No speedup is stated then.
   */
  unfair?: string
}

export interface TimelineAxis { maxMs: number, step: number, ticks: number[] }
export interface TimelineModel {
  groups: TimelineGroup[]
  axis: TimelineAxis
  /** Span kinds present, in legend order. */
  kinds: SpanKind[]
  running: boolean
}

const KIND_ORDER: SpanKind[] = ['cpu', 'task', 'io', 'wait']
/** A computing speedup this far above its ideal cannot be real: the baseline was slowed. */
const OVER_IDEAL = 1.05
/** A span still running has no usable end yet (NaN, Infinity or before its start). */
export function isOpenSpan(span: Span): boolean {
  return !Number.isFinite(span.end) || span.end < span.start
}

function mergeMarkers(markers: readonly GroupMarker[]): Map<string, GroupMarker> {
  const byName = new Map<string, GroupMarker>()
  for (const m of markers) {
    const prev = byName.get(m.group)
    byName.set(m.group, {
      group: m.group,
      start: prev ? Math.min(prev.start, m.start) : m.start,
      end: m.end ?? prev?.end,
      baseline: m.baseline ?? prev?.baseline,
      pace: m.pace ?? prev?.pace,
    })
  }
  return byName
}

export function buildTimeline(spans: readonly Span[], opts: TimelineOptions = {}): TimelineModel {
  const { now, cores } = opts
  const markers = mergeMarkers(opts.groups ?? [])
  const byGroup = new Map<string, Span[]>()
  for (const m of markers.keys()) byGroup.set(m, [])
  for (const s of spans) {
    const key = s.group ?? ''
    if (!byGroup.has(key)) byGroup.set(key, [])
    byGroup.get(key)!.push(s)
  }

  const firstStart = (name: string, list: Span[]) =>
    Math.min(markers.get(name)?.start ?? Infinity, ...list.map(s => s.start))
  const entries = [...byGroup].sort((a, b) => firstStart(a[0], a[1]) - firstStart(b[0], b[1]))
  const kinds = new Set<SpanKind>()

  const groups = entries.map(([name, list], index): TimelineGroup => {
    const marker = markers.get(name)
    const start = list.length || marker ? firstStart(name, list) : (now ?? 0)
    const hasOpenSpan = list.some(isOpenSpan)
    const open = now !== undefined && (hasOpenSpan
      || (marker ? marker.end === undefined : markers.size === 0 && index === entries.length - 1))
    const lanes = new Map<string, TimelineBar[]>()
    for (const s of list) {
      const kind = s.kind ?? 'task'
      kinds.add(kind)
      const isOpen = isOpenSpan(s)
      const end = isOpen ? Math.max(s.start, now ?? s.start) : s.end
      if (!lanes.has(s.lane)) lanes.set(s.lane, [])
      lanes.get(s.lane)!.push({ label: s.label, kind, start: s.start - start, end: end - start, open: isOpen, track: 0 })
    }
    const laneList = [...lanes].sort((a, b) => compareLanes(a[0], b[0])).map(([laneName, bars]) => ({
      name: laneName,
      bars: bars.sort((a, b) => a.start - b.start),
      tracks: assignTracks(bars),
      busyMs: unionMs(bars.filter(b => b.kind !== 'wait')),
    }))
    const lastEnd = Math.max(0, ...laneList.flatMap(l => l.bars.map(b => b.end)))
    const wallMs = open
      ? Math.max(lastEnd, now! - start)
      : marker?.end !== undefined ? marker.end - start : lastEnd
    const lanesInUse = Math.max(1, laneList.filter(l => l.busyMs > 0).length)
    const kindMs = (kind: SpanKind) => laneList.reduce((sum, l) => sum + unionMs(l.bars.filter(b => b.kind === kind)), 0)
    const work = kindMs('io') > kindMs('cpu') ? 'waiting' : 'computing'
    const idealSpeedup = work === 'computing' && cores ? Math.min(lanesInUse, cores) : lanesInUse
    return {
      name,
      start,
      wallMs,
      lanes: laneList,
      busyMs: laneList.reduce((sum, l) => sum + l.busyMs, 0),
      lanesInUse,
      open,
      nowMs: open ? now! - start : undefined,
      baseline: false,
      work,
      idealSpeedup,
      ...(idealSpeedup < lanesInUse ? { cappedByCores: idealSpeedup } : {}),
      ...(marker?.pace ? { pace: marker.pace } : {}),
      ...(!open && paceVerdict(marker?.pace) !== 'fair' ? { unfair: paceReason(marker!.pace!) } : {}),
    }
  })

  // Speedup only for finished groups (a running group's wall time is not final yet), and
  // only a fair one: never against a slowed baseline, never above what the cores give.
  const setSpeedup = (g: TimelineGroup, baselineMs: number, base?: TimelineGroup) => {
    if (g.open || g.unfair || !(g.wallMs > 0) || !(baselineMs > 0)) return
    if (base?.unfair) {
      g.unfair = `no speedup shown: "${base.name}" was not measured fairly`
      return
    }
    const speedup = baselineMs / g.wallMs
    if (g.work === 'computing' && g.lanesInUse > 1 && speedup > g.idealSpeedup * OVER_IDEAL) {
      g.unfair = `no speedup shown: ${speedup.toFixed(2)}x is more than ${g.idealSpeedup} cores give (the baseline was slowed)`
      return
    }
    g.speedup = speedup
    g.efficiency = g.speedup / g.idealSpeedup
  }
  const byName = new Map(groups.map(g => [g.name, g]))
  const named = groups.filter(g => markers.get(g.name)?.baseline !== undefined)
  if (opts.baselineMs !== undefined) groups.forEach(g => setSpeedup(g, opts.baselineMs!))
  else if (named.length) {
    // Each compare call measures its modes against its own first mode.
    for (const g of named) {
      const base = byName.get(markers.get(g.name)!.baseline!)
      if (!base || base.open) continue
      base.baseline = true
      setSpeedup(g, base.wallMs, base)
    }
  }
  else if (groups.length > 1 && !groups[0].open) {
    groups[0].baseline = true
    groups.slice(1).forEach(g => setSpeedup(g, groups[0].wallMs, groups[0]))
  }

  const dataMax = Math.max(0, ...groups.flatMap(g => [g.wallMs, ...g.lanes.flatMap(l => l.bars.map(b => b.end))]))
  const maxMs = Math.max(dataMax, opts.minAxisMs ?? 10)
  const { step, ticks } = niceTicks(maxMs, opts.ticks ?? 6)
  return {
    groups,
    axis: { maxMs, step, ticks },
    kinds: KIND_ORDER.filter(k => kinds.has(k)),
    running: groups.some(g => g.open),
  }
}
