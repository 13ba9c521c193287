// State around one live cell: the contract's status union, the output lines, the
// spans for the timeline, elapsed and wall time. The engine does the work.
//
// Every change is a patch, applied here and broadcast to the deck's other windows
// (presenter view and projector): the window where Run was pressed runs the code,
// the others show the same run without running it again.
import type { CompileError, PlotSpec, RunEvent, SnippetOutcome, SnippetRun, Span } from '../engine'
import type { RecordLine, RecordOutcome, RunRecord } from '../engine/record'
import type { GroupMarker } from '../engine/timeline'
import { onScopeDispose, ref, shallowRef } from 'vue'
import { compileErrorText, droppedText, runErrorText, timeoutText, waitingText } from '../engine/messages'
import { unfairRunText } from '../engine/pace'
import { createRecord, provenance, replayEnd, replaySteps } from '../engine/record'
import { getEngine, loadedEngine } from './engine'
import { recordMachine, saveRecord } from './records'

export type CellState = 'idle' | 'compiling' | 'running' | 'done' | 'error' | 'stopped' | 'timeout'
export type OutputLine = RecordLine

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
  /** What is shown is a replay: where and when it was recorded ('' = a live run). */
  replay?: string
}
type Wire = { cell: string, patch: CellPatch } | { cell: string, stop: true }

export interface LiveCellOptions {
  /** Time budget of a run in ms. @default 10000 */
  budgetMs?: number
  /** Output lines kept per run. @default 500 */
  maxLines?: number
}

