// The worker entry (a module worker). It runs one snippet ('run') or, as a sub-worker of
// `parallel`/`threads`, one function. It never touches the DOM.
import type { ErrorMessage, PageToWorker, ParentToChild, RunMessage } from './protocol'
import { calibrateSpread, warmUp } from './burn'
import { onChildMessage } from './child'
import { now } from './runtime'
import { scope, startSession } from './session'
import { originalPosition, stackPosition } from './sourcemap'

/** An error -> the `error` message fields, with the snippet's line:column through the source map. */
export function describe(err: unknown, url: string, map?: string): Pick<ErrorMessage, 'name' | 'message' | 'line' | 'column'> {
  const e = err instanceof Error ? err : undefined
  const out: Pick<ErrorMessage, 'name' | 'message' | 'line' | 'column'> = e
    ? { name: e.name, message: e.message }
    : { name: 'Uncaught', message: String(err) }
  const pos = stackPosition(e?.stack, url)
  const orig = pos && map ? originalPosition(map, pos.line, pos.column) : undefined
  if (orig) Object.assign(out, orig)
  return out
}

async function run(msg: RunMessage): Promise<void> {
  const { id } = msg
  const session = startSession(id, msg.maxLines, 'main')
  session.host.burnRate = msg.burnRate
  const url = URL.createObjectURL(new Blob([msg.code], { type: 'text/javascript' }))
  let failed = false
  const fail = (err: unknown, rejection = false) => {
    if (failed) return
    failed = true
    session.finish()
    scope.postMessage({ type: 'error', id, ...describe(err, url, msg.map), ...(rejection ? { rejection } : {}) })
  }
  scope.addEventListener('unhandledrejection', e => { e.preventDefault(); fail(e.reason, true) })
  scope.addEventListener('error', e => { e.preventDefault(); fail(e.error ?? e.message) })
  const start = now()
  try {
    await import(/* @vite-ignore */ url) // a module: top-level await works
    await session.idle() // timers, tasks and requests the snippet left running
  } catch (err) {
    fail(err)
  }
  if (failed) return
  const end = now()
  session.finish()
  const { observedBurnRate: burnRate } = session.host
  scope.postMessage({ type: 'done', id, start, end, ...(burnRate ? { burnRate } : {}) })
}

scope.addEventListener('message', (e: MessageEvent<PageToWorker | ParentToChild>) => {
  if (e.data.type === 'run') void run(e.data)
  else if (e.data.type === 'calibrate') void calibrateSpread().then(rate => scope.postMessage({ type: 'calibrated', rate }))
  else void onChildMessage(e.data)
})
// A snippet worker is started ahead of its run, in idle time: `burn`'s loop is optimised
// by then. Sub-workers of `parallel` and `threads` warm up only for a function that burns.
if ((globalThis as { name?: string }).name === 'snippet') warmUp()
scope.postMessage({ type: 'ready' })
