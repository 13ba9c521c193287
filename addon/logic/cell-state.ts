// Pure: what a live cell shows, and how each change to it applies. Every change is a
// patch: the cell that runs applies its own, and the deck's other windows (presenter view,
// projector) apply the same patches, so they show the same run without running it.
import type { SnippetOutcome } from '../engine'
import type { CompileError, GroupMarker, Pace, PlotSpec, Span } from '../engine/protocol'
import type { RecordLine } from '../engine/record'
import { compileErrorText, timeoutText } from '../engine/run/messages'
import { unfairRunText } from '../engine/shared/pace'

/** The contract's states (`data-state`). */
export type CellState = 'idle' | 'compiling' | 'running' | 'done' | 'error' | 'stopped' | 'timeout'
export type OutputLine = RecordLine

export interface CellView {
  state: CellState
  lines: OutputLine[]
  spans: Span[]
  groups: GroupMarker[]
  /** Compile errors marked in the editor. */
  markers: CompileError[]
  /** The snippet's chart (`plot`), if it drew one. */
  plot?: PlotSpec
  wallMs?: number
  /** Absolute start (timeOrigin + now) of the run shown, so every window counts the same elapsed time. */
  startedAt?: number
  /** Where and when the run shown was recorded, while it is a replay; '' for a live run. */
  replay: string
}

/** A change to a cell's view: lists append, the rest replace; `reset` starts afresh. */
export interface CellPatch {
  reset?: true
  state?: CellState
  startedAt?: number
  lines?: OutputLine[]
  spans?: Span[]
  /** All compare markers so far (replacing the list). */
  groups?: GroupMarker[]
  markers?: CompileError[]
  wallMs?: number
  plot?: PlotSpec
  replay?: string
}

export const emptyView: CellView = { state: 'idle', lines: [], spans: [], groups: [], markers: [], replay: '' }

/** The view after `patch`. */
export function applyPatch(view: CellView, patch: CellPatch): CellView {
  const v = patch.reset ? { ...emptyView } : { ...view }
  if (patch.replay !== undefined) v.replay = patch.replay
  if (patch.plot) v.plot = patch.plot
  if (patch.lines?.length) v.lines = v.lines.concat(patch.lines)
  if (patch.spans?.length) v.spans = v.spans.concat(patch.spans)
  if (patch.groups) v.groups = patch.groups
  if (patch.markers) v.markers = patch.markers
  if (patch.wallMs !== undefined) v.wallMs = patch.wallMs
  if (patch.startedAt !== undefined) v.startedAt = patch.startedAt
  if (patch.state) v.state = patch.state
  return v
}

export const isBusy = (state: CellState): boolean => state === 'compiling' || state === 'running'

/** A compare marker added to (or replacing its earlier self in) the list. */
export function upsertGroup(list: readonly GroupMarker[], g: GroupMarker): GroupMarker[] {
  return [...list.filter(x => x.group !== g.group), g]
}

/**
 * What a finished run adds to the view; `groups` are the run's compare markers, whose pace
 * (or the run's own) may say the numbers were not fair.
 */
export function outcomePatch(outcome: SnippetOutcome, groups: readonly GroupMarker[] = [], t?: number): CellPatch {
  switch (outcome.status) {
    case 'done': {
      const unfair = unfairRunText(groups, outcome.pace as Pace | undefined)
      return { state: 'done', wallMs: outcome.wallMs, ...(unfair ? { lines: [{ level: 'warn', text: unfair, t }] } : {}) }
    }
    case 'compile-error':
      return { state: 'error', markers: outcome.errors, lines: outcome.errors.map(e => ({ level: 'error', text: compileErrorText(e) })) }
    case 'error':
      return { state: 'error', lines: outcome.error.crashed ? [{ level: 'error', text: outcome.error.message }] : [] }
    case 'stopped':
      return { state: 'stopped', lines: [{ level: 'system', text: outcome.note ?? 'Stopped.', t }] }
    case 'timeout':
      return { state: 'timeout', lines: [{ level: 'system', text: timeoutText(outcome.budgetMs), t }] }
  }
}

/**
 * What a screen reader hears when a cell's state changes: once per change, politely (the
 * output log itself stays quiet: one announcement per run, not one per line). Compiling and
 * running read the same, so a run is announced once.
 */
export function stateAnnouncement(state: CellState, c: { title: string, time: string, lines: readonly OutputLine[], budgetMs: number }): string {
  const n = c.lines.length
  switch (state) {
    case 'compiling':
    case 'running': return `Running ${c.title}.`
    case 'done': return `Done: ${c.time}${n ? `, ${n} output ${n === 1 ? 'line' : 'lines'}` : ''}.`
    case 'error': return `Error: ${c.lines.find(l => l.level === 'error')?.text ?? 'see the output'}`
    case 'stopped': return 'Stopped.'
    case 'timeout': return `Timed out: the run passed its ${c.budgetMs / 1000} s budget.`
    default: return ''
  }
}
