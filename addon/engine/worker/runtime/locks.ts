// Atomics-based locks over shared memory: a mutex (like threading.Lock), a GIL with
// forced hand-offs (like CPython's switch interval), and a start barrier.
import { now as clock } from '../../shared/clock'

/** Word indexes in the `control` Int32Array shared by all threads of one `threads` call. */
export const LOCK = 0
export const GIL = 1
export const GIL_WAITERS = 2
export const GIL_SWITCHES = 3
export const BARRIER = 4
export const CONTROL_WORDS = 8

// A futex mutex (Drepper, "Futexes are tricky"): 0 free, 1 locked, 2 locked with waiters.
export function lock(a: Int32Array, i: number): void {
  let c = Atomics.compareExchange(a, i, 0, 1)
  if (c === 0) return
  if (c !== 2) c = Atomics.exchange(a, i, 2)
  while (c !== 0) {
    Atomics.wait(a, i, 2)
    c = Atomics.exchange(a, i, 2)
  }
}

export function unlock(a: Int32Array, i: number): void {
  if (Atomics.sub(a, i, 1) !== 1) {
    Atomics.store(a, i, 0)
    Atomics.notify(a, i, 1)
  }
}

/** The `ctx.lock` object threads see. */
export function mutex(a: Int32Array, i = LOCK): ThreadContext['lock'] {
  return {
    acquire: () => lock(a, i),
    release: () => unlock(a, i),
    with<T>(fn: () => T): T {
      lock(a, i)
      try { return fn() } finally { unlock(a, i) }
    },
  }
}

/**
 * Blocks until `count` threads have arrived, so they really start together. Spins first:
 * waking from Atomics.wait can take milliseconds, longer than a short race lasts.
 */
export function arrive(a: Int32Array, count: number, i = BARRIER, spinMs = 200): void {
  let n = Atomics.add(a, i, 1) + 1
  if (n >= count) {
    Atomics.notify(a, i)
    return
  }
  const until = performance.now() + spinMs
  while (n < count && performance.now() < until) n = Atomics.load(a, i)
  while (n < count) {
    Atomics.wait(a, i, n)
    n = Atomics.load(a, i)
  }
}

export type GilSpan = (kind: 'cpu' | 'wait', start: number, end: number) => void

/** One thread's view of the GIL. Spans shorter than `minSpan` ms are not reported. */
export class Gil {
  held = false
  private since = 0

  constructor(
    private readonly a: Int32Array,
    private readonly switchInterval: number,
    private readonly onSpan: GilSpan = () => {},
    private readonly now: () => number = clock,
    private readonly minSpan = 1,
  ) {}

  acquire(): void {
    if (this.held) return
    const t0 = this.now()
    Atomics.add(this.a, GIL_WAITERS, 1)
    lock(this.a, GIL)
    Atomics.sub(this.a, GIL_WAITERS, 1)
    Atomics.add(this.a, GIL_SWITCHES, 1)
    Atomics.notify(this.a, GIL_SWITCHES)
    this.held = true
    this.since = this.now()
    this.span('wait', t0, this.since)
  }

  release(): void {
    if (!this.held) return
    this.held = false
    this.span('cpu', this.since, this.now())
    unlock(this.a, GIL)
  }

  /**
   * A forced switch: after `switchInterval` ms with another thread waiting, hand the GIL over,
   * wait until someone else has taken it, then queue again. Returns the ms spent not holding it.
   */
  checkpoint(): number {
    if (!this.held || Atomics.load(this.a, GIL_WAITERS) === 0) return 0
    const t0 = this.now()
    if (t0 - this.since < this.switchInterval) return 0
    const switches = Atomics.load(this.a, GIL_SWITCHES)
    this.release()
    Atomics.wait(this.a, GIL_SWITCHES, switches, 50) // the waiter takes it (no barging back)
    this.acquire()
    return this.now() - t0
  }

  private span(kind: 'cpu' | 'wait', start: number, end: number): void {
    if (end - start >= this.minSpan) this.onSpan(kind, start, end)
  }
}
