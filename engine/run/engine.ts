// The page side's engine: compile a snippet, run it in a fresh worker when the machine is
// fair to it, receive typed events. Plain TypeScript, no Vue. Its types: engine-api.ts.
import type { Rates } from '../protocol'
import type { Engine, EngineOptions, PythonOptions, RunOptions, SnippetOutcome, SnippetRun } from './engine-api'
import { compile, compiled as alreadyCompiled, prewarm as prewarmCompiler } from '../compile/compile'
import { computes } from '../shared/source'
import { Background } from './background'
import { WorkerPool, type RunEvent, type WorkerLike } from './pool'
import { untilQuiet } from './probe'
import { PythonRuntime } from './python'
import { fastest, MEASURING, measureRates } from './rates'

/** What a run waits for while the probes find the cores busy. */
export const BUSY = 'waiting for the cores to be free (the browser is still compiling the deck, or another program is busy)'
const cores = () => globalThis.navigator?.hardwareConcurrency || 1

/** What a Python run's start-up step is called (the speaker's prewarm starts the interpreter). */
export const STARTING_PYTHON_STEP = 'starting Python'

/** The snippet worker, bundled by Vite (`new URL` keeps it a separate chunk). */
export function createWorker(): Worker {
  return new Worker(new URL('../worker/entry.ts', import.meta.url), { type: 'module', name: 'snippet' })
}

/** The Python worker: one Pyodide interpreter (engine/worker/python/). */
export function createPythonWorker(): Worker {
  return new Worker(new URL('../worker/python/entry.ts', import.meta.url), { type: 'module', name: 'python' })
}

/** The deck's own Python: its worker, and Pyodide's files as the deck serves them (vite/pyodide.ts). */
export function deckPython(): Omit<PythonOptions, 'budgetMs' | 'maxLines'> {
  return {
    create: () => createPythonWorker() as unknown as ReturnType<PythonOptions['create']>,
    // Slidev's base is absolute: resolved against the origin, not the slide's own address.
    indexURL: new URL(import.meta.env.BASE_URL + __PYODIDE_DIR__, location.origin).href,
    lockInfo: __PYODIDE_LOCK_INFO__,
  }
}

