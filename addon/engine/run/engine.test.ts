import type { CalibratedMessage, PageToWorker, ProbedMessage, Rates, RunMessage, WorkerToPageOrBatch } from '../protocol'
import type { WorkerLike } from './pool'
import type { MachineMeasure, MachineStore } from './rates'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { seedCompiler } from '../compile/compile'
import { Background } from './background'
import { BUSY, createEngine } from './engine'
import { MEASURING } from './rates'

// A compile error goes through the real esbuild-wasm, whose first start in Node can take seconds.
vi.setConfig({ testTimeout: 30_000 })

/**
 * A Worker-like fake that plays the snippet worker: 'ready' once started, 'calibrated' for
 * a 'calibrate', 'probed' for a 'probe'; a 'run' waits for the test to answer it.
 */
class FakeWorker implements WorkerLike {
  static all: FakeWorker[] = []
  /** Every message sent to any worker, in order. */
  static log: PageToWorker[] = []
  static rates: Rates = { burn: 200, primes: 3000 }
  /** The shares the probes read, in turn; then each probe's share of the machine's cores. */
  static shares: number[] = []
  /** The cores the fake machine has: probes running at once share them. */
  static cores = 2
  sent: PageToWorker[] = []
  terminated = false
  onmessage: WorkerLike['onmessage'] = null
  onerror: WorkerLike['onerror'] = null
  constructor() {
    FakeWorker.all.push(this)
    queueMicrotask(() => this.emit({ type: 'ready' }))
  }

  postMessage(m: PageToWorker) {
    this.sent.push(m)
    FakeWorker.log.push(m)
    if (m.type === 'calibrate') queueMicrotask(() => this.emit({ type: 'calibrated', rates: FakeWorker.rates }))
    if (m.type === 'probe') {
      // Answered once every probe of the reading has started (they are posted together).
      setTimeout(() => {
        const probes = FakeWorker.all.filter(w => !w.terminated && w.sent.some(s => s.type === 'probe')).length
        this.emit({ type: 'probed', burn: FakeWorker.rates.burn, share: FakeWorker.shares.shift() ?? Math.min(1, FakeWorker.cores / probes) })
      }, 0)
    }
  }

  terminate() { this.terminated = true }
  emit(data: WorkerToPageOrBatch | CalibratedMessage | ProbedMessage) { if (!this.terminated) this.onmessage?.({ data }) }
}

const runs = () => FakeWorker.log.filter((m): m is RunMessage => m.type === 'run')
/** The worker's answer to a run: done, 5 ms after it started, with what `extra` adds. */
function finish(run: RunMessage, extra: { observedRates?: Partial<Rates> } = {}) {
  const worker = FakeWorker.all.find(w => w.sent.includes(run))!
  worker.emit({ type: 'done', id: run.id, start: 100, end: 105, ...extra })
}
/** Lets pending promise callbacks and 0 ms timers run. */
const settle = async (times = 5) => { for (let i = 0; i < times; i++) await new Promise(r => setTimeout(r, 0)) }
function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>(r => { resolve = r })
  return { promise, resolve }
}
function memoryStore(measured: MachineMeasure): MachineStore & { save: ReturnType<typeof vi.fn> } {
  let kept = measured
  return { load: () => kept, save: vi.fn((m: MachineMeasure) => { kept = m }) }
}

const KNOWN: Rates = { burn: 100, primes: 1000 }
const WAITS = 'await sleep(10)\nconsole.log(\'woke\')\n'
const COMPUTES = 'burn(10)\n'
seedCompiler([
  { source: WAITS, code: 'await sleep(10);\nconsole.log("woke");\n', map: '' },
  { source: COMPUTES, code: 'burn(10);\n', map: '' },
])

function setup(options: { rates?: Rates, cores?: number, reported?: number, settled?: boolean } = {}) {
  const { rates, settled = true, cores = 2, reported = 2 } = 'rates' in options ? options : { ...options, rates: KNOWN }
  const background = new Background()
  if (settled) background.settle()
  const store = memoryStore({ rates, cores: 'cores' in options ? options.cores : cores })
  const onCores = vi.fn()
  const engine = createEngine({ create: () => new FakeWorker(), background, store, reportedCores: reported, onCores })
  return { engine, background, store, onCores }
}

beforeEach(() => {
  FakeWorker.all = []
  FakeWorker.log = []
  FakeWorker.shares = []
  FakeWorker.cores = 2
})

