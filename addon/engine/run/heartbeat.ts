// Is the runner frame still there? Chromium tells a page nothing when an iframe's process
// ends (a worker in it ran out of memory), so the page asks: a ping every beat, answered
// at once by the frame's idle main thread (its workers do the work). A ping unanswered for
// `lostAfterMs` of the page's own waking time means the frame is gone. Pure: the caller
// owns the timer and the messages (engine/run/frame.ts).

export type Beat = { ping: number } | 'lost' | undefined

export class Heartbeat {
  /** When the frame last answered a ping. */
  answeredAt: number | undefined
  private seq = 0
  private waiting: { seq: number, since: number } | undefined
  private last: number | undefined

  constructor(private readonly beatMs = 250, private readonly lostAfterMs = 1000) {}

  /** Called every `beatMs` (ms now): a ping to send, 'lost', or nothing to do. */
  tick(now: number): Beat {
    // A tick that comes late means the page itself was busy or throttled (a hidden tab):
    // the frame's answer may be waiting behind this tick, so the wait starts again.
    if (this.waiting && this.last !== undefined && now - this.last > 3 * this.beatMs) this.waiting.since = now
    this.last = now
    if (!this.waiting) {
      this.waiting = { seq: ++this.seq, since: now }
      return { ping: this.seq }
    }
    return now - this.waiting.since >= this.lostAfterMs ? 'lost' : undefined
  }

  /** The frame answered ping `seq` (ms now). */
  pong(seq: number, now: number): void {
    if (this.waiting?.seq !== seq) return
    this.waiting = undefined
    this.answeredAt = now
  }

  /** A fresh frame: nothing is owed. */
  reset(): void {
    this.waiting = undefined
    this.last = undefined
  }
}
