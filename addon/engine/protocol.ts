// Messages between the page and a snippet worker, and the shapes they carry. Types only:
// no runtime code; both sides of the boundary import it. Every message that belongs to a
// run carries that run's id.
/// <reference path="./worker/runtime/runtime-api.d.ts" />
import type { Pace, WorkSlice } from './shared/pace'

export type { Pace, WorkSlice }

/** How much work one free core does per ms: `burn` chunks, and `countPrimes` trial divisions. */
export interface Rates { burn: number, primes: number }

/**
 * What a lane was doing in a span: computing, waiting on I/O or a timer, blocked or waiting
 * for a lock, or a task whose time was neither mostly.
 */
export type SpanKind = 'cpu' | 'io' | 'wait' | 'task'

export type LogLevel = 'log' | 'info' | 'warn' | 'error'

/** One task's interval on the timeline; times are absolute ms (timeOrigin + now). */
export interface Span {
  /** Lane name: 'main' is the snippet's own event loop; workers are 'worker 1', 'thread 2', ... */
  lane: string
  label: string
  start: number
  end: number
  /** What the lane was doing; 'wait' (blocked or waiting for a lock) is drawn hatched. */
  kind?: SpanKind
  /** Groups spans of one comparison mode (e.g. 'sequential', 'parallel'); absent = the run itself. */
  group?: string
}

/** A chart a snippet draws with `plot`; its series are the snippets' own `PlotSeries` (runtime-api.d.ts). */
export interface PlotSpec {
  title: string
  /** Axis names. */
  x: string
  y: string
  series: PlotSeries[]
}

// page -> worker
export interface RunMessage {
  type: 'run'
  id: number
  /** Compiled JavaScript (ESM, may use top-level await); for the Python worker, the Python source. */
  code: string
  /** Inline source map of `code`, used to map runtime errors to snippet lines. */
  map?: string
  /** Output lines kept before the rest are only counted. */
  maxLines: number
  /** How much work a free core does per ms, measured for the page (engine/burn.ts). */
  rates?: Rates
  /** How many workers run at once on this machine, as the page counted them (`machine.cores`). */
  cores?: number
}
/** Measures the rates of `burn` and `countPrimes` (a throwaway worker); answered by 'calibrated'. */
export interface CalibrateMessage { type: 'calibrate' }
/** Measures how much of a core this worker gets now (engine/run/probe.ts); answered by 'probed'. */
export interface ProbeMessage { type: 'probe', warmupMs: number, ms: number }
/** Parses compiled code ahead of its Run, so Run only calls it (engine/worker/parse-ahead.ts). */
export interface ParseAheadMessage { type: 'parse-ahead', code: string }
export type PageToWorker = RunMessage | CalibrateMessage | ProbeMessage | ParseAheadMessage

// worker -> page
export interface ReadyMessage { type: 'ready' }
export interface CalibratedMessage { type: 'calibrated', rates: Rates }
/** A probe's reading: a free core's rate, and the share of a core this worker got while it measured. */
export interface ProbedMessage { type: 'probed', burn: number, share: number }
export interface LogMessage { type: 'log', id: number, level: LogLevel, text: string, t: number }
export interface SpanMessage { type: 'span', id: number, span: Span }
/** Output lines that were not sent because the cap was reached (sent once, at the end). */
export interface DroppedMessage { type: 'dropped', id: number, count: number }
export interface DoneMessage {
  type: 'done'
  id: number
  start: number
  end: number
  /** The fastest rates this run's calls of 50 ms or more reached: a check on the page's. */
  observedRates?: Partial<Rates>
  /** How fast the run's calibrated work went against a free core (engine/pace.ts), if it did enough to judge. */
  pace?: Pace
}
export interface ErrorMessage {
  type: 'error'
  id: number
  name: string
  message: string
  /** 1-based line and column in the snippet's own source, where known. */
  line?: number
  column?: number
  /** true for an unhandled promise rejection */
  rejection?: boolean
  /** Python: the code did not compile (a SyntaxError); the page reports it as a compile error. */
  syntax?: boolean
  /** Python: a KeyboardInterrupt (Stop wrote the interrupt buffer). */
  interrupted?: boolean
  /** Python: what the error adds (an exception's notes), shown after it. */
  notes?: string[]
}
/** A chart the snippet drew (`plot`); the cell shows the last one. */
export interface PlotMessage { type: 'plot', id: number, plot: PlotSpec }
export type WorkerToPage = ReadyMessage | GroupMessage | LogMessage | SpanMessage | PlotMessage | DroppedMessage | DoneMessage | ErrorMessage

/** A compile error in the snippet's own coordinates (1-based line and column). */
export interface CompileError { line: number, column: number, message: string }

/**
 * Sent by `compare` when a mode starts and ends, so the view can stack groups on one scale.
 * `baseline` names the mode this one's speedup is measured against (its call's first mode).
 */
