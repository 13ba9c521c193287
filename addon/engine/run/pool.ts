// Pre-warmed snippet workers. Each run takes a fresh worker (globals never leak between
// runs) and a replacement starts at once. Stop and timeout terminate the worker.
import type { CalibratedMessage, ErrorMessage, PageToWorker, Pace, ProbedMessage, Rates, SpawnMessage, WorkerToPage, WorkerToPageOrBatch } from '../protocol'
import { frozenRunText, LOST_RUN, RENEWED_RUN } from './messages'

/** The part of `Worker` the pool uses (a fake one in unit tests). */
export interface WorkerLike {
  postMessage(message: PageToWorker): void
  terminate(): void
  onmessage: ((e: { data: WorkerToPageOrBatch | CalibratedMessage | ProbedMessage | SpawnMessage }) => void) | null
  /** `lost`: the runner frame the worker was in has ended, or was replaced (`renewed`; engine/run/frame.ts). */
  onerror: ((e: { message?: string, lost?: boolean, renewed?: boolean, preventDefault?(): void }) => void) | null
  /** Terminates a worker that computed for seconds, with the process it may have filled (the runner frame's). */
  retire?(): void
}

/** A run ended after computing this long may have filled its process's memory (engine/run/frame.ts retires it). */
export const RETIRE_AFTER_MS = 3000

/**
 * A worker still inside its nested `new Worker()` after this long has frozen (Firefox, now
 * and then: the call never returns, the worker's own timers stop). It returns in
 * milliseconds otherwise; the margin covers a page too busy to hear the worker at once.
 */
export const SPAWN_FROZEN_MS = 5000

export interface PoolOptions {
  /** Makes a worker, e.g. `() => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' })`. */
  create: () => WorkerLike
  /** Spare workers kept started and ready. @default 2 */
  size?: number
  /** Default time budget of a run, in ms. @default 10000 */
  budgetMs?: number
  /** Default output lines kept per run. @default 1000 */
  maxLines?: number
}

export interface RunRequest {
  code: string
  map?: string
  maxLines?: number
  budgetMs?: number
  /** How much work a free core does per ms, for this run and its sub-workers. */
  rates?: Rates
  /** How many workers run at once (the page's count), for this run and its sub-workers. */
  cores?: number
}

/** What the page sees of a run, one event at a time (batches are unpacked, in order). */
export type RunEvent = Exclude<WorkerToPage, { type: 'ready' }>

export type RunError = Omit<ErrorMessage, 'type' | 'id'> & { crashed?: boolean }
export type RunOutcome =
  | { status: 'done', start: number, end: number, wallMs: number, observedRates?: Partial<Rates>, pace?: Pace }
  | { status: 'error', error: RunError }
  | { status: 'stopped', note?: string }
  | { status: 'timeout', budgetMs: number }

export interface RunHandle {
  id: number
  /** Settles once: done, error, stopped or timeout. */
  done: Promise<RunOutcome>
  /** Terminates the run's worker (outcome 'stopped'); a no-op once settled. */
  stop(): void
}

interface Spare {
  worker: WorkerLike
  ready: Promise<boolean>
  markReady(ok: boolean): void
  /** The compiled code this spare has parsed ahead of a Run, if any. */
  parsed?: string
}

export class WorkerPool {
  /** When a busy worker was last terminated (Date.now()). Chromium may keep that thread's core busy ~2 s after. */
  lastTerminatedAt: number | undefined
  private spares: Spare[] = []
  private nextId = 1
  private readonly size: number

  constructor(private readonly opts: PoolOptions) {
    this.size = opts.size ?? 2
  }

  /** Starts workers until `size` spares exist; resolves when they are all ready. */
  async fill(): Promise<void> {
    while (this.spares.length < this.size) this.spares.push(this.spawn())
    await Promise.all(this.spares.map(s => s.ready))
  }

  /** Terminates the spares (runs under way are not touched). */
  dispose(): void {
    for (const s of this.spares.splice(0)) s.worker.terminate()
  }

  /**
   * Has a spare parse `code` now, so a later Run of the same code only calls it. The spare
   * stays fresh: nothing of the code runs until then.
   */
  parseAhead(code: string): void {
    if (this.spares.some(s => s.parsed === code)) return
    const spare = this.spares[0]
    if (!spare) return
    spare.parsed = code
    void spare.ready.then(ok => { if (ok && spare.parsed === code) spare.worker.postMessage({ type: 'parse-ahead', code }) })
  }

