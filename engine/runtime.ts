// The snippet runtime: implements every global in runtime-api.d.ts, installed on a
// worker's global scope. One worker runs one snippet, so module state is per run.
import type { BatchMessage, DroppedMessage, GroupMessage, PlotMessage, PlotSpec, Span, SpanMessage } from './protocol'
import type { Gil } from './locks'
import type { WorkSlice } from './pace'
import { chunksFor, PRIME_BLOCK, primeBlock, type Rates, ratesOf, spin, STEP } from './burn'
import { kindBetween, WorkMeter } from './meter'
import { addSlice, measurePace, paceReason, paceVerdict } from './pace'
import { runParallel, runThreads } from './subworkers'

/** What a worker gives the runtime. */
export interface RuntimeHost {
  id: number
  /** This worker's lane: 'main', 'worker 2', 'thread 1', ... */
  lane: string
  /** The `compare` mode running (sub-workers inherit it). */
  group?: string
  maxLines: number
  /** Sends a span, group or plot message in order with the output. */
  emit(msg: SpanMessage | GroupMessage | PlotMessage): void
  /** Routes a sub-worker's output into this worker's (capped) output. */
  forward(msg: BatchMessage | DroppedMessage): void
  /** Set inside `threads({ gil: true })`. */
  gil?: Gil
  /** How much work a free core does per ms: the page's (engine/burn.ts), handed to every worker. */
  rates?: Rates
  /** The fastest rates calls of 50 ms or more reached here (reported with 'done'): a check on the page's. */
  observedRates?: Partial<Rates>
  /** Each call of calibrated work (burn, countPrimes) on this lane and, collected by `parallel` and `threads`, on its sub-workers. */
  slices: WorkSlice[]
}

/** What installRuntime gives back to the worker that installed it. */
export interface Runtime {
  /** Resolves once no timer, task or request the snippet started is pending. */
  idle(): Promise<void>
  /** What this worker's time went to, for the kind of its spans. */
  meter: WorkMeter
}

export const now = (): number => performance.timeOrigin + performance.now()


/** Counts the runtime work still under way, so `done` waits for it. */
class Pending {
  private count = 0
  private waiters: Array<() => void> = []
  constructor(private readonly timeout: typeof setTimeout) {}
  inc(): void { this.count++ }
  dec(): void {
    if (--this.count === 0) this.timeout(() => this.check(), 0)
  }
  track<T>(p: Promise<T>): Promise<T> {
    this.inc()
    return p.finally(() => this.dec())
  }
  /** Resolves once nothing is pending (checked again one task later, for work started in callbacks). */
  idle(): Promise<void> {
    return new Promise(resolve => {
      this.waiters.push(resolve)
      this.timeout(() => this.check(), 0)
    })
  }
  private check(): void {
    if (this.count > 0) return
    const w = this.waiters
    this.waiters = []
    w.forEach(f => f())
  }
}

// The worker's own timers, before any runtime wraps them (a reused thread worker installs
// the runtime once per `threads` call).
export const realTimeout = globalThis.setTimeout.bind(globalThis)
const realClear = globalThis.clearTimeout.bind(globalThis)

