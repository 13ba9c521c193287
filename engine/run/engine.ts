// The page side's engine: compile a snippet, run it in a fresh worker when the machine is
// fair to it, receive typed events. Plain TypeScript, no Vue.
import type { CompileError, Rates } from '../protocol'
import { compile, compiled as alreadyCompiled, prewarm as prewarmCompiler } from '../compile/compile'
import { computes } from '../shared/source'
import { Background } from './background'
import { WorkerPool, type PoolOptions, type RunEvent, type RunOutcome, type WorkerLike } from './pool'
import { untilQuiet } from './probe'
import { PythonRuntime, type PythonOptions } from './python'
import { fastest, MEASURING, measureRates, type RateStore } from './rates'

/** What a run waits for while the probes find the cores busy. */
export const BUSY = 'waiting for the cores to be free (the browser is still compiling the deck, or another program is busy)'
const cores = () => globalThis.navigator?.hardwareConcurrency || 1

/** A snippet's language: TypeScript (compiled by esbuild, a fresh worker per run) or Python (Pyodide). */
export type SnippetLang = 'typescript' | 'python'

/** What a Python run's start-up step is called (the speaker's prewarm starts the interpreter). */
export const STARTING_PYTHON_STEP = 'starting Python'

export interface RunOptions {
  /** @default 'typescript' */
  lang?: SnippetLang
  /** Time budget in ms; past it the worker is terminated (outcome 'timeout'). @default 10000 */
  budgetMs?: number
  /** Output lines kept; the rest are counted and reported once (a 'dropped' event). @default 1000 */
  maxLines?: number
  /**
   * Told what a run of code that computes waits for before it starts (the deck's own
   * start-up work, or the first measurement of a core's speed), once per thing.
   */
  onWaiting?: (what: string) => void
  /**
   * Told a line to add after the run has ended: a Python run whose interpreter had to be
   * terminated (Stop, the budget) hears how long the fresh one took to start.
   */
  onNotice?: (text: string) => void
}

export type SnippetOutcome = RunOutcome | { status: 'compile-error', errors: CompileError[] }

export interface SnippetRun {
  /** Settles once with the run's outcome (or its compile errors). */
  done: Promise<SnippetOutcome>
  /** Stops the run now: before it starts, or by terminating its worker. */
  stop(): void
  /** Resolves once the run starts (true) or cannot (false), so the view can leave 'compiling'. */
  compiled: Promise<boolean>
}

export interface EngineOptions extends Partial<PoolOptions> {
  /** Keeps the rates across page loads, so a first Run after a reload need not measure them. @default none */
  store?: RateStore
  /** Shared with the deck's own start-up steps, so a run and they never share the cores. @default a new one */
  background?: Background
  /** The Python runtime's options (its worker, where Pyodide is). @default the deck's (createPythonWorker, pyodideIndexURL) */
  python?: () => Omit<PythonOptions, 'budgetMs' | 'maxLines'>
}