  run(req: RunRequest, onEvent: (e: RunEvent) => void = () => {}): RunHandle {
    const id = this.nextId++
    // The spare that parsed this code, else one that parsed nothing (keep the other ready).
    let at = this.spares.findIndex(s => s.parsed === req.code)
    if (at < 0) at = Math.max(0, this.spares.findIndex(s => !s.parsed))
    const { worker, ready, markReady } = this.spares.splice(at, 1)[0] ?? this.spawn()
    // The replacement starts once this run is over: a worker starting up takes a core for a
    // moment, which would slow the run it replaces. With no spare left, it starts now.
    if (!this.spares.length) void this.fill()
    const budgetMs = req.budgetMs ?? this.opts.budgetMs ?? 10_000
    let timer: ReturnType<typeof setTimeout> | undefined
    let frozen: ReturnType<typeof setTimeout> | undefined
    let postedAt = Infinity
    let settled = false
    let resolve: (o: RunOutcome) => void = () => {}
    const done = new Promise<RunOutcome>(r => { resolve = r })
    const finish = (outcome: RunOutcome, busy: boolean) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      clearTimeout(frozen)
      worker.onmessage = null
      worker.onerror = null
      // A used worker is never reused; one that computed for seconds goes with its process, where it can.
      if (busy && worker.retire && Date.now() - postedAt >= RETIRE_AFTER_MS) worker.retire()
      else worker.terminate()
      if (busy) this.lastTerminatedAt = Date.now()
      void this.fill()
      // The same code is the likeliest next Run (after a Stop, above all): a spare parses it now.
      this.parseAhead(req.code)
      resolve(outcome)
    }
    worker.onmessage = ({ data }) => {
      if (data.type === 'ready') return markReady(true)
      if (settled || data.type === 'calibrated' || data.type === 'probed') return
      if (data.type === 'spawn') {
        clearTimeout(frozen)
        const { name, started } = data
        if (!started) frozen = setTimeout(() => finish({ status: 'error', error: { name: 'WorkerFrozen', message: frozenRunText(name), crashed: true } }, true), SPAWN_FROZEN_MS)
        return
      }
      if (data.type === 'batch') data.messages.forEach(onEvent)
      else onEvent(data)
      if (data.type === 'done') {
        const { start, end, observedRates, pace } = data
        finish({ status: 'done', start, end, wallMs: end - start, ...(observedRates ? { observedRates } : {}), ...(pace ? { pace } : {}) }, false)
      }
      else if (data.type === 'error') {
        const { type: _t, id: _i, ...error } = data
        finish({ status: 'error', error }, true)
      }
    }
    worker.onerror = e => {
      e.preventDefault?.()
      markReady(false)
      // Its process ended (the runner frame, filled by this run; or replaced after another): no "Uncaught" line, no core held.
      if (e.lost) return finish({ status: 'error', error: e.renewed ? { name: 'RunnerRestarted', message: RENEWED_RUN, crashed: true } : { name: 'OutOfMemory', message: LOST_RUN, crashed: true } }, false)
      const message = `the worker crashed (out of memory?)${e.message ? `: ${e.message}` : ''}`
      const error: RunError = { name: 'WorkerCrash', message, crashed: true }
      onEvent({ type: 'error', id, ...error })
      finish({ status: 'error', error }, true)
    }
    void ready.then(ok => {
      if (settled) return
      if (!ok) return finish({ status: 'error', error: { name: 'WorkerCrash', message: 'the worker failed to start', crashed: true } }, false)
      postedAt = Date.now()
      worker.postMessage({ type: 'run', id, code: req.code, map: req.map, maxLines: req.maxLines ?? this.opts.maxLines ?? 1000, rates: req.rates, ...(req.cores ? { cores: req.cores } : {}) })
      timer = setTimeout(() => finish({ status: 'timeout', budgetMs }, true), budgetMs)
    })
    return { id, done, stop: () => finish({ status: 'stopped' }, true) }
  }

  private spawn(): Spare {
    const worker = this.opts.create()
    let markReady: (ok: boolean) => void = () => {}
    const ready = new Promise<boolean>(resolve => { markReady = resolve })
    worker.onmessage = ({ data }) => { if (data.type === 'ready') markReady(true) }
    const spare: Spare = { worker, ready, markReady: ok => markReady(ok) }
    worker.onerror = e => {
      e.preventDefault?.()
      markReady(false)
      this.spares = this.spares.filter(s => s !== spare) // a broken spare is never handed out
      if (e.lost) void this.fill() // its frame ended: new spares start in the next one
    }
    return spare
  }
}
