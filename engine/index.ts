// The page-side API the Vue layer uses: compile a snippet, run it in a fresh worker,
// receive typed events. Plain TypeScript, no Vue.
import type { CompileError } from './protocol'
import { burns } from './burn'
import { compile, compiled as alreadyCompiled, prewarm as prewarmCompiler } from './compile'
import { WorkerPool, type PoolOptions, type RunEvent, type RunOutcome, type WorkerLike } from './pool'

export type { CompileError, GroupMessage, LogLevel, PlotSpec, Span } from './protocol'
export type { RunEvent, RunOutcome, RunError, WorkerLike } from './pool'
export { WorkerPool } from './pool'
export { compile, configureCompiler, createCompiler, type CompileResult } from './compile'
export { compileErrorText, droppedText, runErrorText, timeoutText } from './messages'

export interface RunOptions {
  /** Time budget in ms; past it the worker is terminated (outcome 'timeout'). @default 10000 */
  budgetMs?: number
  /** Output lines kept; the rest are counted and reported once (a 'dropped' event). @default 1000 */
  maxLines?: number
}

export type SnippetOutcome = RunOutcome | { status: 'compile-error', errors: CompileError[] }

export interface SnippetRun {
  /** Settles once with the run's outcome (or its compile errors). */
  done: Promise<SnippetOutcome>
  /** Stops the run now: before it starts, or by terminating its worker. */
  stop(): void
  /** Resolves once compiling is over (true if it compiled), so the view can leave 'compiling'. */
  compiled: Promise<boolean>
}

export interface Engine {
  pool: WorkerPool
  /**
   * `burn`'s rate (chunks per ms) for this page: the fastest measured so far, after the
   * calibration (a throwaway worker, the first time it is asked: prewarm asks in idle
   * time). Undefined if nothing measured it (workers then measure their own).
   */
  burnRate(): Promise<number | undefined>
  /**
   * Compiles `source` (cached) and has a spare worker parse it, so a Run of the same text
   * answers at once. Call it in idle time, when a cell appears or its code settles.
   */
  prepare(source: string): Promise<void>
  /** Compiles `source` (cached by text) and runs it in a fresh pre-warmed worker. */
  runSnippet(source: string, options?: RunOptions, onEvent?: (e: RunEvent) => void): SnippetRun
  /**
   * esbuild initialised + one throwaway transform + the pool filled; then each of `sources`
   * compiled (cached by text), so the first Run of each skips esbuild. Call in idle time.
   */
  prewarm(sources?: string[]): Promise<void>
  /** Terminates the spare workers. */
  dispose(): void
}

/** The snippet worker, bundled by Vite (`new URL` keeps it a separate chunk). */
export function createWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'snippet' })
}

/** Runs `calibrate` in a fresh worker of its own: the page's thread stays free, and no run's worker is touched. */
export function measureBurnRate(create: () => WorkerLike): Promise<number> {
  return new Promise((resolve, reject) => {
    const worker = create()
    const end = () => { worker.onmessage = null; worker.onerror = null; worker.terminate() }
    worker.onmessage = ({ data }) => {
      if (data.type === 'ready') worker.postMessage({ type: 'calibrate' })
      else if (data.type === 'calibrated') { end(); resolve(data.rate) }
    }
    worker.onerror = (e) => { e.preventDefault?.(); end(); reject(new Error(`burn calibration failed: ${e.message ?? 'worker error'}`)) }
  })
}

export function createEngine(options: Partial<PoolOptions> = {}): Engine {
  // A Worker's handlers take MessageEvent; the pool only reads `data`, so the cast is safe.
  const create = options.create ?? (() => createWorker() as unknown as WorkerLike)
  // burn's rate: the fastest of every measurement (the calibration worker's, then each
  // run's burns). Something else running only ever slows a reading down.
  let known: number | undefined
  const offer = (rate: number | undefined) => { if (rate && rate > (known ?? 0)) known = rate }
  const pool = new WorkerPool({ ...options, create })
  let calibration: Promise<void> | undefined
  let calibrated = false
  const burnRate = async () => {
    await (calibration ??= measureBurnRate(create).then(offer, error => console.warn(error)).finally(() => { calibrated = true }))
    return known
  }
  return {
    pool,
    burnRate,
    async prepare(source) {
      const result = await compile(source)
      if (result.ok) pool.prepare(result.code)
    },
    runSnippet(source, opts = {}, onEvent = () => {}) {
      let stopped = false
      let stopRun = () => { stopped = true }
      let setCompiled: (ok: boolean) => void = () => {}
      const compiled = new Promise<boolean>(r => { setCompiled = r })
      // Unchanged code (compiled before) and a known rate: the run is posted before this
      // returns, with no await in between (an await would let the view's update go first).
      const done = (async (): Promise<SnippetOutcome> => {
        const result = alreadyCompiled(source) ?? await compile(source)
        setCompiled(result.ok)
        if (!result.ok) return { status: 'compile-error', errors: result.errors }
        // A run that burns waits for the page's rate (only the first, before prewarm finished).
        const rateNow = burns(source) && !calibrated ? await burnRate() : known
        if (stopped) return { status: 'stopped' }
        const handle = pool.run({ code: result.code, map: result.map, ...opts, burnRate: rateNow }, onEvent)
        stopRun = handle.stop
        const outcome = await handle.done
        if (outcome.status === 'done') offer(outcome.burnRate)
        return outcome
      })()
      done.catch(() => setCompiled(false))
      return { done, compiled, stop: () => stopRun() }
    },
    async prewarm(sources = []) {
      await Promise.all([prewarmCompiler(), pool.fill()])
      for (const source of sources) await compile(source) // one at a time: the transforms share esbuild's one worker
    },
    dispose: () => pool.dispose(),
  }
}
