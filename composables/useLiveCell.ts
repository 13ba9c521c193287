// State around one live cell: the contract's status union, the output lines, the
// spans for the timeline, elapsed and wall time. The engine does the work.
//
// Every change is a patch, applied here and broadcast to the deck's other windows
// (presenter view and projector): the window where Run was pressed runs the code,
// the others show the same run without running it again.
import type { CompileError, PlotSpec, RunEvent, SnippetOutcome, SnippetRun, Span } from '../engine'
import type { GroupMarker } from '../engine/timeline'
import { onScopeDispose, ref, shallowRef } from 'vue'
import { compileErrorText, droppedText, runErrorText, timeoutText } from '../engine/messages'
import { getEngine } from './engine'

export type CellState = 'idle' | 'compiling' | 'running' | 'done' | 'error' | 'stopped' | 'timeout'
export interface OutputLine { level: 'log' | 'info' | 'warn' | 'error' | 'system', text: string }

/** A change to a cell's view: lists append, the rest replace; `reset` starts afresh. */
export interface CellPatch {
  reset?: true
  state?: CellState
  /** Absolute start (timeOrigin + now), so every window counts the same elapsed time. */
  startedAt?: number
  lines?: OutputLine[]
  spans?: Span[]
  groups?: GroupMarker[]
  markers?: CompileError[]
  wallMs?: number
  /** The snippet's chart (`plot`), replacing any earlier one. */
  plot?: PlotSpec
}
type Wire = { cell: string, patch: CellPatch } | { cell: string, stop: true }

export interface LiveCellOptions {
  /** Time budget of a run in ms. @default 10000 */
  budgetMs?: number
  /** Output lines kept per run. @default 500 */
  maxLines?: number
}

const clock = () => performance.timeOrigin + performance.now()
/** How long Chromium may keep a terminated worker's thread busy. */
const STOP_SHADOW_MS = 2500

