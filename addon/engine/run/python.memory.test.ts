import type { PythonInitMessage } from '../protocol'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { LOST_PYTHON, MEMORY_ERROR_NOTE, RESTARTING_PYTHON, stopNote } from './messages'
import { PythonRuntime } from './python'
import { ACK_MS, FakePython, GRACE_MS, LOCK, running, runtime, tick } from './python.testing'

beforeEach(() => { FakePython.all = [] })

describe('PythonRuntime in the runner frame, and when memory runs out', () => {
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
})
