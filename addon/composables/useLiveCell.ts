// One live cell: runs its code through the engine and keeps its view (logic/cell-state.ts),
// in step with the deck's other windows (useCellSync), a run's output batched per frame
// (useRunOutput), replays (useReplay) and the record each finished run leaves (records.ts).
import type { SnippetLang, SnippetRun } from '../engine'
import type { RecordOutcome, RunRecord } from '../engine/record'
import type { CellPatch, CellView } from '../logic/cell-state'
import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue'
import { createRecord } from '../engine/record'
import { waitingText } from '../engine/run/messages'
import { now } from '../engine/shared/clock'
import { applyPatch, emptyView, isBusy, outcomePatch } from '../logic/cell-state'
import { whenIdle } from '../logic/idle'
import { carryAcrossReload, needsIsolation } from './carried-run'
import { getEngine, loadedEngine } from './engine'
import { recordMachine, saveRecord } from './records'
import { useCellSync } from './useCellSync'
import { useReplay } from './useReplay'
import { useRunOutput } from './useRunOutput'

export type { CellPatch, CellState, OutputLine } from '../logic/cell-state'

export interface LiveCellOptions {
  /** The cell's language. @default 'typescript' */
  lang?: SnippetLang
  /** Time budget of a run in ms. @default 10000 */
  budgetMs?: number
  /** Output lines kept per run. @default 500 */
  maxLines?: number
}

const ISOLATING = 'Getting ready: this page reloads once to become cross-origin isolated (the run starts right after).'
/** A run that has waited this long for the deck's start-up says what it waits for. */
const WAIT_NOTICE_MS = 250
/** How long Chromium may keep a terminated worker's thread busy. */
const STOP_SHADOW_MS = 2500

