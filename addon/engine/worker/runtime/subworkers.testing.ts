// The sub-workers' unit tests' fixture (subworkers.test.ts, subworkers.frame.test.ts): a
// sub-worker played in-process, a run's host, and FakeWorker standing in for `Worker`.
import type { BatchMessage, ChildToParent, DroppedMessage, ParentToChild, WorkSlice } from '../../protocol'
import type { RuntimeHost } from './host'
import { afterEach, beforeEach, vi } from 'vitest'

export const g = globalThis as unknown as Record<string, unknown>
let saved: Map<string, PropertyDescriptor | undefined>

/**
 * A sub-worker played in-process: 'ready' once started, then, per input, the function
 * (revived from its source text, as child.ts does) after a delay, answered with a work
 * slice. It answers nothing once terminated, as a real one.
 */
export class FakeWorker {
  static all: FakeWorker[] = []
  /** How long an input takes (ms). */
  static delay: (input: unknown) => number = () => 1
  /** Output the child sends before a result. */
  static output: (input: unknown, lane: string) => Array<BatchMessage | DroppedMessage> = () => []
  onmessage: ((e: { data: ChildToParent }) => void) | null = null
  onerror: ((e: { message?: string, preventDefault(): void }) => void) | null = null
  received: ParentToChild[] = []
  terminated = false
  private fn: (input: unknown) => unknown = () => undefined
  private lane = ''

  /** Which workers (by name) fail to start: an error event in place of 'ready'. */
  static failsToStart: (name?: string) => boolean = () => false
  /** Which workers (by their index in `all`) never start and say nothing (Firefox ESR, now and then). */
  static silent: (index: number) => boolean = () => false

  constructor(readonly url: string, readonly options: { type?: string, name?: string }) {
    FakeWorker.all.push(this)
    if (FakeWorker.silent(FakeWorker.all.length - 1)) return
    setTimeout(() => {
      if (FakeWorker.failsToStart(options.name)) this.onerror?.({ message: 'failed to load the script', preventDefault: () => {} })
      else this.answer({ type: 'ready' })
    }, 0)
  }

  postMessage(msg: ParentToChild): void {
    this.received.push(structuredClone(msg))
    if (msg.type === 'parallel') {
      this.fn = new Function(`return (${msg.fn})`)() as (input: unknown) => unknown
      this.lane = msg.lane
    } else if (msg.type === 'warm') {
      setTimeout(() => this.answer({ type: 'result', id: msg.id, seq: -1, ok: true, value: true }), 0)
    } else if (msg.type === 'input') {
      const start = performance.now()
      setTimeout(() => {
        for (const out of FakeWorker.output(msg.input, this.lane)) this.answer(out)
        const work: WorkSlice[] = [{ lane: this.lane, start, end: start + 10, busy: 10, work: 10 }]
        try {
          this.answer({ type: 'result', id: msg.id, seq: msg.seq, ok: true, value: this.fn(msg.input), work })
        } catch (e) {
          const err = e as Error
          this.answer({ type: 'result', id: msg.id, seq: msg.seq, ok: false, name: err.name, message: err.message, work })
        }
      }, FakeWorker.delay(msg.input))
    }
  }

  terminate(): void { this.terminated = true }

  /** The inputs (seq) this worker was given, in order. */
  get seqs(): number[] {
    return this.received.flatMap(m => m.type === 'input' ? [m.seq] : [])
  }

  answer(data: ChildToParent): void {
    if (!this.terminated) this.onmessage?.({ data })
  }
}

export function fakeHost(): RuntimeHost & { forwarded: Array<BatchMessage | DroppedMessage> } {
  const forwarded: Array<BatchMessage | DroppedMessage> = []
  return {
    id: 3,
    lane: 'main',
    group: 'parallel',
    maxLines: 50,
    cores: 3,
    slices: [],
    rates: { burn: 100, primes: 1000 },
    forwarded,
    emit: () => {},
    forward: m => forwarded.push(m),
  }
}

/** Each test of the file with fresh FakeWorkers as `Worker` (and a worker's `location`), put back after. */
export function useFakeWorkers(): void {
  beforeEach(() => {
    saved = new Map(['Worker', 'location'].map(k => [k, Object.getOwnPropertyDescriptor(globalThis, k)]))
    FakeWorker.all = []
    FakeWorker.delay = () => 1
    FakeWorker.output = () => []
    FakeWorker.failsToStart = () => false
    FakeWorker.silent = () => false
    g.Worker = FakeWorker
    g.location = { href: 'http://localhost/engine/worker/entry.ts' }
    vi.stubGlobal('navigator', { hardwareConcurrency: 3, userAgent: 'vitest' })
  })

  afterEach(() => {
    for (const [k, d] of saved) {
      if (d) Object.defineProperty(globalThis, k, d)
      else delete g[k]
    }
    vi.unstubAllGlobals()
  })
}
