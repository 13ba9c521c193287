// The parent side of `parallel` and `threads`: sub-workers are nested dedicated workers
// running the same worker entry. They die with their parent when it is terminated.
// `parallel` starts fresh workers each call, as a process pool starts processes (their
// start-up is part of what processes cost); `threads` reuses workers started before
// the run (startThreads), as a thread starts in microseconds.
import type { ChildToParent, ParentToChild, Rates, ResultMessage, SpawnMessage } from '../../protocol'
import type { RuntimeHost } from './host'
import { computes } from '../../shared/source'
import { addSlice } from '../../shared/pace'
import { ratesOf } from './work'
import { realTimeout } from './host'
import { CONTROL_WORDS } from './locks'
import { needSharedMemory } from './shared-memory'

/** A sub-worker as its parent uses it: a nested Worker, or one the runner frame started (below). */
type SubWorker = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((e: MessageEvent) => void) | null
  onerror: ((e: ErrorEvent) => void) | null
}

interface Child {
  ready: Promise<void>
  post(msg: ParentToChild): void
  call(seq: number, msg: ParentToChild): Promise<unknown>
  terminate(): void
  broken(): boolean
}

declare global {
  var __liveCellsEntry: string | undefined
  /**
   * Set in the runner frame's workers (engine/frame/host.ts): the frame starts their
   * sub-workers (a worker's own nested workers would not be cross-origin isolated there).
   */
  var __liveCellsSpawn: ((name: string) => SubWorker) | undefined
}
/** The worker entry's URL, whether Vite serves it (dev) or bundled it (build): a sub-worker is told it. */
const entryURL = (): string => globalThis.__liveCellsEntry ?? globalThis.location.href
let entryBlob: string | undefined
/**
 * A sub-worker starts from a blob that imports the entry. A blob worker takes its
 * creator's isolation (COEP) and service worker with it, where a worker started from the
 * entry's own URL needs the isolation headers on that response: a static host sends none,
 * and WebKit can leave a page's first worker outside the service worker that adds them
 * (its sub-workers then failed to load on a page's first run).
 */
function subWorkerURL(): string {
  const entry = entryURL()
  return entryBlob ??= URL.createObjectURL(new Blob([`globalThis.__liveCellsEntry = ${JSON.stringify(entry)}\nawait import(${JSON.stringify(entry)})\n`], { type: 'text/javascript' }))
}

/**
 * A sub-worker that has not said 'ready' after `ms` is started again, up to `tries` times:
 * Firefox ESR leaves a few nested workers in a hundred unstarted, with no error (measured
 * here: 5-12 of 60 sets of four, with or without a service worker; never a page's own).
 */
export const subWorkerStart = { ms: 2000, tries: 3 }

/** The page hears of a spawn before and after (a worker that froze in between cannot say so itself). */
const tellPage = (message: SpawnMessage): void => (globalThis as { postMessage?: (m: SpawnMessage) => void }).postMessage?.(message)

/** A nested worker from the blob; the page is told before and after `new Worker()` returns. */
function nestedWorker(host: RuntimeHost, name: string): SubWorker {
  tellPage({ type: 'spawn', id: host.id, name, started: false })
  const w = new Worker(subWorkerURL(), { type: 'module', name })
  tellPage({ type: 'spawn', id: host.id, name, started: true })
  return w
}

function spawn(host: RuntimeHost, name: string): Child {
  const calls = new Map<number, { resolve(v: unknown): void, reject(e: Error): void }>()
  let crashed: Error | undefined
  let started = false
  let tries = 0
  let worker: SubWorker | undefined
  let onReady = () => {}
  let onCrash: (e: Error) => void = () => {}
  // A worker that crashes before it is ready (its script failed to load) rejects: awaiting it must not hang.
  const ready = new Promise<void>((resolve, reject) => { onReady = resolve; onCrash = reject })
  ready.catch(() => {}) // reported where it is awaited, not as an unhandled rejection
  function fail(error: Error) {
    crashed = error
    onCrash(error)
    for (const c of calls.values()) c.reject(error)
    calls.clear()
  }
  function start() {
    worker?.terminate()
    // In the runner frame the frame starts it (its shim's line stands in for the worker); elsewhere a nested worker from the blob.
    const w: SubWorker = worker = globalThis.__liveCellsSpawn?.(name) ?? nestedWorker(host, name)
    tries++
    w.onmessage = (e: MessageEvent<ChildToParent>) => {
      const m = e.data
      if (m.type === 'ready') { started = true; onReady() }
      else if (m.type === 'batch' || m.type === 'dropped') host.forward(m)
      else if (m.type === 'result') settle(m)
    }
    w.onerror = (e) => {
      e.preventDefault()
      fail(new Error(`${name} crashed${e.message ? `: ${e.message}` : ' (out of memory?)'}`))
    }
    realTimeout(() => {
      if (started || crashed || worker !== w) return
      if (tries < subWorkerStart.tries) start()
      else fail(new Error(`${name} did not start (${tries} tries, ${subWorkerStart.ms} ms each)`))
    }, subWorkerStart.ms)
  }
  function settle(m: ResultMessage) {
    for (const s of m.work ?? []) addSlice(host.slices, s) // before the call resolves: the mode's pace needs it
    const c = calls.get(m.seq)
    calls.delete(m.seq)
    if (!c) return
    if (m.ok) c.resolve(m.value)
    else c.reject(Object.assign(new Error(`${name}: ${m.message}`), { name: m.name }))
  }
  start()
  return {
    ready,
    broken: () => crashed !== undefined,
    post: msg => worker!.postMessage(msg),
    terminate: () => worker?.terminate(),
    call(seq, msg) {
      if (crashed) return Promise.reject(crashed)
      return new Promise((resolve, reject) => {
        calls.set(seq, { resolve, reject })
        worker!.postMessage(msg)
      })
    },
  }
}