export function createEngine(options: EngineOptions = {}): Engine {
  const { store, background = new Background(), python: pythonOptions = deckPython, ...poolOptions } = options
  // A Worker's handlers take MessageEvent; the pool only reads `data`, so the cast is safe.
  const create = poolOptions.create ?? (() => createWorker() as unknown as WorkerLike)
  const pool = new WorkerPool({ ...poolOptions, create })
  // The rates: the fastest of every measurement (the store's, this page's, each run's).
  // Something else running only ever slows a reading down.
  let known = store?.load()
  const offer = (r: Partial<Rates> | undefined) => {
    const faster = fastest(known, r)
    if (!faster || (known && faster.burn === known.burn && faster.primes === known.primes)) return
    known = faster
    store?.save(known)
  }
  let measured: Promise<void> | undefined
  const measure = () => measured ??= measureRates(create).then(offer, error => console.warn(error))
  const rates = async () => {
    if (!known) await background.track(MEASURING, measure())
    return known
  }
  // One interpreter for the deck, made on first use.
  let py: PythonRuntime | undefined
  const python = () => py ??= new PythonRuntime({ ...pythonOptions(), budgetMs: poolOptions.budgetMs, maxLines: poolOptions.maxLines })

  /**
   * The gate before a run. Code that computes waits for the deck's start-up work in flight,
   * during the start-up also for the cores to be free (the browser's own compiling of the
   * deck goes on after each step is done), and, when `rated`, for burn's rates. Returns the
   * hold to release when the run ends (undefined if Stop came first); with nothing to wait
   * for, at once (no await: the run is posted before the view's update).
   */
  function gate(source: string, signal: AbortSignal, onWaiting?: (what: string) => void, rated = true): (() => void) | Promise<(() => void) | undefined> {
    const check = !background.settled
    const waits = computes(source) && (background.busy || (rated && !known) || check)
    if (!waits) return background.hold()
    return (async () => {
      const release = await background.acquire(true, onWaiting, signal)
      if (check && release) await untilQuiet(create, cores(), { onBusy: () => onWaiting?.(BUSY), signal })
      if (rated && !known && release && !signal.aborted) {
        onWaiting?.(MEASURING)
        await rates()
      }
      return release
    })()
  }

  /**
   * A run's envelope: Stop before the run has started ends the wait ('stopped'); `compiled`
   * is false unless the body says otherwise; the gate's hold is released when it ends. The
   * body starts at once (no await before it), so an unchanged run is posted before this returns.
   */
  function envelope(body: (run: { signal: AbortSignal, hold(release?: () => void): void, compiled(ok: boolean): void, started(stop: () => void): void }) => Promise<SnippetOutcome>): SnippetRun {
    const stopping = new AbortController()
    let stopRun = () => stopping.abort()
    let release: (() => void) | undefined
    let setCompiled: (ok: boolean) => void = () => {}
    const compiled = new Promise<boolean>(r => { setCompiled = r })
    const done = body({ signal: stopping.signal, hold: (r) => { release = r }, compiled: ok => setCompiled(ok), started: (stop) => { stopRun = stop } })
      .finally(() => release?.())
    done.catch(() => setCompiled(false))
    return { done, compiled, stop: () => stopRun() }
  }
  const stopped = (run: { compiled(ok: boolean): void }): SnippetOutcome => {
    run.compiled(false)
    return { status: 'stopped' }
  }

  /** A Python run: the same start-up gate as TypeScript for code that computes (Python measures its own rate); no compile step (a SyntaxError comes back from the interpreter). */
  const runPython = (source: string, { onWaiting, onNotice, lang: _lang, ...opts }: RunOptions, onEvent: (e: RunEvent) => void): SnippetRun => envelope(async (run) => {
    const held = gate(source, run.signal, onWaiting, false)
    run.hold(typeof held === 'function' ? held : await held)
    if (run.signal.aborted) return stopped(run)
    const handle = python().run({ code: source, ...opts, onWaiting, onNotice }, onEvent)
    run.started(handle.stop)
    void handle.started.then(run.compiled)
    return handle.done
  })

  return {
    background,
    lastStopAt: () => pool.lastTerminatedAt,
    rates,
    checkRates: () => background.step(MEASURING, measure),
    async settle() {
      await background.step(BUSY, () => untilQuiet(create, cores()))
      background.settle()
    },
    async parseAhead(source, lang = 'typescript') {
      if (lang === 'python') return // the interpreter reads it at Run: a compile is ~3 ms
      // An edit may start esbuild: a run that computes waits for that, as for the prewarm.
      const result = alreadyCompiled(source) ?? await background.track('starting the compiler', compile(source))
      if (result.ok) pool.parseAhead(result.code)
    },
    runSnippet(source, options = {}, onEvent = () => {}) {
      if (options.lang === 'python') return runPython(source, options, onEvent)
      const { onWaiting, onNotice: _notice, lang: _lang, ...opts } = options
      // Unchanged code (compiled before), nothing to wait for: the run is posted before this
      // returns, with no await in between (an await would let the view's update go first).
      return envelope(async (run) => {
        const result = alreadyCompiled(source) ?? await compile(source)
        if (!result.ok) {
          run.compiled(false)
          return { status: 'compile-error', errors: result.errors }
        }
        const held = gate(source, run.signal, onWaiting)
        run.hold(typeof held === 'function' ? held : await held)
        if (run.signal.aborted) return stopped(run)
        run.compiled(true)
        const handle = pool.run({ code: result.code, map: result.map, ...opts, rates: known }, onEvent)
        run.started(handle.stop)
        const outcome = await handle.done
        if (outcome.status === 'done') offer(outcome.observedRates)
        return outcome
      })
    },
    async prewarm(sources = []) {
      await background.step('starting the workers', () => pool.fill())
      // Code compiled at build time is cached already; an edit kept from an earlier visit needs
      // esbuild, started here then. One at a time: a run pre-empts the rest.
      for (const source of sources.filter(s => !alreadyCompiled(s))) {
        await background.step('starting the compiler', () => compile(source))
      }
    },
    prewarmCompiler: () => background.step('starting the compiler', prewarmCompiler),
    startPython: () => background.step(STARTING_PYTHON_STEP, () => python().start()),
    dispose: () => {
      pool.dispose()
      py?.dispose()
    },
  }
}
