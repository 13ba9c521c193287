// The snippet runtime: what a live cell's code can call. Declared once, as
// globals, for the snippets' type-check (tsconfig) and for Monaco's IntelliSense.
// Implemented in runtime.ts (installed on the worker's global scope).

export {}

declare global {
  /** Non-blocking wait (an I/O stand-in): other tasks on this loop run meanwhile. Like `await asyncio.sleep`. */
  function sleep(ms: number): Promise<void>
  /** A truly blocking wait (Atomics.wait): nothing else on this thread runs. Like `time.sleep`. */
  function block(ms: number): void
  /**
   * Busy CPU work: as much as takes about `ms` on one free core. The rate is measured on
   * a quiet page and kept as the fastest this browser has seen; every worker and thread
   * gets the same one. Two burns sharing a core take twice as long, as real work would.
   * Inside `threads` with the GIL it hands the lock over. Returns the iterations done.
   */
  function burn(ms: number): number
  /** Real CPU work: counts the primes in [from, to) by trial division. */
  function countPrimes(from: number, to: number): number

  interface RequestOptions {
    /** Simulated round-trip time in ms. @default 200 */
    latency?: number
    /** Size of the simulated response body. @default 1024 */
    bytes?: number
  }
  interface SimResponse { url: string, status: number, bytes: number, body: string, ms: number }
  /** A simulated HTTP call with real latency and no network (the venue may have none). */
  function request(url: string, options?: RequestOptions): Promise<SimResponse>

  /** Runs `fn` and records it as a bar on the timeline (this worker's lane). */
  function task<T>(label: string, fn: () => T | Promise<T>): Promise<T>

  interface ParallelOptions {
    /** Number of workers (like processes). @default machine.cores */
    workers?: number
    /** Label of each bar; receives the input. @default String(input) */
    label?: (input: unknown) => string
  }
  /**
   * A process-pool analogue (`ProcessPoolExecutor.map`): runs `fn` over `inputs`
   * in separate workers. `fn` travels as source text, so it may not use variables
   * from outside itself (like pickling); inputs and results are copied.
   */
  function parallel<I, O>(fn: (input: I) => O | Promise<O>, inputs: I[], options?: ParallelOptions): Promise<O[]>

  interface ThreadContext {
    /** 0-based thread index. */
    index: number
    /** The memory all threads share (an Int32Array over one SharedArrayBuffer). */
    shared: Int32Array
    /** A lock shared by all threads (like `threading.Lock`). */
    lock: { acquire(): void, release(): void, with<T>(fn: () => T): T }
  }
  interface ThreadOptions {
    /** Int32 slots in the shared memory. @default 16 */
    shared?: number
    /** Hold one global lock to compute, like CPython's GIL. @default false */
    gil?: boolean
    /** With `gil`: how long a thread computes before handing the lock over, in ms. @default 5 */
    switchInterval?: number
  }
  interface ThreadsResult<O> { results: O[], shared: Int32Array }
  /**
   * A threads analogue: `n` workers that share memory. `fn` travels as source text.
   * With `gil: true`, CPU work (`burn`, `countPrimes`, `checkpoint`) holds one lock
   * and hands it over every switch interval; `sleep` and `request` release it.
   */
  function threads<O>(fn: (ctx: ThreadContext) => O | Promise<O>, n: number, options?: ThreadOptions): Promise<ThreadsResult<O>>
  /** Inside a thread with the GIL: give the lock up if the switch interval has passed. A no-op elsewhere. */
  function checkpoint(): void

  /**
   * Runs the same job in several modes, one after another, and stacks their
   * timelines on one time scale: each mode's spans form a group whose speedup is
   * measured against the first mode. Resolves to each mode's wall time in ms; a mode
   * whose `burn` or `countPrimes` work was slowed by other work on the machine is left
   * out (it prints why), and no speedup is stated against it.
   */
  function compare(modes: Record<string, () => unknown | Promise<unknown>>): Promise<Record<string, number>>

  interface PlotSeries {
    name: string
    /** [x, y] pairs. */
    points: Array<[number, number]>
    /** 'points' for measurements, 'line' for a model, 'dashed' for a reference. @default 'line' */
    style?: 'points' | 'line' | 'dashed'
  }
  /**
   * Draws a chart in the cell, in place of the timeline: measured points beside a
   * model's curve, for example. The last call wins.
   */
  function plot(spec: { title: string, x: string, y: string, series: PlotSeries[] }): void

  /** Machine facts for the output: cores, isolation, browser. */
  /**
   * The machine the cell runs on. `cores`: how many workers really run at once, as the deck
   * counted them (what `navigator.hardwareConcurrency` says can be more or less: WebKit
   * rounds it up, privacy settings fake it); `reportedCores`: the browser's own figure.
   */
  const machine: { cores: number, reportedCores: number, crossOriginIsolated: boolean, userAgent: string }
}
