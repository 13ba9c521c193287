// The words a person reads for each outcome and each line of output, shared by live cells
// and {monaco-run} blocks.
import type { CompileError, ErrorMessage } from '../protocol'
import type { RecordLine } from '../record/record'
import type { StopStage } from './engine-api'
import type { RunEvent } from './pool'

export const compileErrorText = (e: CompileError): string =>
  `Syntax error at line ${e.line}:${e.column}: ${e.message}`

export const droppedText = (count: number): string =>
  `… ${count.toLocaleString('en')} more lines not shown (output capped)`

export function runErrorText(e: Pick<ErrorMessage, 'name' | 'message' | 'line' | 'column' | 'rejection'>): string {
  const where = e.line ? ` (line ${e.line}${e.column ? `:${e.column}` : ''})` : ''
  return `${e.rejection ? 'Unhandled rejection' : 'Uncaught'} ${e.name}: ${e.message}${where}`
}

export const timeoutText = (budgetMs: number): string =>
  `Stopped after ${(budgetMs / 1000).toLocaleString('en')} s: the cell's time budget ran out (an endless loop?).`

/**
 * What a run says when the process its workers lived in ended (the runner frame: a run filled
 * its memory, engine/run/frame.ts). A fresh frame has started; Python starts afresh at its next run.
 */
export const LOST_RUN = 'The run used all the memory it could get and was ended; the cells\' workers were restarted.'
export const LOST_PYTHON = `${LOST_RUN.slice(0, -1)}, and Python starts afresh at its next run.`
/** A run under way in the runner frame when it was replaced after another run (engine/run/frame.ts). */
export const RENEWED_RUN = 'Ended: the cells\' workers were restarted, as a run before this one may have filled their memory. Run it again.'
/** A run whose worker froze starting a sub-worker (Firefox, now and then; engine/run/pool.ts). */
export const frozenRunText = (name: string): string =>
  `Ended: the browser froze this run's worker as it started "${name}" (Firefox does now and then); a fresh worker is ready. Run it again.`
/** After a Python MemoryError: the interpreter's memory cannot shrink, so it is ended (engine/run/python.ts). */
export const MEMORY_ERROR_NOTE = 'Python\'s memory cannot shrink once grown, so this interpreter was ended; a fresh one starts at the next run.'

/** What a Python run waits for on a page whose interpreter has not started (engine/run/python.ts). */
export const STARTING_PYTHON = 'starting Python (once per page)'
/** ...and after its interpreter had to be terminated (Stop, the time budget, a crash). */
export const RESTARTING_PYTHON = 'starting a fresh Python interpreter'

/**
 * A run that computes waits for the deck's own start-up work (engine/background.ts); the first
 * line says why. A Python run may wait for its interpreter to start: that needs no reason.
 */
export const waitingText = (what: string, first = true): string =>
  first && what !== STARTING_PYTHON && what !== RESTARTING_PYTHON ? `Getting ready, so the run has the cores to itself: ${what}…` : `Getting ready: ${what}…`

/** The output line a run event adds, if it adds one (log lines, the flood count, an uncaught error). */
export function eventLine(e: RunEvent): RecordLine | undefined {
  switch (e.type) {
    case 'log': return { level: e.level, text: e.text, t: e.t }
    case 'dropped': return { level: 'system', text: droppedText(e.count) }
    case 'error': return { level: 'error', text: runErrorText(e) }
    default: return undefined
  }
}

/** What a Python run waits for while another Python cell runs (one interpreter, one run at a time). */
export const OTHER_PYTHON_RUN = 'waiting for another Python cell to finish'

/** The notice a Stop leaves, by how far it went; `interruptible`: the page could raise KeyboardInterrupt (it has SharedArrayBuffer). */
export const stopNote = (stage: StopStage, interruptible = true): string => ({
  cancel: 'Stopped: the cell\'s tasks were cancelled (CancelledError at their await).',
  interrupt: 'Stopped: KeyboardInterrupt raised in the cell.',
  restart: interruptible
    ? 'Stopped: the cell did not stop, so its interpreter was terminated; a fresh one is starting…'
    : 'Stopped: without SharedArrayBuffer a busy cell cannot be interrupted, so its interpreter was terminated; a fresh one is starting…',
})[stage]

/** The line added once a fresh interpreter is up. */
export const restartedText = (ms: number, stopped: boolean): string =>
  `${stopped ? 'Stopped: the' : 'The'} Python interpreter was restarted (a fresh start took ${(ms / 1000).toFixed(1)} s).`
