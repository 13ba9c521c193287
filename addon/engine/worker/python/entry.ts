// The Python worker (a module worker: Pyodide 314 refuses classic ones). One Pyodide
// interpreter, started once ('py-init') and kept across runs, each run with fresh globals
// (talk.py `_run_cell`). It answers 'run' with the snippet worker's own messages (batches of
// log, span and group messages, 'dropped', then 'done' or 'error'), so the page's pool
// events, output, timeline, records and traces are the same for both languages.
//
// Stop: a 'stop' message reaches the worker only while Python awaits (a busy interpreter
// never yields to the worker's event loop); it cancels the cell's tasks and is acknowledged
// ('stopping'). A busy cell is stopped by the page through the interrupt buffer
// (KeyboardInterrupt), or by terminating this worker.
import type { PyodideAPI } from 'pyodide'
import type { ErrorMessage, GroupMessage, LogMessage, PageToPython, PythonInitMessage, PythonToPage, RunMessage, Span, SpanMessage } from '../../protocol'
import { now } from '../../shared/clock'
import { Output } from '../output'
import { pyodideSource } from './files'
import talkSource from './talk.py?raw'

type Out = LogMessage | SpanMessage | GroupMessage
const post = (m: PythonToPage) => postMessage(m)

let py: PyodideAPI | undefined
let runCell: ((code: string, id: number, filename: string) => PyFuture) | undefined
let stopCell: ((id: number) => boolean) | undefined
let interrupt: Uint8Array | undefined
let stopWord: Int32Array | undefined
let fatal = false

/** A Python Future handed to JS: awaitable, then destroyed. */
interface PyFuture extends PromiseLike<string> { destroy(): void }

// ---------------------------------------------------------------- the run's output
let runId: number | undefined
let output: Output<Out> | undefined

/** A byte stream (stdout, stderr) cut into lines; a partial line waits for its newline or the run's end. */
function lineStream(level: LogMessage['level']) {
  const decoder = new TextDecoder()
  let partial = ''
  const line = (text: string) => {
    if (runId === undefined || !output) return
    const id = runId
    output.log(() => ({ type: 'log', id, level, text: text.length > 10_000 ? `${text.slice(0, 10_000)} … (${text.length - 10_000} more characters)` : text, t: now() }))
  }
  return {
    write(buffer: Uint8Array): number {
      const parts = (partial + decoder.decode(buffer, { stream: true })).split('\n')
      partial = parts.pop()!
      for (const p of parts) line(p)
      if (partial.length > 10_000) { line(partial); partial = '' }
      return buffer.length
    },
    end() { if (partial) { line(partial); partial = '' } },
  }
}
const stdout = lineStream('log')
const stderr = lineStream('error')

// ---------------------------------------------------------------- what talk.py calls
const host = {
  now,
  /** A batch of talk.py's records (a Python list of tuples): one FFI call per batch. */
  records(list: { toJs(): unknown[][], destroy(): void }) {
    const rows = list.toJs()
    list.destroy()
    if (runId === undefined || !output) return
    const id = runId
    for (const r of rows) {
      if (r[0] === 'span') {
        const [, lane, label, start, end, kind, group] = r as [string, string, string, number, number, Span['kind'], string | null]
        output.event({ type: 'span', id, span: { lane, label, start, end, kind, ...(group != null ? { group } : {}) } })
      }
      else if (r[0] === 'group') {
        const [, group, start, end, baseline] = r as [string, string, number, number | null, string | null]
        output.event({ type: 'group', id, group, start, ...(end != null ? { end } : {}), ...(baseline != null ? { baseline } : {}) })
      }
    }
  },
  /** Can block() wait without spinning (Atomics.wait needs a SharedArrayBuffer)? */
  get canBlock() { return stopWord !== undefined },
  /** One slice of a blocking wait; true (and the word cleared) if Stop was pressed. */
  blockSlice(ms: number): boolean {
    Atomics.wait(stopWord!, 0, 0, ms)
    if (Atomics.load(stopWord!, 0) === 0) return false
    Atomics.store(stopWord!, 0, 0)
    return true
  },
}