const clock = () => performance.timeOrigin + performance.now()
/** A run that has waited this long for the deck's start-up says what it waits for. */
const WAIT_NOTICE_MS = 250
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
  /** Where and when the run shown was recorded, while it is a replay; '' for a live run. */
  const replaying = ref('')
  /** The record of the last run this window ran (not one it only mirrored). */
  const lastRecord = shallowRef<RunRecord>()
  let current: SnippetRun | undefined
  /** The Run waiting for the engine to load (it has no worker yet); a Stop, Clear, replay or Run drops it. */
  let waiting: object | undefined
  let replayTimers: Array<ReturnType<typeof setTimeout>> = []
  let ticker: ReturnType<typeof setInterval> | undefined
  const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel('cvp:cells')

  function apply(p: CellPatch) {
    if (p.reset) { lines.value = []; spans.value = []; groups.value = []; markers.value = []; wallMs.value = undefined; plot.value = undefined; replaying.value = '' }
    if (p.replay !== undefined) replaying.value = p.replay
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
      case 'log': pending.push({ level: e.level, text: e.text, t: e.t }); break
      case 'span': pendingSpans.push(e.span); break
      case 'dropped': pending.push({ level: 'system', text: droppedText(e.count) }); break
      case 'group': pendingGroups = upsertGroup(pendingGroups ?? groups.value, { group: e.group, start: e.start, end: e.end, baseline: e.baseline, ...(e.pace ? { pace: e.pace } : {}) }); break
      case 'plot': pendingPlot = e.plot; break
      case 'error': pending.push({ level: 'error', text: runErrorText(e) }); break
      case 'done': break
    }
    schedule()
  }

  async function run(source: string) {
    current?.stop()
    cancelReplay()
    const startedAt = clock()
    const up = loadedEngine()
    const sinceStop = Date.now() - (up?.pool.lastTerminatedAt ?? -Infinity)
    // Chromium lets a terminated worker's thread spin on for ~2 s: say so, since it
    // can slow this run's timings (nothing is wrong with the code).
    const shadow: OutputLine[] = sinceStop < STOP_SHADOW_MS
      ? [{ level: 'system', text: `A run stopped ${(sinceStop / 1000).toFixed(1)} s ago may still hold a core for a moment: timings may read slow.` }]
      : []
    const reset = () => emit({ reset: true, state: 'compiling', startedAt, lines: shadow })
    // With the engine up, the run is posted first and the view reset right after, in the same
    // task (the worker's first event cannot arrive before it); else the view says so at once.
    waiting = undefined // a Run still waiting for the engine gives way to this one
    let engine = up
    if (!engine) {
      reset()
      const me = waiting = {}
      engine = await getEngine()
      if (waiting !== me) return // a Stop, a Clear or another Run came while the engine loaded
      waiting = undefined
    }
    const onWaiting = waitingNotice(() => current === thisRun)
    const thisRun: SnippetRun = current = engine.runSnippet(source, { ...options, onWaiting }, onEvent)
    if (up) reset()
    void thisRun.compiled.then((ok) => { if (ok && current === thisRun && state.value === 'compiling') emit({ state: 'running' }) })
    const outcome = await thisRun.done
    if (current !== thisRun) return
    finish(outcome)
    lastRecord.value = await createRecord({
      cell: cellId, code: source, outcome: state.value as RecordOutcome, startedAt, wallMs: wallMs.value,
      lines: lines.value, spans: spans.value, groups: groups.value, plot: plot.value, machine: recordMachine(),
    })
    saveRecord(lastRecord.value)
  }

  /**
   * What a run of code that computes waits for (the deck's start-up), said once it has
   * waited a moment (a step of a few ms is not worth a line), each thing once.
   */
  function waitingNotice(isCurrent: () => boolean) {
    let said = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    return (what: string) => {
      clearTimeout(timer)
      timer = setTimeout(() => {
        if (!isCurrent() || state.value !== 'compiling') return
        emit({ lines: [{ level: 'system', text: waitingText(what, said++ === 0), t: clock() }] })
      }, said ? 0 : WAIT_NOTICE_MS)
    }
  }

  function finish(outcome: SnippetOutcome) {
    current = undefined
    cancelAnimationFrame(frame)
    flush()
    const patch = outcomePatch(outcome)
    // Numbers other work on this machine skewed are flagged, never shown as if they were real.
    const unfair = outcome.status === 'done' ? unfairRunText(groups.value, outcome.pace) : undefined
    if (unfair) patch.lines = [...patch.lines ?? [], { level: 'warn', text: unfair, t: clock() }]
    emit(patch)
  }

  /**
   * Shows a recorded run again at its real speed, labelled as a replay, through the same
   * patches as a live run (so the deck's other windows show it too). Stop ends it.
   */
  function replay(record: RunRecord) {
    waiting = undefined
    current?.stop()
    cancelReplay()
    const at = clock() + 50
    emit({ reset: true, state: 'running', startedAt: at, replay: provenance(record) })
    const later = (t: number, fn: () => void) => replayTimers.push(setTimeout(fn, Math.max(0, t - clock())))
    for (const step of replaySteps(record, at)) {
      later(step.at, () => emit('line' in step ? { lines: [step.line] } : 'span' in step ? { spans: [step.span] } : 'plot' in step ? { plot: step.plot } : { groups: upsertGroup(groups.value, step.group) }))
    }
    later(replayEnd(record, at), () => {
      replayTimers = []
      emit(record.outcome === 'done' ? { state: 'done', wallMs: record.wallMs } : { state: record.outcome })
    })
  }
  function cancelReplay(): boolean {
    if (!replayTimers.length) return false
    replayTimers.forEach(clearTimeout)
    replayTimers = []
    return true
  }

  /** Stops the run, wherever it runs (this window or another showing the same cell). */
  function stop() {
    if (current) current.stop()
    else if (waiting) { waiting = undefined; emit({ state: 'stopped' }) }
    else if (cancelReplay()) emit({ state: 'stopped', lines: [{ level: 'system', text: 'Replay stopped.' }] })
    else if (state.value === 'compiling' || state.value === 'running') channel?.postMessage({ cell: cellId, stop: true } satisfies Wire)
  }

  /**
   * Gets `source` ready before the click: compiled, and parsed by a spare worker, in idle
   * time once edits have settled for `delayMs`. A Run of the same text then only says go.
   */
  let prepareTimer: ReturnType<typeof setTimeout> | undefined
  function prepare(source: string, delayMs = 300) {
    clearTimeout(prepareTimer)
    prepareTimer = setTimeout(() => whenIdle(() => { void getEngine().then(e => e.prepare(source)).catch(() => {}) }), delayMs)
  }

  function clear() {
    waiting = undefined
    current?.stop()
    cancelReplay()
    emit({ reset: true, state: 'idle' })
  }

  onScopeDispose(() => { current?.stop(); cancelReplay(); clearInterval(ticker); clearTimeout(prepareTimer); cancelAnimationFrame(frame); channel?.close() })
  return { state, lines, spans, groups, markers, plot, elapsedMs, wallMs, replaying, lastRecord, run, replay, prepare, stop, clear }
}

const whenIdle = (fn: () => void) => {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void }).requestIdleCallback
  if (idle) idle(fn, { timeout: 1000 })
  else setTimeout(fn, 0)
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
      return { state: 'stopped', lines: [{ level: 'system', text: 'Stopped.', t: clock() }] }
    case 'timeout':
      return { state: 'timeout', lines: [{ level: 'system', text: timeoutText(outcome.budgetMs), t: clock() }] }
  }
}

function upsertGroup(list: GroupMarker[], g: GroupMarker): GroupMarker[] {
  return [...list.filter(x => x.group !== g.group), g]
}
