// Pure: caps and batches a run's output so a million-line flood cannot choke the page.
// The first `maxLines` log lines are sent (in batches); the rest are only counted.

export interface OutputOptions<M> {
  /** Log lines sent before the rest are only counted. */
  maxLines: number
  /** Sends one batch (in order). */
  send: (batch: M[]) => void
  /** Messages within this many ms of the last send are batched. @default 16 */
  flushMs?: number
  /** ...or as soon as it holds this many messages (a synchronous flood never lets timers run). @default 200 */
  batchSize?: number
  /** Non-log events (spans) kept; the rest are ignored so the timeline stays drawable. @default 5000 */
  maxEvents?: number
  /** Timer used for the time-based flush (injectable for tests). @default setTimeout */
  schedule?: (fn: () => void, ms: number) => unknown
  /** Clock in ms (injectable for tests). @default performance.now */
  now?: () => number
}

export class Output<M> {
  private batch: M[] = []
  private timer: unknown = null
  private lastFlush = -Infinity
  private lines = 0
  private events = 0
  /** Log lines counted but not sent. */
  dropped = 0

  constructor(private readonly opts: OutputOptions<M>) {}

  /**
   * A log line: sent while under the cap, otherwise counted. `make` builds the message only
   * when it will be sent, so lines past the cap cost no formatting. Returns whether it is sent.
   */
  log(make: () => M): boolean {
    if (this.lines >= this.opts.maxLines) {
      this.dropped++
      return false
    }
    this.lines++
    this.push(make())
    return true
  }

  /** A non-log event (a span): sent in order with the logs, up to `maxEvents`. */
  event(msg: M): void {
    if (this.events++ < (this.opts.maxEvents ?? 5000)) this.push(msg)
  }

  /** Adds lines a sub-worker dropped, so the total is reported once. */
  addDropped(n: number): void {
    this.dropped += n
  }

  /** Sends whatever is buffered now. */
  flush(): void {
    this.timer = null
    if (!this.batch.length) return
    this.lastFlush = this.clock()
    const batch = this.batch
    this.batch = []
    this.opts.send(batch)
  }

  // Leading edge: a line after a quiet spell goes out at once (so `log(); while (true) {}` still
  // shows it); a burst is sent every flushMs even inside a synchronous loop, where timers never run.
  private push(msg: M): void {
    this.batch.push(msg)
    const flushMs = this.opts.flushMs ?? 16
    if (this.batch.length >= (this.opts.batchSize ?? 200) || this.clock() - this.lastFlush >= flushMs) this.flush()
    else if (this.timer === null) this.timer = (this.opts.schedule ?? setTimeout)(() => this.flush(), flushMs)
  }

  private clock(): number {
    return (this.opts.now ?? (() => performance.now()))()
  }
}
