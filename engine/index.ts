// The page-side API the Vue layer uses: compile a snippet, run it in a fresh worker,
// receive typed events. Plain TypeScript, no Vue.
import type { CompileError, Rates } from './protocol'
import { Background } from './background'
import { computes, fastest } from './burn'
import { compile, compiled as alreadyCompiled, prewarm as prewarmCompiler } from './compile'
import { WorkerPool, type PoolOptions, type RunEvent, type RunOutcome, type WorkerLike } from './pool'

export type { CompileError, GroupMessage, LogLevel, Pace, PlotSpec, Rates, Span } from './protocol'
export { Background } from './background'
export type { RunEvent, RunOutcome, RunError, WorkerLike } from './pool'
export { WorkerPool } from './pool'
export { compile, configureCompiler, createCompiler, seedCompiler, type CompileResult } from './compile'
export { compileErrorText, droppedText, runErrorText, timeoutText } from './messages'

export interface RunOptions {
  /** Time budget in ms; past it the worker is terminated (outcome 'timeout'). @default 10000 */
  budgetMs?: number
  /** Output lines kept; the rest are counted and reported once (a 'dropped' event). @default 1000 */
  maxLines?: number
  /**
   * Told what a run of code that computes waits for before it starts (the deck's own
   * start-up work, or the first measurement of a core's speed), once per thing.
   */
  onWaiting?: (what: string) => void
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

/** Where the fastest rates seen on this browser and machine are kept across page loads. */
export interface RateStore {
  load(): Rates | undefined
  save(rates: Rates): void
}

export interface EngineOptions extends Partial<PoolOptions> {
  /** Keeps the rates across page loads, so a first Run after a reload need not measure them. @default none */
  store?: RateStore
  /** Shared with the deck's own start-up steps, so a run and they never share the cores. @default a new one */
  background?: Background
}

export interface Engine {
  pool: WorkerPool
  /** The deck's background work (prewarm steps, downloads), kept off the cores while a run computes. */
  background: Background
  /**
   * How much work a free core does per ms: the fastest known (this page's measurements,
   * runs that beat them, and the store's), measured first if none is known yet.
   * Undefined if nothing could measure them (workers then measure their own).
   */
  rates(): Promise<Rates | undefined>
  /** Measures the rates once on this page, as a background step on a quiet machine (they only ever go up). */
  checkRates(): Promise<void>
  /**
   * Compiles `source` (cached) and has a spare worker parse it, so a Run of the same text
   * answers at once. Call it in idle time, when a cell appears or its code settles.
   */
  prepare(source: string): Promise<void>
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
  /** Terminates the spare workers. */
  dispose(): void
}

/** The snippet worker, bundled by Vite (`new URL` keeps it a separate chunk). */
export function createWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'snippet' })
}

/** Runs `calibrateRates` in a fresh worker of its own: the page's thread stays free, and no run's worker is touched. */
export function measureRates(create: () => WorkerLike): Promise<Rates> {
  return new Promise((resolve, reject) => {
    const worker = create()
    const end = () => { worker.onmessage = null; worker.onerror = null; worker.terminate() }
    worker.onmessage = ({ data }) => {
      if (data.type === 'ready') worker.postMessage({ type: 'calibrate' })
      else if (data.type === 'calibrated') { end(); resolve(data.rates) }
    }
    worker.onerror = (e) => { e.preventDefault?.(); end(); reject(new Error(`measuring a core's speed failed: ${e.message ?? 'worker error'}`)) }
  })
}

/** What a run waiting for the first measurement of the rates is told. */
export const MEASURING = 'measuring how fast one core computes (once per browser)'

export function createEngine(options: EngineOptions = {}): Engine {
  const { store, background = new Background(), ...poolOptions } = options
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
  return {
    pool,
    background,
    rates,
    checkRates: () => background.step(MEASURING, measure, { alone: true }),
    async prepare(source) {
      // An edit may start esbuild: a run that computes waits for that, as for the prewarm.
      const result = alreadyCompiled(source) ?? await background.track('starting the compiler', compile(source))
      if (result.ok) pool.prepare(result.code)
    },
    runSnippet(source, { onWaiting, ...opts } = {}, onEvent = () => {}) {
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
        // Timings that depend on the cores wait for a quiet machine and for the rates.
        const quiet = computes(source)
        release = quiet && (background.busy || !known)
          ? await background.acquire(true, onWaiting, stopping.signal)
          : background.hold()
        if (quiet && !known && release) {
          onWaiting?.(MEASURING)
          await rates()
        }
        if (stopping.signal.aborted) return { status: 'stopped' }
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
    dispose: () => pool.dispose(),
  }
}
