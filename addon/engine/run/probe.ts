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

/** What the quiet wait found: whether the cores read free, and how many there are if it could tell. */
export interface QuietReading { quiet: boolean, cores?: number }

/**
 * What one reading of the probes' shares says. Quiet: every probe had a core to itself.
 * Also quiet: more probes than cores (the browser over-counts), sharing them evenly and
 * adding up to a whole number of cores, so nothing else takes any; that number is the
 * cores. Anything else: busy (another thread takes an uneven or fractional share).
 */
export function judge(shares: number[]): QuietReading {
  if (!shares.length) return { quiet: false }
  if (Math.min(...shares) >= QUIET_SHARE) return { quiet: true }
  const sum = shares.reduce((a, b) => a + b, 0)
  const mean = sum / shares.length
  const whole = Math.round(sum)
  const even = shares.every(s => Math.abs(s - mean) <= 0.15 * mean)
  return whole >= 1 && whole < shares.length && Math.abs(sum - whole) <= 0.15 && even ? { quiet: true, cores: whole } : { quiet: false }
}

/**
 * Resolves once the cores read quiet twice in a row (the same way), or after `maxWaitMs`.
 * `cores` probes run: the count known, or the browser's. The probe workers live only
 * while it waits.
 */
export async function untilQuiet(create: () => WorkerLike, cores: number, { maxWaitMs = 6000, onBusy, signal }: QuietOptions = {}): Promise<QuietReading> {
  const workers = Array.from({ length: Math.max(1, cores) }, () => probeWorker(create))
  const deadline = Date.now() + maxWaitMs
  try {
    // Two quiet readings in a row: the browser's compiling comes in bursts.
    let last: QuietReading = { quiet: false }
    for (let first = true; !signal?.aborted; first = false) {
      const shares = await Promise.all(workers.map(w => w.read(first ? WARMUP_MS : 0)))
      const now = judge(shares)
      if (now.quiet && last.quiet && now.cores === last.cores) return now
      if (!now.quiet && first) onBusy?.()
      if (Date.now() > deadline) return { quiet: false }
      if (!now.quiet) await new Promise(resolve => setTimeout(resolve, PAUSE_MS))
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
}

/**
 * How many workers really run at once: `reported` probes (the browser's count), doubled
 * while every one of them gets a whole core, up to MAX_PROBES; their shares add up to the
 * cores. Other work on the machine can only lower a reading, so the highest of `readings`
 * counts, and the caller keeps the highest of every count. Undefined if a probe could not
 * start (the caller goes on with the browser's count).
 */
export async function countCores(create: () => WorkerLike, reported: number, { signal, readings = 2 }: CountOptions = {}): Promise<number | undefined> {
  let n = Math.min(MAX_PROBES, Math.max(1, Math.round(reported) || 1))
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
  return Math.min(n, Math.max(1, Math.round(best + 0.1)))
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
