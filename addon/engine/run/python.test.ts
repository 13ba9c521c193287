import type { PythonInitMessage } from '../protocol'
import type { SnippetOutcome } from './engine-api'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { OTHER_PYTHON_RUN, RESTARTING_PYTHON, restartedText, STARTING_PYTHON, stopNote } from './messages'
import { ACK_MS, FakePython, LOCK, running, runtime, tick } from './python.testing'

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

  it('words the fresh start in seconds', () => {
    expect(restartedText(2340, true)).toBe('Stopped: the Python interpreter was restarted (a fresh start took 2.3 s).')
    expect(restartedText(1960, false)).toBe('The Python interpreter was restarted (a fresh start took 2.0 s).')
  })
})
