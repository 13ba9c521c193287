// A snippet's run in its worker: the code parsed ahead (if it was), the session, errors
// mapped to the snippet's own line:column, and the 'done' that reports how fast its work went.
import type { ErrorMessage, RunMessage } from '../protocol'
import { now } from '../shared/clock'
import { measurePace } from '../shared/pace'
import { compiledPosition, functionBody, PARSED_URL } from './parse-ahead'
import { startThreads, threadsToStart, usesThreads } from './runtime/subworkers'
import { send, startSession } from './session'
import { originalPosition, stackPosition } from './sourcemap'

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (body: string) => () => Promise<unknown>
/** The snippet parsed ahead of its Run: Run then only calls it. */
let parsed: { code: string, fn: () => Promise<unknown> } | undefined

/** Parses compiled code as a function now; a Run of the same code only calls it. */
export function parseAhead(code: string): void {
  const body = functionBody(code)
  try { parsed = body === undefined ? undefined : { code, fn: new AsyncFunction(body) } }
  catch { parsed = undefined } // a function body cannot hold it: Run imports it as a module
}

type Described = Pick<ErrorMessage, 'name' | 'message' | 'line' | 'column'>

/** An error -> the `error` message fields, with the snippet's line:column through the source map. */
export function describe(err: unknown, url: string, map?: string): Described {
  const e = err instanceof Error ? err : undefined
  const out: Described = e ? { name: e.name, message: e.message } : { name: 'Uncaught', message: String(err) }
  let pos = stackPosition(e?.stack, url)
  if (pos && url === PARSED_URL) pos = compiledPosition(pos)
  const orig = pos && map ? originalPosition(map, pos.line, pos.column) : undefined
  if (orig) Object.assign(out, orig)
  return out
}

export async function run(msg: RunMessage): Promise<void> {
  const { id } = msg
  const session = startSession(id, msg.maxLines, 'main', undefined, msg.cores)
  session.host.rates = msg.rates
  const fn = parsed?.code === msg.code ? parsed.fn : undefined
  const url = fn ? PARSED_URL : URL.createObjectURL(new Blob([msg.code], { type: 'text/javascript' }))
  let failed = false
  const fail = (err: unknown, rejection = false) => {
    if (failed) return
    failed = true
    session.finish()
    send({ type: 'error', id, ...describe(err, url, msg.map), ...(rejection ? { rejection } : {}) })
  }
  addEventListener('unhandledrejection', (e) => { e.preventDefault(); fail(e.reason, true) })
  addEventListener('error', (e) => { e.preventDefault(); fail(e.error ?? e.message) })
  // A thread starts in microseconds; a worker does not: a snippet's threads start first.
  if (usesThreads(msg.code)) await startThreads(session.host, threadsToStart(session.host.cores)).catch(() => {})
  const start = now()
  try {
    if (fn) await fn() // parsed before the click
    else await import(/* @vite-ignore */ url) // a module: top-level await works
    await session.idle() // timers, tasks and requests the snippet left running
  }
  catch (err) {
    fail(err)
  }
  if (failed) return
  const end = now()
  session.finish()
  const { observedRates, slices } = session.host
  const pace = measurePace(slices, session.host.cores)
  send({ type: 'done', id, start, end, ...(observedRates ? { observedRates } : {}), ...(pace ? { pace } : {}) })
}
