// Pure: a run record -> Chrome Trace Event JSON (the format Perfetto, chrome://tracing and
// VizTracer read). The lanes are the slide's: the timeline model decides them, so a
// compare mode is a process, each lane one of its threads, and a lane whose spans overlap
// (awaits on one event loop) gets nestable async slices instead of stacked ones.
// Times are microseconds from the run's start.
import { buildTimeline, type TimelineGroup } from '../timeline'
import type { RunRecord } from './record'

export interface TraceEvent {
  name: string
  /** X complete, b/e nestable async begin/end, i instant, M metadata */
  ph: 'X' | 'b' | 'e' | 'i' | 'M'
  ts: number
  pid: number
  tid: number
  dur?: number
  cat?: string
  id?: string
  s?: 't' | 'p'
  args?: Record<string, unknown>
}
export interface TraceFile {
  traceEvents: TraceEvent[]
  displayTimeUnit: 'ms'
  /** Not read by viewers; says what was run, where and when. */
  metadata: Record<string, unknown>
}

const WALL_TID = 0
const CONSOLE_TID = 10_000

/** What the slide says of a mode: its speedup, how fast its work went, and why it is not fair if it is not. */
function wallArgs(g: TimelineGroup): Record<string, unknown> {
  return {
    ...(g.speedup ? { speedup: Number(g.speedup.toFixed(3)) } : {}),
    ...(g.pace ? { freeCoreSpeed: Number(g.pace.speed.toFixed(3)), workMs: Math.round(g.pace.workMs) } : {}),
    ...(g.unfair ? { notFair: g.unfair } : {}),
  }
}

export function toTrace(r: RunRecord): TraceFile {
  const us = (ms: number) => Math.round((ms - r.startedAt) * 1000)
  const model = buildTimeline(r.spans, { groups: r.groups, cores: r.machine.cores })
  const events: TraceEvent[] = []
  const meta = (pid: number, tid: number, name: string, args: Record<string, unknown>) =>
    events.push({ name, ph: 'M', ts: 0, pid, tid, args })
  let asyncId = 0

  model.groups.forEach((g, gi) => {
    const pid = gi + 1
    meta(pid, 0, 'process_name', { name: g.name || r.cell })
    meta(pid, 0, 'process_sort_index', { sort_index: gi })
    meta(pid, WALL_TID, 'thread_name', { name: 'wall time' })
    meta(pid, WALL_TID, 'thread_sort_index', { sort_index: -1 })
    events.push({ name: `${g.name || r.cell}: ${Math.round(g.wallMs)} ms`, ph: 'X', ts: us(g.start), dur: Math.round(g.wallMs * 1000), pid, tid: WALL_TID, cat: 'wall', args: wallArgs(g) })
    g.lanes.forEach((lane, li) => {
      const tid = li + 1
      meta(pid, tid, 'thread_name', { name: lane.name })
      meta(pid, tid, 'thread_sort_index', { sort_index: li })
      for (const b of lane.bars) {
        const ts = us(g.start + b.start)
        const dur = Math.max(0, Math.round((b.end - b.start) * 1000))
        const args = { kind: b.kind, ms: Number((b.end - b.start).toFixed(3)) }
        if (lane.tracks === 1) events.push({ name: b.label, ph: 'X', ts, dur, pid, tid, cat: b.kind, args })
        else {
          const id = `0x${(++asyncId).toString(16)}`
          const cat = `${lane.name} (overlapping)`
          events.push({ name: b.label, ph: 'b', ts, pid, tid, cat, id, args })
          events.push({ name: b.label, ph: 'e', ts: ts + dur, pid, tid, cat, id })
        }
      }
    })
  })

  // Console output: instant events, in the mode that was running when it was printed.
  if (r.lines.length) {
    const pidAt = (t: number) => 1 + Math.max(0, model.groups.findLastIndex(g => g.start <= t))
    const pids = new Set<number>()
    for (const line of r.lines) {
      const t = line.t ?? r.startedAt
      const pid = model.groups.length ? pidAt(t) : 1
      pids.add(pid)
      events.push({ name: line.text.slice(0, 120), ph: 'i', s: 't', ts: us(t), pid, tid: CONSOLE_TID, cat: 'console', args: { level: line.level, text: line.text } })
    }
    for (const pid of pids) meta(pid, CONSOLE_TID, 'thread_name', { name: 'console' })
    if (!model.groups.length) meta(1, 0, 'process_name', { name: r.cell })
  }

  return {
    traceEvents: events,
    displayTimeUnit: 'ms',
    metadata: { cell: r.cell, codeHash: r.codeHash, outcome: r.outcome, wallMs: r.wallMs, machine: r.machine.line, date: r.date, source: 'Concurrency vs Parallelism deck' },
  }
}