export interface GroupMessage {
  type: 'group'
  id: number
  group: string
  start: number
  end?: number
  baseline?: string
  /** With `end`: how fast the mode's calibrated work went (engine/pace.ts), if it did enough to judge. */
  pace?: Pace
}

/** A compare mode's start (and, once finished, end) marker: a group message without its envelope. */
export type GroupMarker = Omit<GroupMessage, 'type' | 'id'>

/** Log and span messages sent together (the worker batches them: every ~16 ms or 200 messages). */
export interface BatchMessage { type: 'batch', id: number, messages: Array<LogMessage | SpanMessage | GroupMessage | PlotMessage> }
export type WorkerToPageOrBatch = WorkerToPage | BatchMessage

/**
 * A snippet worker is about to start a sub-worker of its own (`started: false`), then has
 * (`started: true`). Firefox now and then freezes a worker for good inside its nested
 * `new Worker()`; the page, which this does not freeze, ends such a run (engine/run/pool.ts).
 */
export interface SpawnMessage { type: 'spawn', id: number, name: string, started: boolean }

// A snippet worker -> its sub-workers (`parallel` and `threads` spawn the same worker entry).
interface ChildBase {
  id: number
  /** The function's source text (`fn.toString()`). */
  fn: string
  /** The lane this sub-worker draws on ('worker 1', 'thread 2', ...). */
  lane: string
  /** The `compare` mode running, if any. */
  group?: string
  maxLines: number
  /** The page's rates, handed down. */
  rates?: Rates
  /** The page's count of cores, handed down. */
  cores?: number
}
/** Makes a sub-worker a process-pool worker; inputs follow one at a time. */
export interface ParallelInitMessage extends ChildBase { type: 'parallel' }
export interface InputMessage { type: 'input', id: number, seq: number, input: unknown, label: string }
/** Makes a sub-worker a thread over shared memory. */
export interface ThreadMessage extends ChildBase {
  type: 'thread'
  index: number
  count: number
  shared: Int32Array
  /** Lock, GIL and start-barrier words (see locks.ts). */
  control: Int32Array
  gil: boolean
  switchInterval: number
}
/** Warms a thread worker up before its run (answered by a result with seq -1). */
export interface WarmMessage { type: 'warm', id: number }
export type ParentToChild = ParallelInitMessage | InputMessage | ThreadMessage | WarmMessage

/**
 * A sub-worker's answer for one input (seq) or its thread (seq = index); output is flushed
 * before it. `work` is the calibrated work it did meanwhile, for the parent's pace.
 */
export type ResultMessage =
  | { type: 'result', id: number, seq: number, ok: true, value: unknown, work?: WorkSlice[] }
  | { type: 'result', id: number, seq: number, ok: false, name: string, message: string, work?: WorkSlice[] }
export type ChildToParent = ReadyMessage | BatchMessage | DroppedMessage | ResultMessage

// The Python worker (engine/worker/python/): one Pyodide interpreter kept across runs. It
// answers 'run' (the code is Python source) with the same messages as a snippet worker:
// batches of log, span and group messages, 'dropped', then 'done' or 'error'.
/** Starts the interpreter; answered by 'py-ready' (or 'fatal'). */
export interface PythonInitMessage {
  type: 'py-init'
  /** Where pyodide.mjs and its files are (absolute URL, ending in '/'). */
  indexURL: string
  /** The header of Pyodide's lockfile, for the empty lockfile passed inline (no packages). */
  lockInfo: Record<string, string>
  /**
   * 4 bytes (cross-origin isolated pages only): byte 0 is Pyodide's interrupt buffer (the page
   * writes 2: KeyboardInterrupt); the same word as an Int32Array is what a blocking sleep waits on.
   */
  interrupt?: SharedArrayBuffer
  /**
   * Pyodide's files by name (`pyodide.mjs`, …), handed over by the page to a worker that
   * cannot fetch them itself (the runner frame's: an opaque origin, outside the service
   * worker). Absent: the worker fetches them from `indexURL`.
   */
  files?: Record<string, ArrayBuffer>
}
/** Stop, while the cell awaits: cancels its tasks, acknowledged by 'stopping' (a busy cell cannot read it). */
export interface StopMessage { type: 'stop', id: number }
export type PageToPython = PythonInitMessage | RunMessage | StopMessage

export interface PythonReadyMessage { type: 'py-ready', python: string, pyodide: string }
export interface StoppingMessage { type: 'stopping', id: number }
/** The interpreter is dead (a WebAssembly stack overflow): the page starts a fresh one. */
export interface FatalMessage { type: 'fatal', message: string }
export type PythonToPage = PythonReadyMessage | StoppingMessage | FatalMessage | BatchMessage | DroppedMessage | DoneMessage | ErrorMessage

// The runner frame's own messages (to start, end and interrupt workers): frame/protocol.ts.
