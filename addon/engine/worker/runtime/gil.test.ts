// The GIL and the mutex under real contention: two Node threads (worker_threads) sharing
// one control word array, as two `threads` workers do in the browser. locks.ts is
// bundled to plain JavaScript first (a Node worker cannot load TypeScript).
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTROL_WORDS, GIL, GIL_SWITCHES, GIL_WAITERS, LOCK } from './locks'

let locksJs = ''

beforeAll(async () => {
  const esbuild = await import('esbuild-wasm')
  const out = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./locks.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName: 'Locks',
    platform: 'node',
    write: false,
  })
  locksJs = out.outputFiles[0].text
}, 60_000)

afterAll(async () => {
  await (await import('esbuild-wasm')).stop()
})

/** Runs `body` (CommonJS, with `Locks`, `workerData` and `parentPort` in scope) in `n` threads; resolves to what each posts. */
function inThreads<T>(n: number, body: string, data: (index: number) => Record<string, unknown>): Promise<T[]> {
  const code = `${locksJs}\nconst { workerData, parentPort } = require('node:worker_threads')\n${body}`
  return Promise.all(Array.from({ length: n }, (_, index) => new Promise<T>((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { index, ...data(index) } })
    w.once('message', (m: T) => { resolve(m); void w.terminate() })
    w.once('error', reject)
    w.once('exit', code => reject(new Error(`thread ${index} exited (${code}) without an answer`)))
  })))
}

interface Span { kind: 'cpu' | 'wait', start: number, end: number }
interface GilReport { index: number, handoffs: number, spans: Span[] }

// Each thread: start together, take the GIL, compute calling checkpoint (a forced hand-off
// every `switchInterval` ms while the other waits), let it go, report its spans. It computes
// for `ms`, and on until both threads were handed the lock `turns` times (a loaded machine
// may keep one thread off its core for a while), within a hard limit.
const GIL_THREAD = `
const { index, control, handoffs: counts, ms, turns, switchInterval } = workerData
const clock = () => performance.timeOrigin + performance.now() // one time axis for both threads
const spans = []
const gil = new Locks.Gil(control, switchInterval, (kind, start, end) => spans.push({ kind, start, end }), clock, 0)
Locks.arrive(control, 2)
gil.acquire()
const end = clock() + ms
const limit = clock() + 10000
let handoffs = 0
let x = index
const more = () => clock() < end || Atomics.load(counts, 0) < turns || Atomics.load(counts, 1) < turns
while (more() && clock() < limit) {
  for (let i = 0; i < 2000; i++) x = (x * 1103515245 + 12345) | 0
  if (gil.checkpoint() > 0) Atomics.store(counts, index, ++handoffs)
}
gil.release()
parentPort.postMessage({ index, handoffs, spans, x })
`

describe('the GIL across two real threads', () => {
  it('hands the lock back and forth every switch interval, counts the hand-offs, and never lets both compute at once', async () => {
    const control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS))
    const handoffs = new Int32Array(new SharedArrayBuffer(8))
    const switchInterval = 2
    const reports = await inThreads<GilReport>(2, GIL_THREAD, () => ({ control, handoffs, ms: 80, turns: 3, switchInterval }))

    // Both threads were handed the lock several times.
    for (const r of reports) expect(r.handoffs, `thread ${r.index}`).toBeGreaterThanOrEqual(3)
    // Every acquire counts: each thread's first, and one after each hand-off.
    expect(control[GIL_SWITCHES]).toBe(2 + reports[0].handoffs + reports[1].handoffs)
    expect(control[GIL]).toBe(0) // free at the end
    expect(control[GIL_WAITERS]).toBe(0)

    const cpu = reports.map(r => r.spans.filter(s => s.kind === 'cpu').sort((p, q) => p.start - q.start))
    for (const [k, r] of reports.entries()) {
      // A turn (and a wait for the next) per hand-off, and the last turn.
      expect(cpu[k], `thread ${k} turns`).toHaveLength(r.handoffs + 1)
      expect(r.spans.filter(s => s.kind === 'wait'), `thread ${k} waits`).toHaveLength(r.handoffs + 1)
      // A thread hands the lock over only after holding it for the switch interval.
      for (const s of cpu[k].slice(0, -1)) expect(s.end - s.start, `thread ${k} turn`).toBeGreaterThanOrEqual(switchInterval - 0.001)
    }
    // Mutual exclusion: no 'cpu' span of one thread overlaps one of the other.
    let worst = 0
    for (const x of cpu[0]) for (const y of cpu[1]) worst = Math.max(worst, Math.min(x.end, y.end) - Math.max(x.start, y.start))
    expect(worst).toBeLessThanOrEqual(0.05)
  }, 30_000)
})

const MUTEX_THREAD = `
const { control, counter, n } = workerData
const m = Locks.mutex(control)
Locks.arrive(control, 2)
for (let i = 0; i < n; i++) m.with(() => { counter[0] = counter[0] + 1 }) // read, then write: not atomic
parentPort.postMessage(true)
`

describe('the mutex across two real threads', () => {
  it('makes a non-atomic read-modify-write safe: 2 × 100k increments give exactly 200k', async () => {
    const control = new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS))
    const counter = new Int32Array(new SharedArrayBuffer(4))
    await inThreads(2, MUTEX_THREAD, () => ({ control, counter, n: 100_000 }))
    expect(counter[0]).toBe(200_000)
    expect(control[LOCK]).toBe(0)
  }, 30_000)
})