export function useLiveCell(cellId: string, options: LiveCellOptions = {}) {
  const view = shallowRef<CellView>(emptyView)
  const apply = (p: CellPatch) => { view.value = applyPatch(view.value, p) }
  const sync = useCellSync(cellId, { patch: apply, stop: () => stop() })
  const emit = (p: CellPatch) => {
    apply(p)
    sync.sendPatch(p)
  }
  const output = useRunOutput(emit, () => view.value.groups)
  const replayer = useReplay(emit, () => view.value.groups)
  const elapsedMs = useElapsed(view)
  /** The record of the last run this window ran (not one it only mirrored). */
  const lastRecord = shallowRef<RunRecord>()
  let current: SnippetRun | undefined
  /** The Run waiting for the engine to load (it has no worker yet); a Stop, Clear, replay or Run drops it. */
  let waiting: object | undefined

  async function run(source: string) {
    current?.stop()
    replayer.cancel()
    const startedAt = now()
    const up = loadedEngine()
    const reset = () => emit({ reset: true, state: 'compiling', startedAt, lines: stopShadow(up?.lastStopAt()) })
    // With the engine up, the run is posted first and the view reset right after, in the same
    // task (the worker's first event cannot arrive before it); else the view says so at once.
    waiting = undefined // a Run still waiting for the engine gives way to this one
    // Code that needs isolation, on a first visit that is about to reload for it: the run
    // is carried across the reload and starts when the cell is back. (Python's blocking
    // sleep spins without it; Stop then restarts the interpreter.)
    if (options.lang !== 'python' && needsIsolation(source) && !globalThis.crossOriginIsolated) {
      emit({ reset: true, state: 'compiling', startedAt, lines: [{ level: 'system', text: ISOLATING, t: now() }] })
      const me = waiting = {}
      if (await carryAcrossReload(cellId, source) || waiting !== me) return
      waiting = undefined
    }
    let engine = up
    if (!engine) {
      reset()
      const me = waiting = {}
      engine = await getEngine()
      if (waiting !== me) return // a Stop, a Clear or another Run came while the engine loaded
      waiting = undefined
    }
    const onWaiting = waitingNotice(() => current === thisRun)
    // A line that comes after the run (a fresh Python interpreter is up), while its view is shown.
    const onNotice = (text: string) => {
      if (current === undefined && view.value.startedAt === startedAt && !view.value.replay) emit({ lines: [{ level: 'system', text, t: now() }] })
    }
    const thisRun: SnippetRun = current = engine.runSnippet(source, { ...options, onWaiting, onNotice }, output.onEvent)
    if (up) reset()
    void thisRun.compiled.then((ok) => { if (ok && current === thisRun && view.value.state === 'compiling') emit({ state: 'running' }) })
    const outcome = await thisRun.done
    if (current !== thisRun) return
    current = undefined
    output.end()
    // Numbers other work on this machine skewed are flagged, never shown as if they were real.
    emit(outcomePatch(outcome, view.value.groups, now()))
    const v = view.value
    lastRecord.value = await createRecord({
      cell: cellId, code: source, outcome: v.state as RecordOutcome, startedAt, wallMs: v.wallMs,
      lines: v.lines, spans: v.spans, groups: v.groups, plot: v.plot, machine: recordMachine(),
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
        if (!isCurrent() || view.value.state !== 'compiling') return
        emit({ lines: [{ level: 'system', text: waitingText(what, said++ === 0), t: now() }] })
      }, said ? 0 : WAIT_NOTICE_MS)
    }
  }

  /** Shows a recorded run again at its real speed (Stop ends it). */
  function replay(record: RunRecord) {
    waiting = undefined
    current?.stop()
    replayer.play(record)
  }

  /** Stops the run, wherever it runs (this window or another showing the same cell). */
  function stop() {
    if (current) current.stop()
    else if (waiting) { waiting = undefined; emit({ state: 'stopped' }) }
    else if (replayer.cancel()) emit({ state: 'stopped', lines: [{ level: 'system', text: 'Replay stopped.' }] })
    else if (isBusy(view.value.state)) sync.sendStop()
  }

  /**
   * Gets `source` ready before the click: compiled, and parsed by a spare worker, in idle
   * time once edits have settled for `delayMs`. A Run of the same text then only says go.
   */
  let parseTimer: ReturnType<typeof setTimeout> | undefined
  function parseAheadWhenIdle(source: string, delayMs = 300) {
    clearTimeout(parseTimer)
    if (options.lang === 'python') return // nothing to prepare: the interpreter compiles at Run (~3 ms)
    parseTimer = setTimeout(() => whenIdle(() => { void getEngine().then(e => e.parseAhead(source)).catch(() => {}) }, 1000), delayMs)
  }

  function clear() {
    waiting = undefined
    current?.stop()
    replayer.cancel()
    emit({ reset: true, state: 'idle' })
  }

  onScopeDispose(() => { current?.stop(); replayer.cancel(); clearTimeout(parseTimer); output.dispose() })
  const field = <K extends keyof CellView>(k: K) => computed(() => view.value[k])
  return {
    state: field('state'), lines: field('lines'), spans: field('spans'), groups: field('groups'), markers: field('markers'),
    plot: field('plot'), wallMs: field('wallMs'), replaying: field('replay'), elapsedMs, lastRecord,
    run, replay, parseAheadWhenIdle, stop, clear,
  }
}

/** Chromium lets a terminated worker's thread spin on for ~2 s: a run right after a Stop says so. */
function stopShadow(stoppedAt: number | undefined): CellPatch['lines'] {
  const since = Date.now() - (stoppedAt ?? -Infinity)
  return since < STOP_SHADOW_MS
    ? [{ level: 'system', text: `A run stopped ${(since / 1000).toFixed(1)} s ago may still hold a core for a moment: timings may read slow.` }]
    : []
}

/** The time the run shown has taken so far, ticking while it runs (from its absolute start, as every window counts it). */
function useElapsed(view: { value: CellView }) {
  const elapsed = ref(0)
  let ticker: ReturnType<typeof setInterval> | undefined
  watch([() => view.value.startedAt, () => isBusy(view.value.state)], ([startedAt, busy]) => {
    clearInterval(ticker)
    if (startedAt === undefined) return
    elapsed.value = now() - startedAt
    if (busy) ticker = setInterval(() => { elapsed.value = now() - startedAt }, 100)
  }, { flush: 'sync' })
  onScopeDispose(() => clearInterval(ticker))
  return elapsed
}