describe('createEngine: runs of snippets, fair to the ones that compute', () => {
  it('posts a run of code that does not compute at once, even while background work is in flight', async () => {
    const { engine, background } = setup()
    const work = deferred()
    void background.track('starting the language service', work.promise)
    const onWaiting = vi.fn()
    const run = engine.runSnippet(WAITS, { onWaiting })
    expect(await run.compiled).toBe(true)
    await settle()
    expect(runs()).toEqual([{ type: 'run', id: 1, code: 'await sleep(10);\nconsole.log("woke");\n', map: '', maxLines: 1000, rates: KNOWN, cores: 2 }])
    expect(background.busy).toBe('starting the language service') // still in flight
    expect(onWaiting).not.toHaveBeenCalled()
    finish(runs()[0])
    expect(await run.done).toEqual({ status: 'done', start: 100, end: 105, wallMs: 5 })
    expect(background.running).toBe(false)
    work.resolve()
  })

  it('makes a run of code that computes wait for the work in flight, says what for, and starts once it settles', async () => {
    const { engine, background } = setup()
    const work = deferred()
    void background.track('starting the editor', work.promise)
    const onWaiting = vi.fn()
    let started: boolean | undefined
    const run = engine.runSnippet(COMPUTES, { onWaiting })
    void run.compiled.then((ok) => { started = ok })
    await settle()
    expect(runs()).toEqual([])
    expect(started).toBeUndefined() // still 'compiling' in the view
    expect(onWaiting.mock.calls).toEqual([['starting the editor']])
    work.resolve()
    await vi.waitFor(() => expect(runs()).toHaveLength(1))
    expect(runs()[0]).toMatchObject({ type: 'run', code: 'burn(10);\n', rates: KNOWN })
    expect(started).toBe(true)
    expect(onWaiting).toHaveBeenCalledTimes(1)

    // While it runs, the machine is held: a background step waits for it to end.
    expect(background.running).toBe(true)
    const step = vi.fn(() => 'stepped')
    const stepDone = background.step('prewarming the editors', step)
    await settle()
    expect(step).not.toHaveBeenCalled()
    finish(runs()[0])
    expect(await run.done).toMatchObject({ status: 'done', wallMs: 5 })
    expect(await stepDone).toBe('stepped')
    expect(step).toHaveBeenCalledTimes(1)
    expect(background.running).toBe(false)
  })

  it('measures the rates before the first run of code that computes, when none are known, and passes them with the run', async () => {
    const { engine, store } = setup({ rates: undefined })
    const onWaiting = vi.fn()
    const run = engine.runSnippet(COMPUTES, { onWaiting })
    await vi.waitFor(() => expect(runs()).toHaveLength(1))
    const types = FakeWorker.log.map(m => m.type)
    expect(types.filter(t => t === 'calibrate')).toHaveLength(1)
    expect(types.indexOf('calibrate')).toBeLessThan(types.indexOf('run'))
    expect(onWaiting).toHaveBeenCalledWith(MEASURING)
    expect(runs()[0].rates).toEqual(FakeWorker.rates)
    expect(store.save).toHaveBeenLastCalledWith({ rates: FakeWorker.rates, cores: 2 })
    const measurer = FakeWorker.all.find(w => w.sent.some(m => m.type === 'calibrate'))!
    expect(measurer.sent.some(m => m.type === 'run')).toBe(false) // its own worker, not the run's
    expect(measurer.terminated).toBe(true)
    finish(runs()[0])
    await run.done
    // Known now: the next run measures nothing.
    const again = engine.runSnippet(COMPUTES)
    await vi.waitFor(() => expect(runs()).toHaveLength(2))
    expect(FakeWorker.log.filter(m => m.type === 'calibrate')).toHaveLength(1)
    finish(runs()[1])
    await again.done
  })

  it('does not measure the rates for code that does not compute', async () => {
    const { engine } = setup({ rates: undefined })
    const run = engine.runSnippet(WAITS)
    await vi.waitFor(() => expect(runs()).toHaveLength(1))
    expect(runs()[0].rates).toBeUndefined()
    expect(FakeWorker.log.some(m => m.type === 'calibrate')).toBe(false)
    finish(runs()[0])
    await run.done
  })

  it('keeps (and saves) rates a run saw that beat the known ones, and not slower ones', async () => {
    const { engine, store } = setup()
    const first = engine.runSnippet(COMPUTES)
    await vi.waitFor(() => expect(runs()).toHaveLength(1))
    finish(runs()[0], { observedRates: { burn: 150 } }) // faster burn; no primes seen
    expect(await first.done).toMatchObject({ status: 'done', observedRates: { burn: 150 } })
    expect(store.save.mock.calls).toEqual([[{ rates: { burn: 150, primes: 1000 }, cores: 2 }]])

    const second = engine.runSnippet(COMPUTES)
    await vi.waitFor(() => expect(runs()).toHaveLength(2))
    expect(runs()[1].rates).toEqual({ burn: 150, primes: 1000 })
    finish(runs()[1], { observedRates: { burn: 120, primes: 900 } }) // both slower
    await second.done
    expect(store.save).toHaveBeenCalledTimes(1)
    expect(await engine.rates()).toEqual({ burn: 150, primes: 1000 })

    const third = engine.runSnippet(COMPUTES)
    await vi.waitFor(() => expect(runs()).toHaveLength(3))
    expect(runs()[2].rates).toEqual({ burn: 150, primes: 1000 })
    finish(runs()[2])
    await third.done
  })

  it('ends a run stopped while it waits as stopped, posts nothing and holds nothing', async () => {
    const { engine, background } = setup()
    const work = deferred()
    void background.track('starting the compiler', work.promise)
    const onWaiting = vi.fn()
    const run = engine.runSnippet(COMPUTES, { onWaiting })
    await settle()
    expect(onWaiting).toHaveBeenCalledWith('starting the compiler')
    run.stop()
    expect(await run.done).toEqual({ status: 'stopped' })
    expect(background.running).toBe(false)
    work.resolve()
    await settle()
    expect(runs()).toEqual([])
    // The machine is free for the deck's own steps at once.
    const step = vi.fn()
    await background.step('next', step)
    expect(step).toHaveBeenCalled()
  })

  it('stops a run under way by terminating its worker', async () => {
    const { engine, background } = setup()
    const run = engine.runSnippet(COMPUTES)
    await vi.waitFor(() => expect(runs()).toHaveLength(1))
    run.stop()
    expect(await run.done).toEqual({ status: 'stopped' })
    expect(FakeWorker.all.find(w => w.sent.includes(runs()[0]))!.terminated).toBe(true)
    expect(background.running).toBe(false)
    expect(engine.lastStopAt()).toBeTypeOf('number')
  })

  it('during the deck\'s start-up, has a run that computes wait for the cores to read free, saying so while they are busy', async () => {
    const { engine } = setup({ settled: false })
    FakeWorker.shares = [0.4, 1] // busy (two probes, two cores), then quiet twice
    const onWaiting = vi.fn()
    const run = engine.runSnippet(COMPUTES, { onWaiting })
    await vi.waitFor(() => expect(runs()).toHaveLength(1), { timeout: 5000 })
    const types = FakeWorker.log.map(m => m.type)
    expect(types.filter(t => t === 'probe')).toHaveLength(6) // three readings of two probes
    expect(types.lastIndexOf('probe')).toBeLessThan(types.indexOf('run'))
    expect(onWaiting.mock.calls).toEqual([[BUSY]])
    const probes = FakeWorker.all.filter(w => w.sent.some(m => m.type === 'probe'))
    expect(probes.every(w => w.terminated)).toBe(true) // they live only while the run waits
    finish(runs()[0])
    await run.done
  })

  it('returns a compile error with its line:column, and runs nothing', async () => {
    const { engine, background } = setup()
    const run = engine.runSnippet('const a = 1\nconst b = ;\n')
    expect(await run.done).toEqual({ status: 'compile-error', errors: [{ line: 2, column: 11, message: 'Unexpected ";"' }] })
    expect(await run.compiled).toBe(false)
    expect(runs()).toEqual([])
    expect(background.running).toBe(false)
  })
})

