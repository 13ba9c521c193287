// `burn`'s unit of work, and how much of it one core does per ms.
//
// `burn(ms)` does a fixed amount of work, the amount one free core does in `ms`: two
// burns sharing a core take twice as long, so a timeline cannot show a speedup the
// cores did not give. The rate is measured once per page, in idle time, in a worker of
// its own, after the loop has been optimised (calibrate), and every run, worker and
// thread then gets that same rate.

export const mix = (x: number) => (x * 1103515245 + 12345) | 0

/** Iterations in one chunk. */
export const CHUNK = 1000
/** Chunks `burn` does between checks for a GIL hand-off (~0.25 ms of work). */
export const STEP = 50

/**
 * The work itself: `chunks` × CHUNK mixes. No callback inside, so the same optimised code
 * runs when `calibrate` times it, when a worker warms it up and when `burn` runs it.
 */
export function spin(chunks: number): number {
  let x = 0
  for (let c = 0; c < chunks; c++) {
    for (let i = 0; i < CHUNK; i++) x = mix(x)
  }
  return x
}

/**
 * Runs `spin` the way `burn` calls it for `ms`, so the optimising compiler has finished
 * with it before a timed burn starts (a worker does this once, at start-up).
 */
export function warmUp(ms = 60, now: () => number = () => performance.now()): void {
  for (const end = now() + ms; now() < end;) spin(STEP)
}

export interface CalibrateOptions {
  /** Spinning first, untimed, so the optimising compiler has finished with `spin`. @default 150 */
  warmupMs?: number
  /** Length of one timed window. @default 40 */
  windowMs?: number
  /** Timed windows; the fastest one wins (a window another thread slowed down is not the core's speed). @default 8 */
  windows?: number
  /** Clock in ms. @default performance.now */
  now?: () => number
  /** The work timed (injectable for tests). @default spin */
  work?: (chunks: number) => unknown
}

/** Chunks of `spin` one core does per ms, the best of several windows after a warm-up. */
export function calibrate(options: CalibrateOptions = {}): number {
  const { warmupMs = 150, windowMs = 40, windows = 8, now = () => performance.now(), work = spin } = options
  for (const end = now() + warmupMs; now() < end;) work(STEP) // as warmUp, with `work`
  let best = 0
  for (let w = 0; w < windows; w++) {
    const start = now()
    let chunks = 0
    let elapsed = 0
    while (elapsed < windowMs) {
      work(STEP)
      chunks += STEP
      elapsed = now() - start
    }
    best = Math.max(best, chunks / elapsed)
  }
  return best
}

/** Source text that calls `burn` (a snippet, or a function sent to workers or threads). */
export const burns = (source: string): boolean => /\bburn\s*\(/.test(source)

export interface SpreadOptions extends CalibrateOptions {
  /** Timed rounds, each one window, with a pause after it. @default 12 */
  rounds?: number
  /** Pause between rounds, in ms. @default 150 */
  pauseMs?: number
  /** Waits `ms` (injectable for tests). @default setTimeout */
  sleep?: (ms: number) => Promise<void>
}

/**
 * The page's measurement: a long warm-up (the optimising compiler's last tier takes a few
 * hundred ms of hot loop to arrive), then short windows spread over ~2 s, the fastest one
 * kept. Whatever else the page does while it starts up (editor, compiler, fonts) rarely
 * covers all of them; ~20% of one core meanwhile.
 */
export async function calibrateSpread(options: SpreadOptions = {}): Promise<number> {
  const { rounds = 12, pauseMs = 150, sleep = ms => new Promise<void>(r => setTimeout(r, ms)), warmupMs = 300, windowMs = 30, ...rest } = options
  let best = calibrate({ ...rest, warmupMs, windowMs, windows: 1 })
  for (let i = 1; i < rounds; i++) {
    await sleep(pauseMs)
    best = Math.max(best, calibrate({ ...rest, warmupMs: 0, windowMs, windows: 1 }))
  }
  return best
}

/** The chunks `burn(ms)` does at `rate` chunks per ms (at least one for any ms > 0). */
export function chunksFor(ms: number, rate: number): number {
  if (!(ms > 0) || !(rate > 0)) return 0
  return Math.max(1, Math.round(ms * rate))
}
