// What a stretch of one worker's time went to: computing (burn, countPrimes), waiting
// (sleep, request, timers) or blocked (block, a GIL wait). A span takes its kind from the
// readings at its start and end, so a bar's look says what the lane was doing.
import type { SpanKind } from '../../protocol'

export interface MeterReading { t: number, cpu: number, io: number, blocked: number }

export class WorkMeter {
  private cpu = 0
  private blocked = 0
  private io = 0
  private waits = 0
  private waitingSince = 0

  constructor(private readonly now: () => number) {}

  /** `ms` of computing (burn and countPrimes report theirs). */
  computed(ms: number): void { this.cpu += ms }
  /** `ms` with the thread blocked (block, waiting for the GIL). */
  blockedFor(ms: number): void { this.blocked += ms }
  /** A wait starts (a sleep, a request, a timer); overlapping waits count once. */
  waitStart(): void { if (this.waits++ === 0) this.waitingSince = this.now() }
  waitEnd(): void {
    if (this.waits === 0) return
    if (--this.waits === 0) this.io += this.now() - this.waitingSince
  }

  read(): MeterReading {
    const t = this.now()
    return { t, cpu: this.cpu, blocked: this.blocked, io: this.io + (this.waits > 0 ? t - this.waitingSince : 0) }
  }
}

/**
 * The kind of the stretch between two readings: computing if it took at least half of it
 * (computing is measured exactly, and a timer can be pending while the thread computes),
 * else blocked, else waiting, if that took half; else `fallback` (what the caller knows
 * of it: a sub-worker's function computes unless it waited).
 */
export function kindBetween(a: MeterReading, b: MeterReading, fallback: SpanKind = 'task'): SpanKind {
  const total = b.t - a.t
  if (!(total > 0)) return fallback
  const half = total / 2
  if (b.cpu - a.cpu >= half) return 'cpu'
  if (b.blocked - a.blocked >= half) return 'wait'
  if (b.io - a.io >= half) return 'io'
  return fallback
}
