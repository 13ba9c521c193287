// The snippet runtime: implements every global in runtime-api.d.ts, installed on a
// worker's global scope. One worker runs one snippet, so module state is per run. The CPU
// work is cpu.ts, `compare` and `plot` compare.ts, `parallel` and `threads` subworkers.ts.
import type { PlotSpec, Span } from '../../protocol'
import type { Runtime, RuntimeHost } from './host'
import { now } from '../../shared/clock'
import { compare, plot } from './compare'
import { cpuWork } from './cpu'
import { realClearTimeout, realTimeout } from './host'
import { kindBetween, WorkMeter } from './meter'
import { Pending } from './pending'
import { needSharedMemory } from './shared-memory'
import { runParallel, runThreads } from './subworkers'

export type { Runtime, RuntimeHost }

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
    realClearTimeout(t)
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

  const sleep = (ms: number) => pending.track(io(`sleep ${ms}`, () => waiting(new Promise<void>(r => realTimeout(r, ms)))))

  let blocker: Int32Array | undefined
  function block(ms: number): void {
    needSharedMemory('block()')
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

  const { burn, countPrimes, checkpoint } = cpuWork(host, meter)
  Object.assign(g, {
    sleep, block, burn, countPrimes, request, task,
    checkpoint: () => { checkpoint() },
    compare: (modes: Record<string, () => unknown>) => compare(host, modes),
    plot: (spec: PlotSpec) => plot(host, spec),
    parallel: (fn: (i: unknown) => unknown, inputs: unknown[], o?: ParallelOptions) => pending.track(runParallel(host, fn, inputs, o)),
    threads: (fn: (c: ThreadContext) => unknown, n: number, o?: ThreadOptions) => pending.track(runThreads(host, fn, n, o)),
    machine: Object.freeze({
      cores: host.cores,
      reportedCores: navigator.hardwareConcurrency || 1,
      crossOriginIsolated: Boolean(globalThis.crossOriginIsolated),
      userAgent: navigator.userAgent,
    }),
  })
  return { idle: () => pending.idle(), meter }
}
