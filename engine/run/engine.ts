// The page side's engine: compile a snippet, run it in a fresh worker when the machine is
// fair to it, receive typed events. Plain TypeScript, no Vue.
import type { CompileError, Rates } from '../protocol'
import { compile, compiled as alreadyCompiled, prewarm as prewarmCompiler } from '../compile/compile'
import { computes } from '../shared/source'
import { Background } from './background'
import { WorkerPool, type PoolOptions, type RunEvent, type RunOutcome, type WorkerLike } from './pool'
import { untilQuiet } from './probe'
import { fastest, MEASURING, measureRates, type RateStore } from './rates'

/** What a run waits for while the probes find the cores busy. */
export const BUSY = 'waiting for the cores to be free (the browser is still compiling the deck, or another program is busy)'
const cores = () => globalThis.navigator?.hardwareConcurrency || 1

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

export interface EngineOptions extends Partial<PoolOptions> {
  /** Keeps the rates across page loads, so a first Run after a reload need not measure them. @default none */
  store?: RateStore
  /** Shared with the deck's own start-up steps, so a run and they never share the cores. @default a new one */
  background?: Background
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
  parseAhead(source: string): Promise<void>
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
  /** Terminates the spare workers. */
  dispose(): void
}

/** The snippet worker, bundled by Vite (`new URL` keeps it a separate chunk). */
export function createWorker(): Worker {
  return new Worker(new URL('../worker/entry.ts', import.meta.url), { type: 'module', name: 'snippet' })
}

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
    background,
    lastStopAt: () => pool.lastTerminatedAt,
    rates,
    checkRates: () => background.step(MEASURING, measure),
    async settle() {
      await background.step(BUSY, () => untilQuiet(create, cores()))
      background.settle()
    },
    async parseAhead(source) {
      // An edit may start esbuild: a run that computes waits for that, as for the prewarm.
      const result = alreadyCompiled(source) ?? await background.track('starting the compiler', compile(source))
      if (result.ok) pool.parseAhead(result.code)
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
    dispose: () => pool.dispose(),
  }
}