export function useLiveCell(cellId: string, options: LiveCellOptions = {}) {
  const state = ref<CellState>('idle')
  const lines = shallowRef<OutputLine[]>([])
  const spans = shallowRef<Span[]>([])
  const groups = shallowRef<GroupMarker[]>([])
  const markers = shallowRef<CompileError[]>([])
  const plot = shallowRef<PlotSpec>()
  const elapsedMs = ref(0)
  const wallMs = ref<number>()
  let current: SnippetRun | undefined
  let ticker: ReturnType<typeof setInterval> | undefined
  const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('cvp:cells')

  function apply(p: CellPatch) {
    if (p.reset) { lines.value = []; spans.value = []; groups.value = []; markers.value = []; wallMs.value = undefined; plot.value = undefined }
    if (p.plot) plot.value = p.plot
    if (p.lines?.length) lines.value = lines.value.concat(p.lines)
    if (p.spans?.length) spans.value = spans.value.concat(p.spans)
    if (p.groups) groups.value = p.groups
    if (p.markers) markers.value = p.markers
    if (p.wallMs !== undefined) wallMs.value = p.wallMs
    if (p.startedAt !== undefined) {
      const startedAt = p.startedAt
      clearInterval(ticker)
      elapsedMs.value = clock() - startedAt
      ticker = setInterval(() => { elapsedMs.value = clock() - startedAt }, 100)
    }
    if (p.state) {
      state.value = p.state
      if (p.state !== 'compiling' && p.state !== 'running') clearInterval(ticker)
    }
  }
  const emit = (patch: CellPatch) => {
    apply(patch)
    channel?.postMessage({ cell: cellId, patch } satisfies Wire)
  }
  if (channel) {
    channel.onmessage = ({ data }: MessageEvent<Wire>) => {
      if (data.cell !== cellId) return
      if ('stop' in data) stop()
      else apply(data.patch)
    }
  }

  // Output arrives in bursts; it is applied (and broadcast) at most once per frame. The
  // first event after a quiet frame goes straight through, so a Run answers at once.
  let pending: OutputLine[] = []
  let pendingSpans: Span[] = []
  let pendingGroups: GroupMarker[] | undefined
  let pendingPlot: PlotSpec | undefined
  let frame = 0
  let lastFlush = -Infinity
  function flush() {
    frame = 0
    lastFlush = performance.now()
    if (!pending.length && !pendingSpans.length && !pendingGroups && !pendingPlot) return
    emit({ lines: pending, spans: pendingSpans, groups: pendingGroups, plot: pendingPlot })
    pending = []; pendingSpans = []; pendingGroups = undefined; pendingPlot = undefined
  }
  const schedule = () => {
    if (frame) return
    if (performance.now() - lastFlush >= 16) flush()
    else frame = requestAnimationFrame(flush)
  }

  function onEvent(e: RunEvent) {
    switch (e.type) {
      case 'log': pending.push({ level: e.level, text: e.text }); break
      case 'span': pendingSpans.push(e.span); break
      case 'dropped': pending.push({ level: 'system', text: droppedText(e.count) }); break
      case 'group': pendingGroups = upsertGroup(pendingGroups ?? groups.value, { group: e.group, start: e.start, end: e.end, baseline: e.baseline }); break
      case 'plot': pendingPlot = e.plot; break
      case 'error': pending.push({ level: 'error', text: runErrorText(e) }); break
      case 'done': break
    }
    schedule()
  }

  async function run(source: string) {
    current?.stop()
    emit({ reset: true, state: 'compiling', startedAt: clock() })
    const engine = await getEngine()
    // Chromium lets a terminated worker's thread spin on for ~2 s: say so, since it
    // can slow this run's timings (nothing is wrong with the code).
    const sinceStop = Date.now() - (engine.pool.lastTerminatedAt ?? -Infinity)
    if (sinceStop < STOP_SHADOW_MS) emit({ lines: [{ level: 'system', text: `A run stopped ${(sinceStop / 1000).toFixed(1)} s ago may still hold a core for a moment: timings may read slow.` }] })
    const thisRun = current = engine.runSnippet(source, options, onEvent)
    void thisRun.compiled.then((ok) => { if (ok && current === thisRun && state.value === 'compiling') emit({ state: 'running' }) })
    finish(thisRun, await thisRun.done)
  }

  function finish(thisRun: SnippetRun, outcome: SnippetOutcome) {
    if (current !== thisRun) return
    current = undefined
    cancelAnimationFrame(frame)
    flush()
    emit(outcomePatch(outcome))
  }

  /** Stops the run, wherever it runs (this window or another showing the same cell). */
  function stop() {
    if (current) current.stop()
    else if (state.value === 'compiling' || state.value === 'running') channel?.postMessage({ cell: cellId, stop: true } satisfies Wire)
  }

  function clear() {
    current?.stop()
    emit({ reset: true, state: 'idle' })
  }

  onScopeDispose(() => { current?.stop(); clearInterval(ticker); cancelAnimationFrame(frame); channel?.close() })
  return { state, lines, spans, groups, markers, plot, elapsedMs, wallMs, run, stop, clear }
}

/** What a finished run adds to the view. */
export function outcomePatch(outcome: SnippetOutcome): CellPatch {
  switch (outcome.status) {
    case 'done':
      return { state: 'done', wallMs: outcome.wallMs }
    case 'compile-error':
      return {
        state: 'error',
        markers: outcome.errors,
        lines: outcome.errors.map(e => ({ level: 'error', text: compileErrorText(e) })),
      }
    case 'error':
      return { state: 'error', lines: outcome.error.crashed ? [{ level: 'error', text: outcome.error.message }] : [] }
    case 'stopped':
      return { state: 'stopped', lines: [{ level: 'system', text: 'Stopped.' }] }
    case 'timeout':
      return { state: 'timeout', lines: [{ level: 'system', text: timeoutText(outcome.budgetMs) }] }
  }
}

function upsertGroup(list: GroupMarker[], g: GroupMarker): GroupMarker[] {
  return [...list.filter(x => x.group !== g.group), g]
}
