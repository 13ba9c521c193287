// The worker entry (a module worker). It runs one snippet ('run') or, as a sub-worker of
// `parallel`/`threads`, one function. It never touches the DOM.
import type { ErrorMessage, ParentToChild, PageToWorker } from './protocol'
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

async function run(msg: PageToWorker): Promise<void> {
  const { id } = msg
  const session = startSession(id, msg.maxLines, 'main')
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
  scope.postMessage({ type: 'done', id, start, end })
}

scope.addEventListener('message', (e: MessageEvent<PageToWorker | ParentToChild>) => {
  if (e.data.type === 'run') void run(e.data)
  else void onChildMessage(e.data)
})
scope.postMessage({ type: 'ready' })
