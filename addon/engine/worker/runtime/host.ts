// What a worker gives the runtime it installs, and what it gets back. Types, and the
// worker's own timers taken before any runtime wraps them.
import type { BatchMessage, DroppedMessage, GroupMessage, PlotMessage, Rates, SpanMessage, WorkSlice } from '../../protocol'
import type { Gil } from './locks'
import type { WorkMeter } from './meter'

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
  /** How many workers run at once, as the page counted them (else the browser's figure): `machine.cores`. */
  cores: number
  /** How much work a free core does per ms: the page's (work.ts), handed to every worker. */
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

// The worker's own timers, before any runtime wraps them (a reused thread worker installs
// the runtime once per `threads` call).
export const realTimeout = globalThis.setTimeout.bind(globalThis)
export const realClearTimeout = globalThis.clearTimeout.bind(globalThis)
