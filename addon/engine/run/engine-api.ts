// What the page side's engine offers (engine.ts makes one): a run's options, outcome and
// handle, the engine itself, and its Python runtime's (python.ts). Types only.
import type { CompileError, PageToPython, PythonToPage, Rates } from '../protocol'
import type { Background } from './background'
import type { PoolOptions, RunEvent, RunOutcome, WorkerLike } from './pool'
import type { MachineStore } from './rates'

/** A snippet's language: TypeScript (compiled by esbuild, a fresh worker per run) or Python (Pyodide). */
export type SnippetLang = 'typescript' | 'python'


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
  /** Keeps the rates and the core count across page loads, so a first Run after a reload need not measure them. @default none */
  store?: MachineStore
  /** How many cores the browser says it has. @default navigator.hardwareConcurrency */
  reportedCores?: number
  /** Told each time the count of cores that run at once goes up (the first count included). */
  onCores?: (cores: number) => void
  /** Shared with the deck's own start-up steps, so a run and they never share the cores. @default a new one */
  background?: Background
  /** The Python runtime's options (its worker, where Pyodide is). @default the deck's (createPythonWorker, pyodideIndexURL) */
  python?: () => Omit<PythonOptions, 'budgetMs' | 'maxLines'>
  /**
   * Where the workers start when not in the page: the runner frame, a process of its own
   * (engine/run/frame.ts), so a run that fills memory ends alone. @default none: in the page
   */
  runner?: Runner
}

/** Starts the cells' workers out of the page (engine/run/frame.ts `RunnerFrame`). */
export interface Runner {
  create(kind: 'snippet' | 'python', name: string): WorkerLike & PythonWorkerLike
  dispose(): void
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
  /** Measures the rates and counts the cores once on this page, as a background step (they only ever go up). */
  checkRates(): Promise<void>
  /**
   * How many workers run at once on this machine: the most counted (here, or kept by the
   * store), or the browser's own figure until a count is known.
   */
  cores(): number
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

/** The part of `Worker` the runtime uses. */
export interface PythonWorkerLike {
  postMessage(message: PageToPython, transfer?: Transferable[]): void
  terminate(): void
  onmessage: ((e: { data: PythonToPage }) => void) | null
  /** `lost`: the runner frame the worker was in has ended, or was replaced (`renewed`; engine/run/frame.ts). */
  onerror: ((e: { message?: string, lost?: boolean, renewed?: boolean, preventDefault?(): void }) => void) | null
  /** Writes the interrupt word where the worker lives (the runner frame's: a SharedArrayBuffer cannot cross). */
  interrupt?(value: number): void
}

export interface PythonOptions {
  /** Makes the Python worker. */
  create: () => PythonWorkerLike
  /** Where Pyodide's files are (an absolute URL ending in '/'). */
  indexURL: string
  /** The header of Pyodide's lockfile (the empty lockfile passed inline). */
  lockInfo: Record<string, string>
  /**
   * Pyodide's files, fetched by the page for a worker that cannot fetch them itself (the
   * runner frame's). @default none: the worker fetches them from `indexURL`
   */
  files?: () => Promise<Record<string, ArrayBuffer>>
  /** Stop may raise KeyboardInterrupt (a SharedArrayBuffer interrupt buffer). @default globalThis.crossOriginIsolated */
  isolated?: boolean
  /** Default time budget of a run, in ms. @default 10000 */
  budgetMs?: number
  /** Default output lines kept per run. @default 1000 */
  maxLines?: number
  /** How long Stop waits for an awaiting cell to acknowledge before it interrupts. @default 30 */
  ackMs?: number
  /** How long Stop waits for the cell to end before it terminates the interpreter. @default 500 */
  graceMs?: number
}

export interface PythonRunRequest {
  /** The Python source. */
  code: string
  budgetMs?: number
  maxLines?: number
  /** Told what the run waits for before it starts (the interpreter starting, another Python run). */
  onWaiting?: (what: string) => void
  /** Told a line to add once the run is over (a fresh interpreter has started after it). */
  onNotice?: (text: string) => void
}

export interface PythonRun {
  /** Settles once: done, error, compile-error (a SyntaxError), stopped or timeout. */
  done: Promise<SnippetOutcome>
  /** Resolves once the run is posted to the interpreter (true) or cannot be (false). */
  started: Promise<boolean>
  stop(): void
}

/** How far a Stop went: cancelled the tasks, raised KeyboardInterrupt, or terminated the worker. */
export type StopStage = 'cancel' | 'interrupt' | 'restart'
