import type { PageToPython, PythonInitMessage, PythonToPage, RunMessage } from '../protocol'
import type { SnippetOutcome } from './engine-api'
import type { RunEvent } from './pool'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { RESTARTING_PYTHON, STARTING_PYTHON } from './messages'
import type { PythonWorkerLike } from './engine-api'
import { LOST_PYTHON, MEMORY_ERROR_NOTE, OTHER_PYTHON_RUN, restartedText, stopNote } from './messages'
import { PythonRuntime } from './python'

/** A Worker-like fake for the Python worker: records what the page sends; the test plays the interpreter. */
class FakePython implements PythonWorkerLike {
  static all: FakePython[] = []
  sent: PageToPython[] = []
  terminated = false
  onmessage: PythonWorkerLike['onmessage'] = null
  onerror: PythonWorkerLike['onerror'] = null
  constructor() { FakePython.all.push(this) }
  postMessage(m: PageToPython) { this.sent.push(m) }
  terminate() { this.terminated = true }
  emit(data: PythonToPage) { if (!this.terminated) this.onmessage?.({ data }) }
  ready() { this.emit({ type: 'py-ready', python: '3.14.2', pyodide: '314.0.8' }) }
  runs() { return this.sent.filter((m): m is RunMessage => m.type === 'run') }
  init() { return this.sent.find(m => m.type === 'py-init') }
}

const LOCK = { abi_version: '2026_0', python: '3.14.2' }
const ACK_MS = 5
const GRACE_MS = 40
const tick = (ms = 0) => new Promise(r => setTimeout(r, ms))
function runtime(options: { isolated?: boolean, budgetMs?: number } = {}) {
  return new PythonRuntime({ create: () => new FakePython(), indexURL: 'http://deck/assets/pyodide-314.0.8/', lockInfo: LOCK, ackMs: ACK_MS, graceMs: GRACE_MS, isolated: options.isolated ?? true, budgetMs: options.budgetMs })
}
/** The interpreter up, and a run posted to it. */
async function running(py: PythonRuntime, code = 'print(1)', extra: { onNotice?: (t: string) => void, onWaiting?: (w: string) => void } = {}) {
  const events: RunEvent[] = []
  const run = py.run({ code, ...extra }, e => events.push(e))
  await tick()
  const worker = FakePython.all.at(-1)!
  if (!py.ready) worker.ready()
  expect(await run.started).toBe(true)
  const posted = worker.runs().at(-1)!
  const { interrupt } = worker.init() as PythonInitMessage
  return { run, events, worker, id: posted.id, word: new Int32Array(interrupt ?? new SharedArrayBuffer(4)) }
}

beforeEach(() => { FakePython.all = [] })

