// The worker entry (a module worker). It runs one snippet ('run') or, as a sub-worker of
// `parallel`/`threads`, one function. It never touches the DOM.
import type { ErrorMessage, PageToWorker, ParentToChild, RunMessage } from './protocol'
import { calibrateRates, warmUp } from './burn'
import { measurePace } from './pace'
import { onChildMessage } from './child'
import { startThreads, threadsToStart, usesThreads } from './subworkers'
import { now } from './runtime'
import { scope, startSession } from './session'
import { compiledPosition, functionBody, PREPARED_URL } from './prepare'
import { originalPosition, stackPosition } from './sourcemap'

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (body: string) => () => Promise<unknown>
/** A snippet parsed ahead of its Run ('prepare'): Run then only calls it. */
let prepared: { code: string, fn: () => Promise<unknown> } | undefined

function prepare(code: string): void {
  const body = functionBody(code)
  try { prepared = body === undefined ? undefined : { code, fn: new AsyncFunction(body) } }
  catch { prepared = undefined } // a function body cannot hold it: Run imports it as a module
}

/** An error -> the `error` message fields, with the snippet's line:column through the source map. */
export function describe(err: unknown, url: string, map?: string): Pick<ErrorMessage, 'name' | 'message' | 'line' | 'column'> {
  const e = err instanceof Error ? err : undefined
  const out: Pick<ErrorMessage, 'name' | 'message' | 'line' | 'column'> = e
    ? { name: e.name, message: e.message }
    : { name: 'Uncaught', message: String(err) }
  let pos = stackPosition(e?.stack, url)
  if (pos && url === PREPARED_URL) pos = compiledPosition(pos)
  const orig = pos && map ? originalPosition(map, pos.line, pos.column) : undefined
  if (orig) Object.assign(out, orig)
  return out
}

async function run(msg: RunMessage): Promise<void> {
  const { id } = msg
  const session = startSession(id, msg.maxLines, 'main')
  session.host.rates = msg.rates
  const fn = prepared?.code === msg.code ? prepared.fn : undefined
  const url = fn ? PREPARED_URL : URL.createObjectURL(new Blob([msg.code], { type: 'text/javascript' }))
  let failed = false
  const fail = (err: unknown, rejection = false) => {
    if (failed) return
    failed = true
    session.finish()
    scope.postMessage({ type: 'error', id, ...describe(err, url, msg.map), ...(rejection ? { rejection } : {}) })
  }
  scope.addEventListener('unhandledrejection', e => { e.preventDefault(); fail(e.reason, true) })
  scope.addEventListener('error', e => { e.preventDefault(); fail(e.error ?? e.message) })
  // A thread starts in microseconds; a worker does not: a snippet's threads start first.
  if (usesThreads(msg.code)) await startThreads(session.host, threadsToStart()).catch(() => {})
  const start = now()
  try {
    if (fn) await fn() // parsed before the click
    else await import(/* @vite-ignore */ url) // a module: top-level await works
    await session.idle() // timers, tasks and requests the snippet left running
  } catch (err) {
    fail(err)
  }
  if (failed) return
  const end = now()
  session.finish()
  const { observedRates, slices } = session.host
  const pace = measurePace(slices, navigator.hardwareConcurrency || 1)
  scope.postMessage({ type: 'done', id, start, end, ...(observedRates ? { observedRates } : {}), ...(pace ? { pace } : {}) })
}

scope.addEventListener('message', (e: MessageEvent<PageToWorker | ParentToChild>) => {
  if (e.data.type === 'run') void run(e.data)
  else if (e.data.type === 'prepare') prepare(e.data.code)
  else if (e.data.type === 'calibrate') void calibrateRates().then(rates => scope.postMessage({ type: 'calibrated', rates }))
  else void onChildMessage(e.data)
})
// A snippet worker is started ahead of its run, in idle time: `burn`'s loop is optimised
// by then. Sub-workers of `parallel` and `threads` warm up only for a function that burns.
if ((globalThis as { name?: string }).name === 'snippet') warmUp()
scope.postMessage({ type: 'ready' })