export interface Engine {
  /** The deck's background work (prewarm steps, downloads), kept off the cores while a run computes. */
  background: Background
  /**
   * How much work a free core does per ms: the fastest known (this page's measurements,
   * runs that beat them, and the store's), measured first if none is known yet.
   * Undefined if nothing could measure them (workers then measure their own).
   */
  rates(): Promise<Rates | undefined>
  /** Measures the rates once on this page, as a background step (they only ever go up). */
  checkRates(): Promise<void>
  /**
   * The deck's start-up is over: once the cores read quiet (a background step), runs no
   * longer check them first. Until then a run of code that computes does.
   */
  settle(): Promise<void>
  /**
   * Compiles `source` (cached) and has a spare worker parse it ahead, so a Run of the same
   * text answers at once. Call it in idle time, when a cell appears or its code settles.
   */
  parseAhead(source: string, lang?: SnippetLang): Promise<void>
  /** When a busy worker was last terminated (Date.now()), if ever: Chromium may keep its core busy ~2 s after. */
  lastStopAt(): number | undefined
  /**
   * Compiles `source` (cached by text) and runs it in a fresh pre-warmed worker. Code that
   * computes first waits for the deck's background work in flight, and while it runs no
   * background step starts.
   */
  runSnippet(source: string, options?: RunOptions, onEvent?: (e: RunEvent) => void): SnippetRun
  /**
   * The pool filled; then each of `sources` not compiled yet (at build time) compiled, so
   * the first Run of each skips esbuild. Background steps.
   */
  prewarm(sources?: string[]): Promise<void>
  /** esbuild initialised + one throwaway transform (its first is ~300 ms slower), as a background step. */
  prewarmCompiler(): Promise<void>
  /**
   * Starts the Python interpreter (once; again after it had to be terminated), as a
   * background step. A Python run starts it itself if need be.
   */
  startPython(): Promise<void>
  /** Terminates the spare workers and the Python interpreter. */
  dispose(): void
}

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

  /** A Python run: the same start-up gate as TypeScript for code that computes; no compile step (a SyntaxError comes back from the interpreter). */
  function runPython(source: string, { onWaiting, onNotice, lang: _lang, ...opts }: RunOptions, onEvent: (e: RunEvent) => void): SnippetRun {
    const stopping = new AbortController()
    let stopRun = () => stopping.abort()
    let release: (() => void) | undefined
    let setCompiled: (ok: boolean) => void = () => {}
    const compiled = new Promise<boolean>(r => { setCompiled = r })
    const done = (async (): Promise<SnippetOutcome> => {
      const quiet = computes(source)
      const check = quiet && !background.settled
      release = quiet && (background.busy || check)
        ? await background.acquire(true, onWaiting, stopping.signal)
        : background.hold()
      if (check && release) await untilQuiet(create, cores(), { onBusy: () => onWaiting?.(BUSY), signal: stopping.signal })
      if (stopping.signal.aborted) {
        setCompiled(false)
        return { status: 'stopped' }
      }
      const handle = python().run({ code: source, ...opts, onWaiting, onNotice }, onEvent)
      stopRun = handle.stop
      void handle.started.then(setCompiled)
      return handle.done
    })().finally(() => release?.())
    done.catch(() => setCompiled(false))
    return { done, compiled, stop: () => stopRun() }
  }

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
      const stopping = new AbortController()
      let stopRun = () => stopping.abort()
      let release: (() => void) | undefined
      let setCompiled: (ok: boolean) => void = () => {}
      const compiled = new Promise<boolean>(r => { setCompiled = r })
      // Unchanged code (compiled before), nothing to wait for: the run is posted before this
      // returns, with no await in between (an await would let the view's update go first).
      const done = (async (): Promise<SnippetOutcome> => {
        const result = alreadyCompiled(source) ?? await compile(source)
        if (!result.ok) {
          setCompiled(false)
          return { status: 'compile-error', errors: result.errors }
        }
        // Timings that depend on the cores wait for the deck's start-up work in flight and for
        // the rates; during the start-up, also for the cores to be free (the browser's own
        // compiling of the deck goes on after each step is done).
        const quiet = computes(source)
        const check = quiet && !background.settled
        release = quiet && (background.busy || !known || check)
          ? await background.acquire(true, onWaiting, stopping.signal)
          : background.hold()
        if (check && release) await untilQuiet(create, cores(), { onBusy: () => onWaiting?.(BUSY), signal: stopping.signal })
        if (quiet && !known && release && !stopping.signal.aborted) {
          onWaiting?.(MEASURING)
          await rates()
        }
        if (stopping.signal.aborted) {
          setCompiled(false)
          return { status: 'stopped' }
        }
        setCompiled(true)
        const handle = pool.run({ code: result.code, map: result.map, ...opts, rates: known }, onEvent)
        stopRun = handle.stop
        const outcome = await handle.done
        if (outcome.status === 'done') offer(outcome.observedRates)
        return outcome
      })().finally(() => release?.())
      done.catch(() => setCompiled(false))
      return { done, compiled, stop: () => stopRun() }
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
