// One worker's run session: capped, batched output; console capture; the runtime installed.
// Used by the snippet worker (lane 'main') and by its sub-workers ('worker 1', 'thread 2', ...).
import type { CalibratedMessage, ChildToParent, ProbedMessage, GroupMessage, LogLevel, LogMessage, PlotMessage, SpanMessage, WorkerToPageOrBatch } from '../protocol'
import type { WorkMeter } from './runtime/meter'
import { now } from '../shared/clock'
import { formatArgs } from './format'
import { Output } from './output'
import { realTimeout, type RuntimeHost } from './runtime/host'
import { installRuntime } from './runtime/runtime'

/** Sends a message to whoever started this worker (the page, or a parent snippet worker). */
export const send = (message: WorkerToPageOrBatch | ChildToParent | CalibratedMessage | ProbedMessage): void => postMessage(message)

type Out = LogMessage | SpanMessage | GroupMessage | PlotMessage
const LEVELS: Array<[keyof Console, LogLevel]> = [['log', 'log'], ['info', 'info'], ['warn', 'warn'], ['error', 'error']]

export interface Session {
  host: RuntimeHost
  output: Output<Out>
  meter: WorkMeter
  idle(): Promise<void>
  /** Sends buffered output, then the dropped count (once) if any. */
  finish(): void
}

/** `cores`: the page's count of cores (engine/run/probe.ts); without one, the browser's figure. */
export function startSession(id: number, maxLines: number, lane: string, group?: string, cores?: number): Session {
  // The worker's own timer: the snippet's (the runtime wraps it) would count as its waiting.
  const output = new Output<Out>({ maxLines, schedule: realTimeout, send: messages => send({ type: 'batch', id, messages }) })
  for (const [method, level] of LEVELS) {
    (console as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      output.log(() => ({ type: 'log', id, level, text: formatArgs(args), t: now() }))
    }
  }
  const host: RuntimeHost = {
    id,
    lane,
    group,
    maxLines,
    cores: cores ?? (navigator.hardwareConcurrency || 1),
    slices: [],
    emit: msg => output.event(msg),
    forward(msg) {
      if (msg.type === 'dropped') output.addDropped(msg.count)
      else for (const m of msg.messages) m.type === 'log' ? output.log(() => m) : output.event(m)
    },
  }
  const runtime = installRuntime(host)
  let reported = 0
  return {
    host,
    output,
    meter: runtime.meter,
    idle: runtime.idle,
    finish() {
      output.flush()
      if (output.dropped > reported) {
        send({ type: 'dropped', id, count: output.dropped - reported })
        reported = output.dropped
      }
    },
  }
}
