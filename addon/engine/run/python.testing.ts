// The Python runtime's unit tests' fixture (python.test.ts, python.memory.test.ts): a fake
// interpreter worker the test plays, and a runtime with short stop timings around it.
import type { PageToPython, PythonInitMessage, PythonToPage, RunMessage } from '../protocol'
import type { PythonWorkerLike } from './engine-api'
import type { RunEvent } from './pool'
import { expect } from 'vitest'
import { PythonRuntime } from './python'

/** A Worker-like fake for the Python worker: records what the page sends; the test plays the interpreter. */
export class FakePython implements PythonWorkerLike {
  static all: FakePython[] = []
  sent: PageToPython[] = []
  terminated = false
  onmessage: PythonWorkerLike['onmessage'] = null
  onerror: PythonWorkerLike['onerror'] = null
  constructor() { FakePython.all.push(this) }
  postMessage(m: PageToPython) { this.sent.push(m) }
  terminate() { this.terminated = true }
  emit(data: PythonToPage) { if (!this.terminated) this.onmessage?.({ data }) }
  ready() { this.emit({ type: 'py-ready', python: '3.14.2', pyodide: '314.0.8' }) }
  runs() { return this.sent.filter((m): m is RunMessage => m.type === 'run') }
  init() { return this.sent.find(m => m.type === 'py-init') }
}

export const LOCK = { abi_version: '2026_0', python: '3.14.2' }
export const ACK_MS = 5
export const GRACE_MS = 40
export const tick = (ms = 0) => new Promise(r => setTimeout(r, ms))
export function runtime(options: { isolated?: boolean, budgetMs?: number } = {}) {
  return new PythonRuntime({ create: () => new FakePython(), indexURL: 'http://deck/assets/pyodide-314.0.8/', lockInfo: LOCK, ackMs: ACK_MS, graceMs: GRACE_MS, isolated: options.isolated ?? true, budgetMs: options.budgetMs })
}
/** The interpreter up, and a run posted to it. */
export async function running(py: PythonRuntime, code = 'print(1)', extra: { onNotice?: (t: string) => void, onWaiting?: (w: string) => void } = {}) {
  const events: RunEvent[] = []
  const run = py.run({ code, ...extra }, e => events.push(e))
  await tick()
  const worker = FakePython.all.at(-1)!
  if (!py.ready) worker.ready()
  expect(await run.started).toBe(true)
  const posted = worker.runs().at(-1)!
  const { interrupt } = worker.init() as PythonInitMessage
  return { run, events, worker, id: posted.id, word: new Int32Array(interrupt ?? new SharedArrayBuffer(4)) }
}
