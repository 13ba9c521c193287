// The page-side API the Vue layer uses: compile a snippet, run it in a fresh worker,
// receive typed events. Plain TypeScript, no Vue.
import type { CompileError } from './protocol'
import { compile, prewarm as prewarmCompiler } from './compile'
import { WorkerPool, type PoolOptions, type RunEvent, type RunOutcome, type WorkerLike } from './pool'

export type { CompileError, GroupMessage, LogLevel, Span } from './protocol'
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
  /** Compiles `source` (cached by text) and runs it in a fresh pre-warmed worker. */
  runSnippet(source: string, options?: RunOptions, onEvent?: (e: RunEvent) => void): SnippetRun
  /** esbuild initialised + one throwaway transform + the pool filled. Call in idle time. */
  prewarm(): Promise<void>
  /** Terminates the spare workers. */
  dispose(): void
}

/** The snippet worker, bundled by Vite (`new URL` keeps it a separate chunk). */
export function createWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'snippet' })
}

export function createEngine(options: Partial<PoolOptions> = {}): Engine {
  // A Worker's handlers take MessageEvent; the pool only reads `data`, so the cast is safe.
  const pool = new WorkerPool({ create: () => createWorker() as unknown as WorkerLike, ...options })
  return {
    pool,
    runSnippet(source, opts = {}, onEvent = () => {}) {
      let stopped = false
      let stopRun = () => { stopped = true }
      let setCompiled: (ok: boolean) => void = () => {}
      const compiled = new Promise<boolean>(r => { setCompiled = r })
      const done = (async (): Promise<SnippetOutcome> => {
        const result = await compile(source)
        setCompiled(result.ok)
        if (!result.ok) return { status: 'compile-error', errors: result.errors }
        if (stopped) return { status: 'stopped' }
        const handle = pool.run({ code: result.code, map: result.map, ...opts }, onEvent)
        stopRun = handle.stop
        return handle.done
      })()
      done.catch(() => setCompiled(false))
      return { done, compiled, stop: () => stopRun() }
    },
    async prewarm() {
      await Promise.all([prewarmCompiler(), pool.fill()])
    },
    dispose: () => pool.dispose(),
  }
}
