// How many cores, and are they free? Probe workers measure, all at once, how much of a core
// each gets (engine/worker/runtime/work.ts `probe`).
// - Counting: more probes than there are cores share them, so their shares add up to the
//   cores that really run at once, whatever `navigator.hardwareConcurrency` says (WebKit
//   rounds it up, privacy settings fake it).
// - Quiet: one probe per core; on a quiet machine each gets about all of one; while the
//   browser is still compiling the deck's code on its own threads (its JIT, a wasm
//   module's optimising tier), or another program runs, some get less. A run pressed
//   during the deck's start-up waits until the probes read quiet.
import type { WorkerLike } from './pool'

/** A probe that got less than this share of its core found the machine busy. */
export const QUIET_SHARE = 0.85
/** Each reading is this long (the first also warms the loop up). */
const READING_MS = 120
const WARMUP_MS = 300
/** Between readings while the machine is busy. */
const PAUSE_MS = 250

export interface QuietOptions {
  /** Gives up (and lets the run go) after this long. @default 6000 */
  maxWaitMs?: number
  /** Told once that the machine is busy, when the first reading says so. */
  onBusy?: () => void
  signal?: AbortSignal
}

/**
 * What the quiet wait found: whether the cores read free, and what that says of their number:
 * `atLeast` when every probe had a core of its own, `cores` when more probes than cores shared
 * them evenly for a while.
 */
export interface QuietReading { quiet: boolean, cores?: number, atLeast?: number }

/**
 * What one reading of the probes' shares says. Quiet: every probe had a core to itself (so
 * there are at least that many). Also quiet, with `cores`: more probes than cores (the browser
 * over-counts), sharing them evenly and adding up to a whole number of cores, so nothing else
 * takes any. A single such reading cannot tell that from a machine where other work holds a
 * whole core (the browser's own compiling at start-up does): untilQuiet believes it only when
 * it holds for FEWER_READINGS in a row. Anything else: busy.
 */
export function judge(shares: number[]): QuietReading {
  if (!shares.length) return { quiet: false }
  if (Math.min(...shares) >= QUIET_SHARE) return { quiet: true, atLeast: shares.length }
  const sum = shares.reduce((a, b) => a + b, 0)
  const mean = sum / shares.length
  const whole = Math.round(sum)
  const even = shares.every(s => Math.abs(s - mean) <= 0.15 * mean)
  // Never one core: two probes halving one core is, far more often, a two-core machine with
  // a core held by other work (a higher-priority thread takes a whole core whatever the
  // probes do), and a browser over-counts by rounding a count up to 4 or 8, never from 1.
  return whole >= 2 && whole < shares.length && Math.abs(sum - whole) <= 0.15 && even ? { quiet: true, cores: whole } : { quiet: false }
}

/** Readings in a row that must say "fewer cores than probes, evenly shared" before it is believed (about 1.5 s). */
export const FEWER_READINGS = 4

/**
 * Resolves once the cores read quiet twice in a row (every probe a core), or fewer cores
 * evenly shared FEWER_READINGS times in a row, or after `maxWaitMs` (not quiet). `cores`
 * probes run: the count known, or the browser's. The probe workers live only while it waits.
 */
export async function untilQuiet(create: () => WorkerLike, cores: number, { maxWaitMs = 6000, onBusy, signal }: QuietOptions = {}): Promise<QuietReading> {
  const workers = Array.from({ length: Math.max(1, cores) }, () => probeWorker(create))
  const deadline = Date.now() + maxWaitMs
  try {
    // Quiet twice in a row: the browser's compiling comes in bursts.
    let streak = 0
    let last: QuietReading = { quiet: false }
    for (let first = true; !signal?.aborted; first = false) {
      const shares = await Promise.all(workers.map(w => w.read(first ? WARMUP_MS : 0)))
      const now = judge(shares)
      streak = now.quiet && last.quiet && now.cores === last.cores ? streak + 1 : now.quiet ? 1 : 0
      if (streak >= (now.cores ? FEWER_READINGS : 2)) return now
      if (!now.quiet && first) onBusy?.()
      if (Date.now() > deadline) return { quiet: false }
      if (streak < 2) await new Promise(resolve => setTimeout(resolve, PAUSE_MS))
      last = now
    }
    return { quiet: false }
  }
  finally { workers.forEach(w => w.end()) }
}

/** Most probes a count starts (a machine with more cores reads as this many). */
export const MAX_PROBES = 32
/** A probe that got at least this share of a core had one to itself. */
const FULL_SHARE = 0.9

export interface CountOptions {
  signal?: AbortSignal
  /** Readings per number of probes; the highest counts (other work only ever lowers one). @default 2 */
  readings?: number
  /** Cores known to be there (a quiet reading gave that many probes a core each): a busy moment never counts fewer. @default 1 */
  atLeast?: number
}

/**
 * How many workers really run at once: `reported` probes (the browser's count), doubled
 * while every one of them gets a whole core, up to MAX_PROBES; their shares add up to the
 * cores. Other work on the machine can only lower a reading, so the highest of `readings`
 * counts, and the caller keeps the highest of every count; never fewer than `atLeast`, nor
 * than two unless the browser says one. Undefined if a probe could not
 * start (the caller goes on with the browser's count).
 */
export async function countCores(create: () => WorkerLike, reported: number, { signal, readings = 2, atLeast = 1 }: CountOptions = {}): Promise<number | undefined> {
  const start = Math.min(MAX_PROBES, Math.max(1, Math.round(reported) || 1))
  let n = start
  let best = 0
  for (;;) {
    const workers = Array.from({ length: n }, () => probeWorker(create))
    let saturated = false
    try {
      // All start measuring together; a probe that cannot start leaves the count unknown.
      if (!(await Promise.all(workers.map(w => w.ready))).every(Boolean)) return undefined
      for (let r = 0; r < readings && !signal?.aborted; r++) {
        const shares = await Promise.all(workers.map(w => w.read(r ? 0 : WARMUP_MS)))
        best = Math.max(best, shares.reduce((a, b) => a + b, 0))
        saturated ||= Math.min(...shares) >= FULL_SHARE
      }
    }
    finally { workers.forEach(w => w.end()) }
    if (!saturated || n >= MAX_PROBES || signal?.aborted) break
    n = Math.min(MAX_PROBES, n * 2)
  }
  // 1.6 of a core's work at once is two cores with something else on the machine.
  // Not below two unless the browser says one (see judge).
  return Math.min(n, Math.max(Math.min(2, start), atLeast, Math.round(best + 0.1)))
}

function probeWorker(create: () => WorkerLike) {
  const worker = create()
  const ready = new Promise<boolean>((resolve) => {
    worker.onmessage = ({ data }) => { if (data.type === 'ready') resolve(true) }
    worker.onerror = (e) => { e.preventDefault?.(); resolve(false) }
  })
  return {
    ready,
    /** The share of a core it got (1 if it could not measure: a broken probe holds nothing up). */
    async read(warmupMs: number): Promise<number> {
      if (!await ready) return 1
      return new Promise((resolve) => {
        worker.onmessage = ({ data }) => { if (data.type === 'probed') resolve(data.share) }
        worker.onerror = (e) => { e.preventDefault?.(); resolve(1) }
        worker.postMessage({ type: 'probe', warmupMs, ms: READING_MS })
      })
    },
    end: () => worker.terminate(),
  }
}
