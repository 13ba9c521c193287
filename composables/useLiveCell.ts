// State around one live cell: the contract's status union, the output lines, the
// spans for the timeline, elapsed and wall time. The engine does the work.
import type { CompileError, RunEvent, SnippetOutcome, SnippetRun, Span } from '../engine'
import type { GroupMarker } from '../engine/timeline'
import { onScopeDispose, ref, shallowRef } from 'vue'
import { getEngine } from './engine'

export type CellState = 'idle' | 'compiling' | 'running' | 'done' | 'error' | 'stopped' | 'timeout'
export interface OutputLine { level: 'log' | 'info' | 'warn' | 'error' | 'system', text: string }

export interface LiveCellOptions {
  /** Time budget of a run in ms. @default 10000 */
  budgetMs?: number
  /** Output lines kept per run. @default 500 */
  maxLines?: number
}

export function useLiveCell(options: LiveCellOptions = {}) {
  const state = ref<CellState>('idle')
  const lines = shallowRef<OutputLine[]>([])
  const spans = shallowRef<Span[]>([])
  const groups = shallowRef<GroupMarker[]>([])
  const markers = shallowRef<CompileError[]>([])
  const elapsedMs = ref(0)
  const wallMs = ref<number>()
  let current: SnippetRun | undefined
  let ticker: ReturnType<typeof setInterval> | undefined
  // Output arrives in bursts; it is applied once per frame, not once per line.
  let pending: OutputLine[] = []
  let pendingSpans: Span[] = []
  let frame = 0

  function flush() {
    frame = 0
    if (pending.length) { lines.value = lines.value.concat(pending); pending = [] }
    if (pendingSpans.length) { spans.value = spans.value.concat(pendingSpans); pendingSpans = [] }
  }
  const schedule = () => { frame ||= requestAnimationFrame(flush) }

  function onEvent(e: RunEvent) {
    switch (e.type) {
      case 'log': pending.push({ level: e.level, text: e.text }); break
      case 'span': pendingSpans.push(e.span); break
      case 'dropped': pending.push({ level: 'system', text: `… ${e.count.toLocaleString('en')} more lines not shown (output capped)` }); break
      case 'group': groups.value = upsertGroup(groups.value, { group: e.group, start: e.start, end: e.end }); break
      case 'error': pending.push(errorLine(e)); break
      case 'done': break
    }
    schedule()
  }

  async function run(source: string) {
    stop()
    lines.value = []; spans.value = []; groups.value = []; markers.value = []
    wallMs.value = undefined
    state.value = 'compiling'
    const started = performance.now()
    elapsedMs.value = 0
    ticker = setInterval(() => { elapsedMs.value = performance.now() - started }, 100)
    const engine = await getEngine()
    const thisRun = current = engine.runSnippet(source, options, onEvent)
    void thisRun.compiled.then((ok) => { if (ok && current === thisRun && state.value === 'compiling') state.value = 'running' })
    finish(thisRun, await thisRun.done)
  }

  function finish(thisRun: SnippetRun, outcome: SnippetOutcome) {
    if (current !== thisRun) return
    current = undefined
    clearInterval(ticker)
    flush()
    switch (outcome.status) {
      case 'done':
        wallMs.value = outcome.wallMs
        state.value = 'done'
        break
      case 'compile-error':
        markers.value = outcome.errors
        lines.value = outcome.errors.map(e => ({ level: 'error', text: `Syntax error at line ${e.line}:${e.column}: ${e.message}` }))
        state.value = 'error'
        break
      case 'error':
        if (outcome.error.crashed) lines.value = [...lines.value, { level: 'error', text: outcome.error.message }]
        state.value = 'error'
        break
      case 'stopped':
        lines.value = [...lines.value, { level: 'system', text: 'Stopped.' }]
        state.value = 'stopped'
        break
      case 'timeout':
        lines.value = [...lines.value, { level: 'system', text: `Stopped after ${(outcome.budgetMs / 1000).toLocaleString('en')} s: the cell's time budget ran out (an endless loop?).` }]
        state.value = 'timeout'
        break
    }
  }

  function stop() {
    current?.stop()
  }

  function clear() {
    stop()
    lines.value = []; spans.value = []; groups.value = []; markers.value = []
    wallMs.value = undefined
    state.value = 'idle'
  }

  onScopeDispose(() => { stop(); clearInterval(ticker); cancelAnimationFrame(frame) })
  return { state, lines, spans, groups, markers, elapsedMs, wallMs, run, stop, clear }
}

function upsertGroup(list: GroupMarker[], g: GroupMarker): GroupMarker[] {
  const rest = list.filter(x => x.group !== g.group)
  return [...rest, g]
}

function errorLine(e: Extract<RunEvent, { type: 'error' }>): OutputLine {
  const where = e.line ? ` (line ${e.line}${e.column ? `:${e.column}` : ''})` : ''
  const what = e.rejection ? 'Unhandled rejection' : 'Uncaught'
  return { level: 'error', text: `${what} ${e.name}: ${e.message}${where}` }
}
