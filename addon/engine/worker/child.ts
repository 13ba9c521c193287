// A sub-worker's side of `parallel` (one input at a time) and `threads` (one function over shared memory).
import type { ParentToChild, ResultMessage } from '../protocol'
import { arrive, Gil, mutex } from './runtime/locks'
import { computes } from '../shared/source'
import { warmUp } from './runtime/work'
import { kindBetween } from './runtime/meter'
import { send, startSession, type Session } from './session'

let session: Session | undefined
let fn: (input: unknown) => unknown = () => undefined

/** `fn` travelled as source text, like a pickled function: it sees only its own scope and the runtime. */
function revive<A>(src: string): (arg: A) => unknown {
  const f: unknown = new Function(`return (${src})`)()
  if (typeof f !== 'function') throw new TypeError('expected a function')
  return f as (arg: A) => unknown
}

function reply(id: number, seq: number, result: { value: unknown } | { error: unknown }) {
  session?.finish() // output first, so the parent can terminate as soon as the result arrives
  const work = session?.host.slices.splice(0) ?? []
  let msg: ResultMessage
  if ('value' in result) msg = { type: 'result', id, seq, ok: true, value: result.value, work }
  else {
    const e = result.error instanceof Error ? result.error : new Error(String(result.error))
    msg = { type: 'result', id, seq, ok: false, name: e.name, message: e.message, work }
  }
  try { send(msg) } catch (err) {
    send({ type: 'result', id, seq, ok: false, name: 'DataCloneError', message: `the result cannot be copied back: ${(err as Error).message}`, work })
  }
}

let warmed = false
/** Warms up the loops `fn` uses (both, for a thread started ahead with no function yet). */
const warm = (ms?: number, fn?: string) => {
  if (!warmed) warmUp(ms, fn ? { burn: /\bburn\s*\(/.test(fn), primes: /\bcountPrimes\s*\(/.test(fn) } : undefined)
  warmed = true
}

export async function onChildMessage(msg: ParentToChild): Promise<void> {
  if (msg.type === 'warm') {
    warm()
    reply(msg.id, -1, { value: true })
  } else if (msg.type === 'parallel') {
    session = startSession(msg.id, msg.maxLines, msg.lane, msg.group, msg.cores)
    session.host.rates = msg.rates
    if (computes(msg.fn)) warm(40, msg.fn) // a thread started by startThreads is warm already
    addEventListener('unhandledrejection', e => { e.preventDefault(); console.error('Unhandled rejection:', e.reason) })
    fn = revive(msg.fn)
  } else if (msg.type === 'input') {
    const s = session
    if (!s) return
    const before = s.meter.read()
    try {
      const value = await fn(msg.input)
      const after = s.meter.read()
      s.host.emit({ type: 'span', id: msg.id, span: { lane: s.host.lane, label: msg.label, start: before.t, end: after.t, kind: kindBetween(before, after, 'cpu'), ...(s.host.group ? { group: s.host.group } : {}) } })
      reply(msg.id, msg.seq, { value })
    } catch (error) {
      reply(msg.id, msg.seq, { error })
    }
  } else if (msg.type === 'thread') {
    const s = startSession(msg.id, msg.maxLines, msg.lane, msg.group, msg.cores)
    s.host.rates = msg.rates
    if (computes(msg.fn)) warm(40, msg.fn) // a thread started by startThreads is warm already
    session = s
    const gil = msg.gil
      ? new Gil(msg.control, msg.switchInterval, (kind, start, end) =>
        s.host.emit({ type: 'span', id: msg.id, span: { lane: s.host.lane, label: kind === 'cpu' ? 'holds GIL' : 'waits for GIL', start, end, kind, ...(s.host.group ? { group: s.host.group } : {}) } }))
      : undefined
    s.host.gil = gil
    let run: (ctx: ThreadContext) => unknown
    try { run = revive<ThreadContext>(msg.fn) } catch (error) { reply(msg.id, msg.index, { error }); return }
    const ctx: ThreadContext = { index: msg.index, shared: msg.shared, lock: mutex(msg.control) }
    arrive(msg.control, msg.count) // all threads start together, or a short race never overlaps
    const before = s.meter.read()
    gil?.acquire()
    try {
      const value = await run(ctx)
      gil?.release()
      const after = s.meter.read()
      if (!gil) s.host.emit({ type: 'span', id: msg.id, span: { lane: s.host.lane, label: msg.lane, start: before.t, end: after.t, kind: kindBetween(before, after, 'cpu'), ...(s.host.group ? { group: s.host.group } : {}) } })
      reply(msg.id, msg.index, { value })
    } catch (error) {
      gil?.release()
      reply(msg.id, msg.index, { error })
    }
  }
}
