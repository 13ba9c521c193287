// For the worker side's unit tests (child.test.ts, session.test.ts): Vitest's global scope
// made to look like a worker's for each test, and put back after it. `postMessage` keeps
// what would cross to the other side (a structured clone: what cannot be cloned throws);
// with `listeners`, `addEventListener` keeps what is registered. The timers and the API
// the runtime installs, and the console, are restored after each test.
import { afterEach, beforeEach, vi } from 'vitest'

const g = globalThis as unknown as Record<string, unknown>
const INSTALLED = ['postMessage', 'setTimeout', 'clearTimeout', 'sleep', 'block', 'burn', 'countPrimes', 'request', 'task', 'checkpoint', 'compare', 'plot', 'parallel', 'threads', 'machine']
const CONSOLE = ['log', 'info', 'warn', 'error'] as const

export interface WorkerScope<T> {
  /** What the code posted during this test. */
  posted: T[]
  /** What it registered with addEventListener during this test (with `listeners`). */
  listeners: Array<[string, (e: unknown) => void]>
}

export function asWorkerScope<T>({ listeners = false } = {}): WorkerScope<T> {
  const scope: WorkerScope<T> = { posted: [], listeners: [] }
  const names = listeners ? [...INSTALLED, 'addEventListener'] : INSTALLED
  let saved: Map<string, PropertyDescriptor | undefined>
  let savedConsole: Array<[typeof CONSOLE[number], (...a: unknown[]) => void]>
  beforeEach(() => {
    saved = new Map(names.map(k => [k, Object.getOwnPropertyDescriptor(globalThis, k)]))
    savedConsole = CONSOLE.map(m => [m, console[m]])
    vi.stubGlobal('navigator', { hardwareConcurrency: 2, userAgent: 'vitest' })
    scope.posted = []
    scope.listeners = []
    g.postMessage = (m: T) => { scope.posted.push(structuredClone(m)) }
    if (listeners) g.addEventListener = (type: string, fn: (e: unknown) => void) => { scope.listeners.push([type, fn]) }
  })
  afterEach(() => {
    for (const [m, f] of savedConsole) console[m] = f
    for (const [k, d] of saved) {
      if (d) Object.defineProperty(globalThis, k, d)
      else delete g[k]
    }
    vi.unstubAllGlobals()
  })
  return scope
}
