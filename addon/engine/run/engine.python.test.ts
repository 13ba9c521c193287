import type { PageToPython, PythonToPage, RunMessage, WorkerToPageOrBatch } from '../protocol'
import type { WorkerLike } from './pool'
import type { PythonWorkerLike } from './engine-api'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { Background } from './background'
import { createEngine, STARTING_PYTHON_STEP } from './engine'
import { STARTING_PYTHON } from './messages'

// createEngine's Python side: runSnippet(source, { lang: 'python' }) goes to the one
// interpreter (a fake here), never to esbuild or the TypeScript pool, and code that computes
// waits for the deck's start-up as TypeScript does.

class FakePython implements PythonWorkerLike {
  static all: FakePython[] = []
  sent: PageToPython[] = []
  onmessage: PythonWorkerLike['onmessage'] = null
  onerror: PythonWorkerLike['onerror'] = null
  constructor() { FakePython.all.push(this) }
  postMessage(m: PageToPython) { this.sent.push(m) }
  terminate() {}
  emit(data: PythonToPage) { this.onmessage?.({ data }) }
  runs() { return this.sent.filter((m): m is RunMessage => m.type === 'run') }
}
/** The TypeScript pool's workers: none may be asked to run Python. */
class FakeTsWorker implements WorkerLike {
  static sent: unknown[] = []
  onmessage: WorkerLike['onmessage'] = null
  onerror: WorkerLike['onerror'] = null
  constructor() { queueMicrotask(() => this.onmessage?.({ data: { type: 'ready' } as WorkerToPageOrBatch })) }
  postMessage(m: unknown) { FakeTsWorker.sent.push(m) }
  terminate() {}
}

const settle = async (times = 5) => { for (let i = 0; i < times; i++) await new Promise(r => setTimeout(r, 0)) }
function setup() {
  const background = new Background()
  background.settle()
  const engine = createEngine({
    background,
    create: () => new FakeTsWorker(),
    store: { load: () => ({ rates: { burn: 100, primes: 1000 }, cores: 2 }), save: () => {} },
    python: () => ({ create: () => new FakePython(), indexURL: 'http://deck/py/', lockInfo: {}, isolated: false, graceMs: 20 }),
  })
  return { engine, background }
}

beforeEach(() => {
  FakePython.all = []
  FakeTsWorker.sent = []
})

describe('createEngine: Python cells', () => {
  it('runs Python source in the interpreter as it is: no compile, no TypeScript worker', async () => {
    const { engine } = setup()
    const onWaiting = vi.fn()
    const run = engine.runSnippet('print("hi")\n', { lang: 'python', onWaiting })
    await settle()
    expect(onWaiting.mock.calls).toEqual([[STARTING_PYTHON]])
    const py = FakePython.all[0]
    py.emit({ type: 'py-ready', python: '3.14.2', pyodide: '314.0.8' })
    expect(await run.compiled).toBe(true)
    expect(py.runs()).toEqual([{ type: 'run', id: 1, code: 'print("hi")\n', maxLines: 1000 }])
    py.emit({ type: 'done', id: 1, start: 5, end: 9 })
    expect(await run.done).toEqual({ status: 'done', start: 5, end: 9, wallMs: 4 })
    expect(FakeTsWorker.sent.filter(m => (m as { type: string }).type === 'run')).toEqual([])
  })

  it('makes Python that computes (burn) wait for the deck\'s start-up work, as TypeScript does', async () => {
    const { engine, background } = setup()
    let finish!: () => void
    void background.track('building the editors', new Promise<void>((r) => { finish = r }))
    const onWaiting = vi.fn()
    const run = engine.runSnippet('from talk import burn\nburn(100)\n', { lang: 'python', onWaiting })
    await settle()
    expect(onWaiting.mock.calls).toEqual([['building the editors']])
    expect(FakePython.all).toEqual([]) // not even started while it waits
    finish()
    await settle()
    FakePython.all[0].emit({ type: 'py-ready', python: '3.14.2', pyodide: '314.0.8' })
    expect(await run.compiled).toBe(true)
    run.stop()
    expect((await run.done).status).toBe('stopped')
  })

  it('starts the interpreter as a background step the prewarm can take, once', async () => {
    const { engine, background } = setup()
    const started = engine.startPython()
    await settle()
    expect(background.busy).toBe(STARTING_PYTHON_STEP)
    FakePython.all[0].emit({ type: 'py-ready', python: '3.14.2', pyodide: '314.0.8' })
    await started
    expect(background.busy).toBeUndefined()
    await engine.startPython()
    expect(FakePython.all).toHaveLength(1)
    await engine.parseAhead('print(1)', 'python') // nothing to prepare
    expect(FakeTsWorker.sent).toEqual([])
  })
})
