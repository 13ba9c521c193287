// One Python interpreter's worker (engine/run/python.ts runs the cells on it): its start,
// with Pyodide's files where the worker cannot fetch them itself (the runner frame's) and
// the interrupt word that lets Stop raise KeyboardInterrupt; and what its answer to a run means.
import type { DoneMessage, ErrorMessage, LogMessage, PythonInitMessage, PythonToPage } from '../protocol'
import type { PythonOptions, PythonWorkerLike, SnippetOutcome, StopStage } from './engine-api'
import type { RunEvent } from './pool'
import { MEMORY_ERROR_NOTE, stopNote } from './messages'

export interface Interpreter {
  worker: PythonWorkerLike
  /** Writes the interrupt word (2: KeyboardInterrupt, 0: clear); none without SharedArrayBuffer. */
  signal: ((value: number) => void) | undefined
  /** Once Pyodide is up: its versions and how long it took; rejects (the worker terminated) if it does not start. */
  ready: Promise<{ ms: number, python: string, pyodide: string }>
}

/** What the interpreter says once it is up, and its error events then (`lost`: its runner frame ended, or was replaced: `renewed`). */
export interface InterpreterEvents {
  message(data: PythonToPage): void
  error(e: { message?: string, lost?: boolean, renewed?: boolean }): void
}

export function launch(opts: PythonOptions, on: InterpreterEvents): Interpreter {
  const t0 = performance.now()
  const worker = opts.create()
  // KeyboardInterrupt needs a SharedArrayBuffer: isolated pages only, and not every
  // isolated page has one (WebKit without it switched on). Without it Stop restarts. In
  // the runner frame the word lives there (a SharedArrayBuffer cannot cross): worker.interrupt.
  const isolated = (opts.isolated ?? Boolean(globalThis.crossOriginIsolated)) && typeof SharedArrayBuffer === 'function'
  const interrupt = isolated && !worker.interrupt ? new SharedArrayBuffer(4) : undefined
  const signal = !isolated ? undefined : worker.interrupt ? (value: number) => worker.interrupt!(value) : wordSignal(new Int32Array(interrupt!))
  let up = false
  const ready = new Promise<{ ms: number, python: string, pyodide: string }>((resolve, reject) => {
    const fail = (error: Error) => {
      worker.terminate()
      reject(error)
    }
    worker.onmessage = ({ data }) => {
      if (!up && data.type === 'py-ready') {
        up = true
        resolve({ ms: performance.now() - t0, python: data.python, pyodide: data.pyodide })
      }
      else if (!up && data.type === 'fatal') fail(new Error(data.message))
      else on.message(data)
    }
    worker.onerror = (e) => {
      e.preventDefault?.()
      if (!up) return fail(new Error(e.message || 'the Python worker failed to load'))
      on.error(e)
    }
    const init: PythonInitMessage = { type: 'py-init', indexURL: opts.indexURL, lockInfo: opts.lockInfo, ...(interrupt ? { interrupt } : {}) }
    if (!opts.files) worker.postMessage(init)
    else {
      opts.files().then(
        files => worker.postMessage({ ...init, files }, Object.values(files)),
        (error: Error) => fail(new Error(`Pyodide's files did not load: ${error.message}`)),
      )
    }
  })
  return { worker, signal, ready }
}

/** The interrupt word in the page's own SharedArrayBuffer; a blocking sleep waits on it, so a write wakes it. */
const wordSignal = (word: Int32Array) => (value: number) => {
  Atomics.store(word, 0, value)
  if (value) Atomics.notify(word, 0)
}

/** Fetches each of `names` from `indexURL`, whole (for a worker that cannot fetch them itself). */
export async function fetchFiles(indexURL: string, names: readonly string[]): Promise<Record<string, ArrayBuffer>> {
  const entries = await Promise.all(names.map(async (name) => {
    const response = await fetch(indexURL + name)
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`)
    return [name, await response.arrayBuffer()] as const
  }))
  return Object.fromEntries(entries)
}

/**
 * What the interpreter's answer to a run means for it: the events to show, its outcome, and
 * whether the interpreter must go (a MemoryError: Pyodide's memory only grows, so it may
 * now hold gigabytes). After a Stop, any answer is the Stop's.
 */
export function answerOutcome(data: DoneMessage | ErrorMessage, stage: StopStage | undefined): { events: RunEvent[], outcome: SnippetOutcome, drop?: boolean } {
  if (stage) return { events: [], outcome: { status: 'stopped', note: stopNote(stage) } }
  if (data.type === 'done') return { events: [], outcome: { status: 'done', start: data.start, end: data.end, wallMs: data.end - data.start } }
  const { type: _t, id: _i, syntax, interrupted: _k, notes, ...error } = data
  if (syntax) return { events: [], outcome: { status: 'compile-error', errors: [{ line: error.line ?? 1, column: error.column ?? 1, message: error.message }] } }
  // A dead interpreter (FatalError) has no traceback to show: the cell says it crashed.
  const crashed = error.name === 'FatalError'
  const drop = error.name === 'MemoryError'
  const t = performance.timeOrigin + performance.now()
  const lines = [...notes ?? [], ...(drop ? [MEMORY_ERROR_NOTE] : [])].map((text): LogMessage => ({ type: 'log', id: data.id, level: 'info', text, t }))
  return { events: crashed ? [] : [data, ...lines], outcome: { status: 'error', error: { ...error, ...(crashed ? { crashed } : {}) } }, ...(drop ? { drop } : {}) }
}