export function installRuntime(host: RuntimeHost): Runtime {
  const g = globalThis as Record<string, unknown>
  const pending = new Pending(realTimeout)
  const meter = new WorkMeter(now)
  const timers = new Set<unknown>()

  // Timers the snippet starts count as pending work, and as waiting (setInterval does
  // not: the budget ends it).
  g.setTimeout = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    pending.inc()
    meter.waitStart()
    const t = realTimeout(() => {
      timers.delete(t)
      meter.waitEnd()
      try { fn(...args) } finally { pending.dec() }
    }, ms)
    timers.add(t)
    return t
  }
  g.clearTimeout = (t: ReturnType<typeof setTimeout>) => {
    if (timers.delete(t)) { meter.waitEnd(); pending.dec() }
    realClear(t)
  }
  /** A wait the meter counts as I/O. */
  const waiting = <T>(p: Promise<T>): Promise<T> => {
    meter.waitStart()
    return p.finally(() => meter.waitEnd())
  }

  const span = (label: string, start: number, end: number, kind: Span['kind'], lane = host.lane) =>
    host.emit({ type: 'span', id: host.id, span: { lane, label, start, end, kind, ...(host.group ? { group: host.group } : {}) } })

  /** Gives the GIL up around a wait (I/O), like CPython does, and records the wait as I/O. */
  async function io<T>(label: string, wait: () => Promise<T> | T): Promise<T> {
    const gil = host.gil
    if (!gil) return wait()
    const start = now()
    gil.release()
    try { return await wait() } finally {
      span(label, start, now(), 'io')
      gil.acquire()
    }
  }

  /** A possible GIL hand-off; the ms spent without the GIL count as blocked. */
  const checkpoint = (): number => {
    const waited = host.gil?.checkpoint() ?? 0
    if (waited) meter.blockedFor(waited)
    return waited
  }
  /**
   * Runs CPU work of `kind` and tells the meter how long it computed (hand-offs excluded);
   * the work reports its units through `did`, so the run knows how fast it went.
   */
  function computing<T>(kind: keyof Rates, work: (between: () => number, did: (units: number) => void) => T): T {
    const start = now()
    let waited = 0
    let units = 0
    const between = () => {
      const w = checkpoint()
      waited += w
      return w // this hand-off's wait
    }
    try { return work(between, (u) => { units += u }) }
    finally {
      const end = now()
      const busy = end - start - waited
      meter.computed(busy)
      const rate = ratesOf(host)[kind]
      if (units > 0 && rate > 0) {
        const work = units / rate
        addSlice(host.slices, { lane: host.lane, start, end, busy, work, ...(host.gil ? { serial: true } : {}) })
        // A call can only be slowed down, never sped up, by what else runs: one that beat the
        // page's rate shows the rate was measured low, and the page takes the faster one.
        if (work >= 50 && busy > 0) {
          const seen = host.observedRates ??= {}
          seen[kind] = Math.max(seen[kind] ?? 0, units / busy)
        }
      }
    }
  }

  const sleep = (ms: number) => pending.track(io(`sleep ${ms}`, () => waiting(new Promise<void>(r => realTimeout(r, ms)))))

  let blocker: Int32Array | undefined
  function block(ms: number): void {
    if (typeof SharedArrayBuffer === 'undefined' || !globalThis.crossOriginIsolated) {
      throw new Error('block() needs SharedArrayBuffer, but this page is not cross-origin isolated (serve it with COOP: same-origin and COEP: require-corp)')
    }
    blocker ??= new Int32Array(new SharedArrayBuffer(4))
    const b = blocker
    const gil = host.gil
    const start = now()
    gil?.release()
    Atomics.wait(b, 0, 0, ms)
    meter.blockedFor(now() - start)
    if (gil) {
      span(`block ${ms}`, start, now(), 'io')
      gil.acquire()
    }
  }

  function burn(ms: number): number {
    // A fixed amount of work (what `ms` takes on one free core), not a wall-clock wait.
    const chunks = chunksFor(ms, ratesOf(host).burn)
    let x = 0
    computing('burn', (between, did) => {
      for (let left = chunks; left > 0; left -= STEP) {
        x ^= spin(Math.min(STEP, left))
        between()
      }
      did(chunks)
    })
    return x === 0.5 ? 0 : chunks * 1000 // (x is read, so the loop cannot be optimised away)
  }

  function countPrimes(from: number, to: number): number {
    return computing('primes', (between, did) => {
      let count = 0
      for (let n = from; n < to; n += PRIME_BLOCK) {
        const block = primeBlock(n, Math.min(to, n + PRIME_BLOCK))
        count += block.count
        did(block.work)
        between()
      }
      return count
    })
  }

  function request(url: string, options: RequestOptions = {}): Promise<SimResponse> {
    const { latency = 200, bytes = 1024 } = options
    const start = now()
    return pending.track(io(`GET ${url}`, () => waiting(new Promise<void>(r => realTimeout(r, latency))))).then(() => {
      const head = JSON.stringify({ url, ok: true })
      const body = head.length >= bytes ? head.slice(0, bytes) : head + ' '.repeat(bytes - head.length)
      return { url, status: 200, bytes, body, ms: now() - start }
    })
  }

  function task<T>(label: string, fn: () => T | Promise<T>): Promise<T> {
    const before = meter.read()
    return pending.track((async () => {
      try { return await fn() } finally {
        const after = meter.read()
        span(label, before.t, after.t, kindBetween(before, after, 'task'))
      }
    })())
  }

  async function compare(modes: Record<string, () => unknown>): Promise<Record<string, number>> {
    const walls: Record<string, number> = {}
    // Every mode is measured against this call's first one (another call, another baseline).
    const [baseline] = Object.keys(modes)
    let first: { wall: number, fair: boolean } | undefined
    for (const [name, fn] of Object.entries(modes)) {
      host.group = name
      const start = now()
      const from = host.slices.length
      const marker = { type: 'group', id: host.id, group: name, start, ...(name === baseline ? {} : { baseline }) } as const
      host.emit(marker)
      try { await fn() } finally {
        const end = now()
        // How fast this mode's work went: a mode slowed by other work says nothing about the code.
        const pace = measurePace(host.slices.slice(from), navigator.hardwareConcurrency || 1)
        const fair = paceVerdict(pace) === 'fair'
        host.emit({ ...marker, end, ...(pace ? { pace } : {}) })
        host.group = undefined
        const wall = end - start
        if (fair) walls[name] = Math.round(wall)
        first ??= { wall, fair }
        let note = ''
        if (!fair) note = ` (${paceReason(pace!)})`
        else if (name !== baseline) note = first.fair ? ` (${(first.wall / Math.max(wall, 1)).toFixed(2)}x)` : ` (no speedup shown: "${baseline}" was not measured fairly)`
        console.log(`${name}: ${Math.round(wall)} ms${note}`)
      }
    }
    return walls
  }

  function plot(spec: PlotSpec): void {
    // Copied through JSON: only numbers and strings cross, and a bad spec fails here, on its line.
    const clean = JSON.parse(JSON.stringify(spec)) as PlotSpec
    if (!Array.isArray(clean?.series)) throw new TypeError('plot() needs { title, x, y, series: [{ name, points }] }')
    host.emit({ type: 'plot', id: host.id, plot: clean })
  }

  Object.assign(g, {
    sleep, block, burn, countPrimes, request, task, checkpoint, compare, plot,
    parallel: (fn: (i: unknown) => unknown, inputs: unknown[], o?: ParallelOptions) => pending.track(runParallel(host, fn, inputs, o)),
    threads: (fn: (c: ThreadContext) => unknown, n: number, o?: ThreadOptions) => pending.track(runThreads(host, fn, n, o)),
    machine: Object.freeze({
      cores: navigator.hardwareConcurrency,
      crossOriginIsolated: Boolean(globalThis.crossOriginIsolated),
      userAgent: navigator.userAgent,
    }),
  })
  return { idle: () => pending.idle(), meter }
}