describe('PythonRuntime: one interpreter for the deck', () => {
  it('starts it once, with Pyodide\'s files and an empty lockfile, and keeps it across runs', async () => {
    const py = runtime()
    const onWaiting = vi.fn()
    const first = await running(py, 'print("hi")', { onWaiting })
    expect(onWaiting.mock.calls).toEqual([[STARTING_PYTHON]])
    const init = first.worker.init()!
    expect(init).toMatchObject({ type: 'py-init', indexURL: 'http://deck/assets/pyodide-314.0.8/', lockInfo: LOCK })
    expect((init as PythonInitMessage).interrupt).toBeInstanceOf(SharedArrayBuffer)
    expect(first.worker.runs()).toEqual([{ type: 'run', id: first.id, code: 'print("hi")', maxLines: 1000 }])
    first.worker.emit({ type: 'batch', id: first.id, messages: [{ type: 'log', id: first.id, level: 'log', text: 'hi', t: 1 }, { type: 'span', id: first.id, span: { lane: 'fetch', label: 'fetch', start: 1, end: 2, kind: 'cpu' } }] })
    first.worker.emit({ type: 'done', id: first.id, start: 10, end: 35 })
    expect(await first.run.done).toEqual({ status: 'done', start: 10, end: 35, wallMs: 25 })
    expect(first.events.map(e => e.type)).toEqual(['log', 'span'])
    expect(py.versions).toEqual({ python: '3.14.2', pyodide: '314.0.8' })
    expect(py.lastStartMs).toBeGreaterThanOrEqual(0)

    const again = vi.fn()
    const second = await running(py, 'print(2)', { onWaiting: again })
    expect(FakePython.all).toHaveLength(1) // the same interpreter
    expect(again).not.toHaveBeenCalled()
    second.worker.emit({ type: 'done', id: second.id, start: 1, end: 2 })
    expect((await second.run.done).status).toBe('done')
  })

  it('has no interrupt buffer on a page that is not cross-origin isolated', async () => {
    const py = runtime({ isolated: false })
    void py.start()
    expect((FakePython.all[0].init() as PythonInitMessage).interrupt).toBeUndefined()
  })

  it('has no interrupt buffer on an isolated page without SharedArrayBuffer (WebKit), and starts all the same', async () => {
    vi.stubGlobal('SharedArrayBuffer', undefined)
    try {
      const py = runtime({ isolated: true })
      void py.start()
      expect((FakePython.all[0].init() as PythonInitMessage).interrupt).toBeUndefined()
    }
    finally { vi.unstubAllGlobals() }
  })

  it('turns a SyntaxError into a compile error (line:column, for the editor), with no "Uncaught" line', async () => {
    const py = runtime()
    const { run, events, worker, id } = await running(py, 'x = [1, 2\nprint(x)\n')
    worker.emit({ type: 'error', id, name: 'SyntaxError', message: '\'[\' was never closed', line: 1, column: 5, syntax: true })
    expect(await run.done).toEqual({ status: 'compile-error', errors: [{ line: 1, column: 5, message: '\'[\' was never closed' }] })
    expect(events).toEqual([])
  })

  it('reports a runtime error as the cell\'s own error (line:column), its notes after it', async () => {
    const py = runtime()
    const { run, events, worker, id } = await running(py, 'import numpy')
    worker.emit({ type: 'batch', id, messages: [{ type: 'log', id, level: 'error', text: 'Traceback (most recent call last):', t: 1 }] })
    worker.emit({ type: 'error', id, name: 'ModuleNotFoundError', message: 'No module named \'numpy\'', line: 1, column: 1, notes: ['the standard library only'] })
    expect(await run.done).toEqual({ status: 'error', error: { name: 'ModuleNotFoundError', message: 'No module named \'numpy\'', line: 1, column: 1 } })
    expect(events.map(e => e.type === 'log' ? `${e.level}: ${e.text}` : e.type)).toEqual(['error: Traceback (most recent call last):', 'error', 'info: the standard library only'])
  })

  it('runs one cell at a time: a second run waits for the first, and says so', async () => {
    const py = runtime()
    const first = await running(py)
    const onWaiting = vi.fn()
    const second = py.run({ code: 'print(2)', onWaiting })
    await tick()
    expect(onWaiting.mock.calls).toEqual([[OTHER_PYTHON_RUN]])
    expect(first.worker.runs()).toHaveLength(1)
    first.worker.emit({ type: 'done', id: first.id, start: 0, end: 1 })
    expect(await second.started).toBe(true)
    expect(first.worker.runs().map(r => r.code)).toEqual(['print(1)', 'print(2)'])
  })

  it('Stop while the cell awaits: a \'stop\' message cancels its tasks; no interrupt is written', async () => {
    const py = runtime()
    const { run, worker, id, word } = await running(py, 'await asyncio.sleep(30)')
    run.stop()
    expect(worker.sent.at(-1)).toEqual({ type: 'stop', id })
    worker.emit({ type: 'stopping', id })
    await tick(ACK_MS * 3)
    expect(Atomics.load(word, 0)).toBe(0) // never set while Python is idle
    worker.emit({ type: 'error', id, name: 'CancelledError', message: '' })
    expect(await run.done).toEqual({ status: 'stopped', note: stopNote('cancel') })
    expect(worker.terminated).toBe(false)
  })

  it('Stop while the cell computes: no acknowledgement, so KeyboardInterrupt through the interrupt buffer', async () => {
    const py = runtime()
    const { run, worker, id, word } = await running(py, 'while True: pass')
    run.stop()
    await tick(ACK_MS * 3)
    expect(Atomics.load(word, 0)).toBe(2) // SIGINT
    worker.emit({ type: 'error', id, name: 'KeyboardInterrupt', message: '', line: 1, interrupted: true })
    expect(await run.done).toEqual({ status: 'stopped', note: 'Stopped: KeyboardInterrupt raised in the cell.' })
    expect(Atomics.load(word, 0)).toBe(0) // cleared: it must not reach the next run
    expect(worker.terminated).toBe(false)
  })

  it('Stop of a cell that ignores KeyboardInterrupt: the interpreter is terminated and a fresh one starts, timed', async () => {
    const py = runtime()
    const onNotice = vi.fn()
    const { run, worker } = await running(py, 'while True:\n  try: pass\n  except KeyboardInterrupt: pass', { onNotice })
    run.stop()
    expect(await run.done).toEqual({ status: 'stopped', note: stopNote('restart') })
    expect(worker.terminated).toBe(true)
    expect(FakePython.all).toHaveLength(2)
    expect(py.ready).toBe(false)
    const onWaiting = vi.fn()
    const next = py.run({ code: 'print(3)', onWaiting })
    await tick()
    expect(onWaiting.mock.calls).toEqual([[RESTARTING_PYTHON]])
    FakePython.all[1].ready()
    await tick()
    expect(onNotice).toHaveBeenCalledWith(expect.stringMatching(/^Stopped: the Python interpreter was restarted \(a fresh start took \d+\.\d s\)\.$/))
    expect(await next.started).toBe(true)
    expect(FakePython.all[1].runs().map(r => r.code)).toEqual(['print(3)'])
  })

  it('without isolation, Stop of a busy cell goes straight from the message to a fresh interpreter', async () => {
    const py = runtime({ isolated: false })
    const { run, worker } = await running(py, 'while True: pass')
    run.stop()
    expect(await run.done).toEqual({ status: 'stopped', note: stopNote('restart', false) })
    expect(worker.terminated).toBe(true)
  })

  it('ends a run past its budget, and restarts the interpreter', async () => {
    const py = runtime({ budgetMs: 30 })
    const onNotice = vi.fn()
    const { run, worker } = await running(py, 'while True: pass', { onNotice })
    expect(await run.done).toEqual({ status: 'timeout', budgetMs: 30 })
    expect(worker.terminated).toBe(true)
    FakePython.all[1].ready()
    await tick()
    expect(onNotice).toHaveBeenCalledWith(expect.stringMatching(/^The Python interpreter was restarted/))
  })

  it('a crashed interpreter (a WebAssembly stack overflow) ends the run as crashed and is replaced', async () => {
    const py = runtime()
    const { run, events, worker, id } = await running(py, 'repr(deep)')
    worker.emit({ type: 'error', id, name: 'FatalError', message: 'Python crashed (RangeError: Maximum call stack size exceeded); a fresh interpreter starts' })
    worker.emit({ type: 'fatal', message: 'RangeError' })
    expect(await run.done).toEqual({ status: 'error', error: { name: 'FatalError', message: expect.stringMatching(/^Python crashed/), crashed: true } })
    expect(events).toEqual([]) // the outcome says it, once
    expect(worker.terminated).toBe(true)
    expect(FakePython.all).toHaveLength(2)
  })

  it('a Stop while the interpreter starts drops the run: it is never posted', async () => {
    const py = runtime()
    const early = py.run({ code: 'print(1)' })
    await tick()
    early.stop()
    expect(await early.done).toEqual({ status: 'stopped' })
    expect(await early.started).toBe(false)
    FakePython.all[0].ready()
    await tick()
    expect(FakePython.all[0].runs()).toEqual([])
  })

  it('an interpreter that fails to start fails the run; the next run tries again', async () => {
    const py = runtime()
    const failed = py.run({ code: 'print(2)' })
    await tick()
    FakePython.all[0].emit({ type: 'fatal', message: 'Python did not start: 404' })
    const outcome: SnippetOutcome = await failed.done
    expect(outcome).toEqual({ status: 'error', error: { name: 'PythonUnavailable', message: 'Python could not start: Python did not start: 404', crashed: true } })
    expect(FakePython.all[0].terminated).toBe(true)
    const retry = py.run({ code: 'print(3)' })
    await tick()
    expect(FakePython.all).toHaveLength(2)
    FakePython.all[1].ready()
    expect(await retry.started).toBe(true)
    expect(FakePython.all[1].runs().map(r => r.code)).toEqual(['print(3)'])
  })

  it('in the runner frame: Pyodide\'s files go with the init, and Stop writes the interrupt word where the worker lives', async () => {
    const wasm = new ArrayBuffer(8)
    const interrupts: number[] = []
    const py = new PythonRuntime({
      create: () => Object.assign(new FakePython(), { interrupt: (v: number) => interrupts.push(v) }),
      indexURL: 'http://deck/py/', lockInfo: LOCK, ackMs: ACK_MS, graceMs: GRACE_MS, isolated: true,
      files: async () => ({ 'pyodide.asm.wasm': wasm }),
    })
    const { run, worker, id } = await running(py, 'while True: pass')
    const init = worker.init() as PythonInitMessage
    expect(init.files).toEqual({ 'pyodide.asm.wasm': wasm })
    expect(init.interrupt).toBeUndefined() // a SharedArrayBuffer cannot cross into the frame
    run.stop()
    await tick(ACK_MS + 5)
    expect(interrupts).toEqual([2])
    worker.emit({ type: 'error', id, name: 'KeyboardInterrupt', message: '', interrupted: true })
    expect(await run.done).toEqual({ status: 'stopped', note: stopNote('interrupt') })
    expect(interrupts).toEqual([2, 0]) // cleared for the next run
  })

  it('fails the run clearly when Pyodide\'s files cannot be had', async () => {
    const py = new PythonRuntime({ create: () => new FakePython(), indexURL: 'http://deck/py/', lockInfo: LOCK, files: async () => { throw new Error('python_stdlib.zip: HTTP 404') } })
    const outcome = await py.run({ code: 'print(1)' }).done
    expect(outcome).toEqual({ status: 'error', error: { name: 'PythonUnavailable', message: 'Python could not start: Pyodide\'s files did not load: python_stdlib.zip: HTTP 404', crashed: true } })
  })

  it('the runner frame ended: the run under way says what happened; the next run starts a fresh interpreter, and says so', async () => {
    const py = runtime()
    const { run, worker } = await running(py, 'hog = []\nwhile True: hog.append(bytearray(2**26))')
    worker.onerror!({ message: 'the runner frame ended', lost: true })
    expect(await run.done).toEqual({ status: 'error', error: { name: 'OutOfMemory', message: LOST_PYTHON, crashed: true } })
    expect(FakePython.all).toHaveLength(1) // no fresh one yet: Python comes back on its next use
    expect(py.ready).toBe(false)
    const onWaiting = vi.fn()
    const onNotice = vi.fn()
    const next = await running(py, 'print("alive")', { onWaiting, onNotice })
    expect(onWaiting.mock.calls).toEqual([[RESTARTING_PYTHON]])
    next.worker.emit({ type: 'done', id: next.id, start: 0, end: 1 })
    expect((await next.run.done).status).toBe('done')
    expect(onNotice).toHaveBeenCalledWith(expect.stringMatching(/^The Python interpreter was restarted \(a fresh start took \d+\.\d s\)\.$/))
  })

  it('a MemoryError shows its traceback and says the interpreter goes (its memory cannot shrink); the next run has a fresh one', async () => {
    const py = runtime()
    const { run, events, worker, id } = await running(py, 'hog = []\nwhile True: hog.append(bytearray(2**26))')
    worker.emit({ type: 'error', id, name: 'MemoryError', message: '', line: 2, column: 24 })
    expect(await run.done).toEqual({ status: 'error', error: { name: 'MemoryError', message: '', line: 2, column: 24 } })
    expect(events.map(e => e.type === 'log' ? e.text : e.type)).toEqual(['error', MEMORY_ERROR_NOTE])
    expect(worker.terminated).toBe(true)
    const next = await running(py, 'print("alive")')
    expect(next.worker).not.toBe(worker)
  })

  it('words the fresh start in seconds', () => {
    expect(restartedText(2340, true)).toBe('Stopped: the Python interpreter was restarted (a fresh start took 2.3 s).')
    expect(restartedText(1960, false)).toBe('The Python interpreter was restarted (a fresh start took 2.0 s).')
  })
})
