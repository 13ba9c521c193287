// What a stretch of one worker's time went to: computing (burn, countPrimes), waiting
// (sleep, request, timers) or blocked (block, a GIL wait). A span takes its kind from the
// readings at its start and end, so a bar's look says what the lane was doing.
import type { Span } from './protocol'

export type SpanKind = NonNullable<Span['kind']>
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
 * The kind of the stretch between two readings: whatever took at least half of it, else
 * `fallback` (what the caller knows of it: a sub-worker's function computes unless it waited).
 */
export function kindBetween(a: MeterReading, b: MeterReading, fallback: SpanKind = 'task'): SpanKind {
  const total = b.t - a.t
  if (!(total > 0)) return fallback
  const shares: Array<[SpanKind, number]> = [['cpu', b.cpu - a.cpu], ['io', b.io - a.io], ['wait', b.blocked - a.blocked]]
  const [kind, ms] = shares.reduce((best, s) => (s[1] > best[1] ? s : best))
  return ms >= total / 2 ? kind : fallback
}
