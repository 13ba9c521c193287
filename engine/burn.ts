// The runtime's CPU work (`burn`'s unit and `countPrimes`' trial divisions), and how much
// of each one core does per ms.
//
// `burn(ms)` does a fixed amount of work, the amount one free core does in `ms`: two
// burns sharing a core take twice as long, so a timeline cannot show a speedup the
// cores did not give. Both rates are measured on a quiet page, in a worker of its own,
// after the loops have been optimised (calibrateRates), kept as the fastest ever seen on
// this browser and machine, and every run, worker and thread gets the same rates. They
// also tell how fast a run's work went against a free core (engine/pace.ts).

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

/** Numbers `countPrimes` tests between checks for a GIL hand-off. */
export const PRIME_BLOCK = 1024

/**
 * `countPrimes`' work on [from, to): the primes found, and the work done in trial
 * divisions (one per number, plus one per divisor tried), the unit its rate counts.
 */
export function primeBlock(from: number, to: number): { count: number, work: number } {
  let count = 0
  let work = 0
  for (let n = Math.max(2, Math.ceil(from)); n < to; n++) {
    work++
    if (n % 2 === 0) { if (n === 2) count++; continue }
    let d = 3
    for (; d * d <= n; d += 2) if (n % d === 0) break
    work += (d - 1) >> 1 // divisors tried: 3, 5, ..., d
    if (d * d > n) count++
  }
  return { count, work }
}

/**
 * Runs `spin` the way `burn` calls it for `ms`, and `primeBlock` a little, so the
 * optimising compiler has finished with both before a timed run starts (a worker does
 * this once, at start-up).
 */
export function warmUp(ms = 60, now: () => number = () => performance.now()): void {
  for (const end = now() + ms; now() < end;) spin(STEP)
  for (let n = 1e6; n < 1e6 + 16 * PRIME_BLOCK; n += PRIME_BLOCK) primeBlock(n, n + PRIME_BLOCK)
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
  /** `work` returns the units it did (else it did the STEP chunks it was asked for). @default false */
  units?: boolean
}

/** Units of `work` (`spin` chunks) one core does per ms, the best of several windows after a warm-up. */
export function calibrate(options: CalibrateOptions = {}): number {
  const { warmupMs = 150, windowMs = 40, windows = 8, now = () => performance.now(), work = spin, units = false } = options
  for (const end = now() + warmupMs; now() < end;) work(STEP) // as warmUp, with `work`
  let best = 0
  for (let w = 0; w < windows; w++) {
    const start = now()
    let chunks = 0
    let elapsed = 0
    while (elapsed < windowMs) {
      const did = work(STEP)
      chunks += units ? Number(did) : STEP
      elapsed = now() - start
    }
    best = Math.max(best, chunks / elapsed)
  }
  return best
}

/** Source text that calls `burn` (a snippet, or a function sent to workers or threads). */
export const burns = (source: string): boolean => /\bburn\s*\(/.test(source)

/**
 * Source text whose timings depend on how fast the cores compute: it calls the runtime's
 * CPU work, or starts workers or threads. Its runs wait for a quiet machine (engine/background.ts).
 */
export const computes = (source: string): boolean => /\b(burn|countPrimes|parallel|threads)\s*\(/.test(source)

/** How much work one free core does per ms: `burn` chunks, and `countPrimes` trial divisions. */
export interface Rates { burn: number, primes: number }

/** The faster of two measurements, rate by rate (other work only ever slows a reading down). */
export function fastest(a: Partial<Rates> | undefined, b: Partial<Rates> | undefined): Rates | undefined {
  const burn = Math.max(a?.burn ?? 0, b?.burn ?? 0)
  const primes = Math.max(a?.primes ?? 0, b?.primes ?? 0)
  return burn > 0 && primes > 0 ? { burn, primes } : undefined
}

/** The rates a worker was given or, if the page could not measure them, a quick measurement of its own. */
export function ratesOf(holder: { rates?: Rates }): Rates {
  return holder.rates ??= { burn: calibrate({ warmupMs: 60, windows: 3 }), primes: calibratePrimes({ warmupMs: 20, windows: 3 }) }
}

/** Trial divisions per ms, timed like `calibrate`, over numbers near a million. */
export function calibratePrimes(options: Omit<CalibrateOptions, 'work' | 'units'> & { work?: () => number } = {}): number {
  let n = 1e6
  // One call of `work` tests a block of numbers; its trial divisions are what is counted.
  const work = options.work ?? (() => { n += PRIME_BLOCK; return primeBlock(n - PRIME_BLOCK, n).work })
  return calibrate({ ...options, work, units: true })
}

export interface RatesOptions extends Omit<CalibrateOptions, 'units'> {
  /** `countPrimes`' work timed, returning the divisions it did (injectable for tests). @default a block of primeBlock */
  primeWork?: () => number
  /** Timed rounds, each one window of each kind of work, with a pause after it. @default 8 */
  rounds?: number
  /** Pause between rounds, in ms. @default 40 */
  pauseMs?: number
  /** Waits `ms` (injectable for tests). @default setTimeout */
  sleep?: (ms: number) => Promise<void>
}

/**
 * The page's measurement, made while nothing else of the deck's runs: a long warm-up (the
 * optimising compiler's last tier takes a few hundred ms of hot loop to arrive), then
 * short windows of each kind of work spread over ~1 s, the fastest of each kept.
 */
export async function calibrateRates(options: RatesOptions = {}): Promise<Rates> {
  const { rounds = 8, pauseMs = 40, sleep = ms => new Promise<void>(r => setTimeout(r, ms)), warmupMs = 300, windowMs = 30, primeWork, work, now } = options
  const timed = (warm: number) => ({ now, warmupMs: warm, windowMs, windows: 1 })
  let burn = calibrate({ ...timed(warmupMs), work })
  let primes = calibratePrimes({ ...timed(warmupMs / 3), work: primeWork })
  for (let i = 1; i < rounds; i++) {
    await sleep(pauseMs)
    burn = Math.max(burn, calibrate({ ...timed(0), work }))
    primes = Math.max(primes, calibratePrimes({ ...timed(0), work: primeWork }))
  }
  return { burn, primes }
}

/** The chunks `burn(ms)` does at `rate` chunks per ms (at least one for any ms > 0). */
export function chunksFor(ms: number, rate: number): number {
  if (!(ms > 0) || !(rate > 0)) return 0
  return Math.max(1, Math.round(ms * rate))
}
