// The snippet runtime: implements every global in runtime-api.d.ts, installed on a
// worker's global scope. One worker runs one snippet, so module state is per run.
import type { BatchMessage, DroppedMessage, GroupMessage, Span, SpanMessage } from './protocol'
import type { Gil } from './locks'
import { measureBurnRate, mix } from './burn'
import { runParallel, runThreads } from './subworkers'

/** What a worker gives the runtime. */
export interface RuntimeHost {
  id: number
  /** This worker's lane: 'main', 'worker 2', 'thread 1', ... */
  lane: string
  /** The `compare` mode running (sub-workers inherit it). */
  group?: string
  maxLines: number
  /** Sends a span or group message in order with the output. */
  emit(msg: SpanMessage | GroupMessage): void
  /** Routes a sub-worker's output into this worker's (capped) output. */
  forward(msg: BatchMessage | DroppedMessage): void
  /** Set inside `threads({ gil: true })`. */
  gil?: Gil
  /** `burn`'s iterations per ms: measured once per run, then handed to sub-workers. */
  burnRate?: number
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

export function installRuntime(host: RuntimeHost): { idle(): Promise<void> } {
  const g = globalThis as Record<string, unknown>
  const realTimeout = globalThis.setTimeout.bind(globalThis)
  const realClear = globalThis.clearTimeout.bind(globalThis)
  const pending = new Pending(realTimeout)
  const timers = new Set<unknown>()

  // Timers the snippet starts count as pending work (setInterval does not: the budget ends it).
  g.setTimeout = (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    pending.inc()
    const t = realTimeout(() => {
      timers.delete(t)
      try { fn(...args) } finally { pending.dec() }
    }, ms)
    timers.add(t)
    return t
  }
  g.clearTimeout = (t: ReturnType<typeof setTimeout>) => {
    if (timers.delete(t)) pending.dec()
    realClear(t)
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

  const checkpoint = (): number => host.gil?.checkpoint() ?? 0

  const sleep = (ms: number) => pending.track(io(`sleep ${ms}`, () => new Promise<void>(r => realTimeout(r, ms))))

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
    if (gil) {
      span(`block ${ms}`, start, now(), 'io')
      gil.acquire()
    }
  }

  function burn(ms: number): number {
    // A fixed amount of work (what `ms` takes on one free core), not a wall-clock wait.
    const target = Math.round(ms * (host.burnRate ??= measureBurnRate()))
    let x = 0
    let iterations = 0
    while (iterations < target) {
      for (let i = 0; i < 1000; i++) x = mix(x)
      iterations += 1000
      checkpoint()
    }
    return x === 0.5 ? 0 : iterations // keeps the loop from being optimised away
  }

  function countPrimes(from: number, to: number): number {
    let count = 0
    for (let n = Math.max(2, Math.ceil(from)); n < to; n++) {
      if ((n & 1023) === 0) checkpoint()
      if (n % 2 === 0) { if (n === 2) count++; continue }
      let prime = true
      for (let d = 3; d * d <= n; d += 2) if (n % d === 0) { prime = false; break }
      if (prime) count++
    }
    return count
  }

  function request(url: string, options: RequestOptions = {}): Promise<SimResponse> {
    const { latency = 200, bytes = 1024 } = options
    const start = now()
    return pending.track(io(`GET ${url}`, () => new Promise<void>(r => realTimeout(r, latency)))).then(() => {
      const head = JSON.stringify({ url, ok: true })
      const body = head.length >= bytes ? head.slice(0, bytes) : head + ' '.repeat(bytes - head.length)
      return { url, status: 200, bytes, body, ms: now() - start }
    })
  }

  function task<T>(label: string, fn: () => T | Promise<T>): Promise<T> {
    const start = now()
    return pending.track((async () => {
      try { return await fn() } finally { span(label, start, now(), 'task') }
    })())
  }

  async function compare(modes: Record<string, () => unknown>): Promise<Record<string, number>> {
    const walls: Record<string, number> = {}
    let first: number | undefined
    for (const [name, fn] of Object.entries(modes)) {
      host.group = name
      const start = now()
      host.emit({ type: 'group', id: host.id, group: name, start })
      try { await fn() } finally {
        const end = now()
        host.emit({ type: 'group', id: host.id, group: name, start, end })
        host.group = undefined
        const wall = Math.round(end - start)
        walls[name] = wall
        first ??= wall
        const speedup = Object.keys(walls).length > 1 ? ` (${(first / Math.max(wall, 1)).toFixed(2)}x)` : ''
        console.log(`${name}: ${wall} ms${speedup}`)
      }
    }
    return walls
  }

  Object.assign(g, {
    sleep, block, burn, countPrimes, request, task, checkpoint, compare,
    parallel: (fn: (i: unknown) => unknown, inputs: unknown[], o?: ParallelOptions) => pending.track(runParallel(host, fn, inputs, o)),
    threads: (fn: (c: ThreadContext) => unknown, n: number, o?: ThreadOptions) => pending.track(runThreads(host, fn, n, o)),
    machine: Object.freeze({
      cores: navigator.hardwareConcurrency,
      crossOriginIsolated: Boolean(globalThis.crossOriginIsolated),
      userAgent: navigator.userAgent,
    }),
  })
  return { idle: () => pending.idle() }
}
