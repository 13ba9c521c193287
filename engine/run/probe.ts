// Is the machine free? One probe worker per core measures, all at once, how much of a core
// it gets (engine/worker/runtime/work.ts `probe`): on a quiet machine each gets about all
// of one; while the browser is still compiling the deck's code on its own threads (its
// JIT, a wasm module's optimising tier), or another program runs, some get less. A run
// pressed during the deck's start-up waits until the probes read quiet.
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
 * Resolves once every core reads quiet, or after `maxWaitMs`; true if it read quiet. The
 * probe workers live only while it waits.
 */
export async function untilQuiet(create: () => WorkerLike, cores: number, { maxWaitMs = 6000, onBusy, signal }: QuietOptions = {}): Promise<boolean> {
  const workers = Array.from({ length: Math.max(1, cores) }, () => probeWorker(create))
  const deadline = Date.now() + maxWaitMs
  try {
    // Two quiet readings in a row: the browser's compiling comes in bursts.
    let quietReadings = 0
    for (let first = true; !signal?.aborted; first = false) {
      const shares = await Promise.all(workers.map(w => w.read(first ? WARMUP_MS : 0)))
      quietReadings = Math.min(...shares) >= QUIET_SHARE ? quietReadings + 1 : 0
      if (quietReadings >= 2) return true
      if (!quietReadings && first) onBusy?.()
      if (Date.now() > deadline) return false
      if (!quietReadings) await new Promise(resolve => setTimeout(resolve, PAUSE_MS))
    }
    return false
  }
  finally { workers.forEach(w => w.end()) }
}

function probeWorker(create: () => WorkerLike) {
  const worker = create()
  const ready = new Promise<boolean>((resolve) => {
    worker.onmessage = ({ data }) => { if (data.type === 'ready') resolve(true) }
    worker.onerror = (e) => { e.preventDefault?.(); resolve(false) }
  })
  return {
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