/**
 * The page's rates, normally. Without them (its calibration failed), measured here once,
 * before any sub-worker competes for a core, if the function computes at all.
 */
function ratesFor(host: RuntimeHost, src: string): Rates | undefined {
  return computes(src) ? ratesOf(host) : host.rates
}

function source(fn: unknown): string {
  if (typeof fn !== 'function') throw new TypeError('expected a function')
  return fn.toString()
}

/** A snippet that calls `threads` (its workers are started before it runs). */
export const usesThreads = (code: string): boolean => /\bthreads\s*\(/.test(code)

/** How many thread workers to start before a run that uses threads, on `cores` cores. */
export const threadsToStart = (cores: number): number => Math.max(4, Math.min(cores || 4, 8))

const threadPool: Child[] = []

/**
 * Starts `count` thread workers (module loaded, `burn`'s loop optimised) for this run's
 * `threads` calls. The snippet worker calls it before the snippet starts, so no demo
 * times a worker's start-up as if it were a thread's.
 */
export async function startThreads(host: RuntimeHost, count: number): Promise<void> {
  for (let k = threadPool.length - 1; k >= 0; k--) if (threadPool[k].broken()) threadPool.splice(k, 1)[0].terminate()
  while (threadPool.length < count) threadPool.push(spawn(host, `thread ${threadPool.length + 1}`))
  await Promise.all(threadPool.map(async (c) => {
    await c.ready
    await c.call(-1, { type: 'warm', id: host.id })
  }))
}

export async function runParallel<I, O>(
  host: RuntimeHost,
  fn: (input: I) => O | Promise<O>,
  inputs: I[],
  options: ParallelOptions = {},
): Promise<O[]> {
  const src = source(fn)
  const rates = ratesFor(host, src)
  const n = Math.max(1, Math.min(options.workers ?? host.cores, inputs.length))
  const label = options.label ?? String
  const results = new Array<O>(inputs.length)
  const children = Array.from({ length: n }, (_, k) => spawn(host, `worker ${k + 1}`))
  let next = 0
  try {
    await Promise.all(children.map(async (c, k) => {
      await c.ready
      c.post({ type: 'parallel', id: host.id, fn: src, lane: `worker ${k + 1}`, group: host.group, maxLines: host.maxLines, rates, cores: host.cores } satisfies ParentToChild)
      // Dynamic scheduling: each worker pulls the next input when it is free.
      while (next < inputs.length) {
        const seq = next++
        const msg: ParentToChild = { type: 'input', id: host.id, seq, input: inputs[seq], label: label(inputs[seq]) }
        results[seq] = (await c.call(seq, msg)) as O
      }
    }))
  } finally {
    children.forEach(c => c.terminate())
  }
  return results
}

export async function runThreads<O>(
  host: RuntimeHost,
  fn: (ctx: ThreadContext) => O | Promise<O>,
  n: number,
  options: ThreadOptions = {},
): Promise<ThreadsResult<O>> {
  needSharedMemory('threads()')
  const src = source(fn)
  const rates = ratesFor(host, src)
  const shared = new Int32Array(new SharedArrayBuffer(4 * (options.shared ?? 16)))
  const control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS))
  await startThreads(host, n) // started already, unless this call wants more than were
  const children = threadPool.slice(0, n)
  const results = await Promise.all(children.map(async (c, index) => (await c.call(index, {
    type: 'thread', id: host.id, fn: src, lane: `thread ${index + 1}`, group: host.group, maxLines: host.maxLines, cores: host.cores,
    index, count: n, shared, control, gil: options.gil ?? false, switchInterval: options.switchInterval ?? 5, rates,
  })) as O))
  return { results, shared }
}