async function init(m: PythonInitMessage): Promise<void> {
  const { loadPyodide, version, options } = await pyodideSource(m.indexURL, m.files)
  py = await loadPyodide({
    ...options,
    indexURL: m.indexURL,
    env: { HOME: '/home/pyodide' },
    // No packages: no lockfile to fetch, nothing micropip or loadPackage could download.
    lockFileContents: { info: m.lockInfo, packages: {} } as never,
    stdout: s => console.log('[python]', s),
    stderr: s => console.warn('[python]', s),
  })
  py.setStdout({ write: (b: Uint8Array) => stdout.write(b) })
  py.setStderr({ write: (b: Uint8Array) => stderr.write(b) })
  // In the runner frame the word is the frame's (engine/frame/host.ts hands it to the shim).
  const word = m.interrupt ?? (globalThis as { __liveCellsInterrupt?: SharedArrayBuffer }).__liveCellsInterrupt
  if (word) {
    interrupt = new Uint8Array(word)
    stopWord = new Int32Array(word)
    py.setInterruptBuffer(interrupt)
  }
  py.registerJsModule('_talk_host', host)
  py.FS.writeFile('/home/pyodide/talk.py', talkSource)
  const talk = py.pyimport('talk')
  talk._install()
  runCell = talk._run_cell
  stopCell = talk._stop
  post({ type: 'py-ready', python: py.runPython('import sys; sys.version.split()[0]'), pyodide: version })
}

interface CellResult { ok: boolean, start: number, end: number, error?: CellError }
interface CellError {
  name: string
  message: string
  line?: number
  column?: number
  syntax?: boolean
  interrupted?: boolean
  stopped?: boolean
  notes?: string[]
  traceback?: string[]
}

async function run(m: RunMessage): Promise<void> {
  const { id } = m
  runId = id
  output = new Output<Out>({ maxLines: m.maxLines, send: messages => post({ type: 'batch', id, messages }) })
  if (interrupt) interrupt[0] = 0 // a Stop meant for an earlier run must not reach this one
  let result: CellResult
  try {
    const future = runCell!(m.code, id, '<cell>')
    const json = await future
    future.destroy()
    result = JSON.parse(json) as CellResult
  }
  catch (e) {
    // Only a broken interpreter gets here (_run_cell catches everything).
    result = { ok: false, start: now(), end: now(), error: { name: 'PythonError', message: String((e as Error)?.message ?? e) } }
    fatal ||= dead()
  }
  end(id, result)
  if (fatal) post({ type: 'fatal', message: result.error?.message ?? 'Pyodide failed' })
}

/** Ends run `id`: its last output, then 'done' or its error (with the traceback before it). */
function end(id: number, result: CellResult): void {
  if (runId !== id || !output) return
  stdout.end()
  stderr.end()
  const e = result.error
  if (e && !e.stopped && !e.syntax) {
    // The traceback, the cell's own frames only; after a Stop (KeyboardInterrupt) it says where the cell was.
    const level = e.interrupted ? 'warn' : 'error'
    for (const text of e.traceback ?? []) output.log(() => ({ type: 'log', id, level, text, t: now() }))
  }
  output.flush()
  if (output.dropped) post({ type: 'dropped', id, count: output.dropped })
  if (!e) post({ type: 'done', id, start: result.start, end: result.end })
  else {
    const { traceback: _t, stopped: _s, ...rest } = e
    post({ type: 'error', id, ...rest } satisfies ErrorMessage)
  }
  runId = undefined
  output = undefined
}

/** After a fatal error (a WebAssembly stack overflow), every call into Pyodide throws. */
function dead(): boolean {
  try { void py!.globals; return false }
  catch { return true }
}

// A WebAssembly stack overflow (deep C recursion) kills Pyodide: it surfaces as an uncaught
// error in a loop callback and the cell's Future never settles. End the run and say so; the
// page starts a fresh interpreter.
function onUncaught(ev: ErrorEvent | PromiseRejectionEvent): void {
  if (!py || fatal || !dead()) return
  fatal = true
  ev.preventDefault()
  const reason = 'reason' in ev ? ev.reason : ev.error ?? ev.message
  const message = `Python crashed (${String((reason as Error)?.message ?? reason).split('\n')[0]}); a fresh interpreter starts`
  if (runId !== undefined) end(runId, { ok: false, start: now(), end: now(), error: { name: 'FatalError', message } })
  post({ type: 'fatal', message })
}
addEventListener('error', onUncaught)
addEventListener('unhandledrejection', onUncaught)

let queue = Promise.resolve()
addEventListener('message', (e: MessageEvent<PageToPython>) => {
  const m = e.data
  if (m.type === 'py-init') {
    queue = queue.then(() => init(m)).catch((err: unknown) => post({ type: 'fatal', message: `Python did not start: ${(err as Error)?.message ?? err}` }))
  }
  else if (m.type === 'run') {
    queue = queue.then(() => fatal ? post({ type: 'fatal', message: 'the interpreter is dead' }) : run(m))
  }
  else if (m.type === 'stop') {
    // Not queued: it must reach a cell that awaits. Python is idle whenever this runs. The
    // interrupt flag is cleared first (the page writes it only when this ack is late), so it
    // cannot fire inside the cancellation.
    if (interrupt) interrupt[0] = 0
    if (runId === m.id && stopCell?.(m.id)) post({ type: 'stopping', id: m.id })
  }
})