describe('createEngine: the cores, counted rather than taken from the browser', () => {
  it('counts the cores before the first run that computes, when the browser over-counts them (WebKit: 4 on 2)', async () => {
    const { engine, store, onCores } = setup({ rates: undefined, cores: undefined, reported: 4 })
    expect(engine.cores()).toBe(4) // the browser's figure until counted
    const onWaiting = vi.fn()
    const run = engine.runSnippet(COMPUTES, { onWaiting })
    await vi.waitFor(() => expect(runs()).toHaveLength(1))
    expect(onWaiting).toHaveBeenCalledWith(MEASURING)
    expect(runs()[0].cores).toBe(2)
    expect(engine.cores()).toBe(2)
    expect(onCores).toHaveBeenCalledWith(2)
    expect(store.save).toHaveBeenLastCalledWith({ rates: FakeWorker.rates, cores: 2 })
    finish(runs()[0])
    await run.done
  })

  it('counts past a browser that under-counts them (a privacy setting: 2 on 6)', async () => {
    FakeWorker.cores = 6
    const { engine, onCores } = setup({ rates: undefined, cores: undefined, reported: 2 })
    const run = engine.runSnippet(COMPUTES)
    await vi.waitFor(() => expect(runs()).toHaveLength(1))
    expect(runs()[0].cores).toBe(6)
    expect(onCores.mock.calls).toEqual([[6]])
    finish(runs()[0])
    await run.done
  })

  it('keeps the most cores ever counted: a busy moment\'s lower count changes nothing', async () => {
    const { engine, store, onCores } = setup({ cores: 2, reported: 2, settled: false })
    FakeWorker.shares = [0.5, 0.5, 0.5, 0.5] // one core taken by something else, then free
    await engine.settle()
    expect(engine.cores()).toBe(2)
    expect(onCores).not.toHaveBeenCalled()
    expect(store.save).not.toHaveBeenCalled()
  })

  it('reads an over-counting browser\'s quiet machine as quiet, and learns the count from it', async () => {
    const { engine, onCores } = setup({ cores: undefined, reported: 4, settled: false })
    const onWaiting = vi.fn()
    const run = engine.runSnippet(COMPUTES, { onWaiting })
    await vi.waitFor(() => expect(runs()).toHaveLength(1), { timeout: 5000 })
    expect(onWaiting).not.toHaveBeenCalledWith(BUSY) // four probes evenly sharing two cores: quiet
    expect(onCores).toHaveBeenCalledWith(2)
    expect(runs()[0].cores).toBe(2)
    finish(runs()[0])
    await run.done
  })
})
