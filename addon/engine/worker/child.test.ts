import type { BatchMessage, ChildToParent, LogMessage, ParentToChild, ResultMessage, SpanMessage } from '../protocol'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { onChildMessage } from './child'
import { CONTROL_WORDS, GIL, GIL_SWITCHES } from './runtime/locks'
import { calibrateRates } from './runtime/work'
import { asWorkerScope } from './worker-scope.testing'

vi.setConfig({ testTimeout: 20_000 })

const scope = asWorkerScope<ChildToParent>({ listeners: true })
const rates = { burn: 0, primes: 0 }

beforeAll(() => {
  Object.assign(rates, calibrateRates({ warmupMs: 100, ms: 100 }))
})

const results = () => scope.posted.filter((m): m is ResultMessage => m.type === 'result')
const sentSpans = () => scope.posted.filter((m): m is BatchMessage => m.type === 'batch').flatMap(b => b.messages).filter((m): m is SpanMessage => m.type === 'span').map(m => m.span)
const sentLogs = () => scope.posted.filter((m): m is BatchMessage => m.type === 'batch').flatMap(b => b.messages).filter((m): m is LogMessage => m.type === 'log')

/** A parallel worker made for `fn`, then one input. */
async function runOne(fn: string, input: unknown, options: { group?: string, label?: string, seq?: number } = {}) {
  const { group, label = String(input), seq = 0 } = 'group' in options ? options : { ...options, group: 'parallel' }
  await onChildMessage({ type: 'parallel', id: 11, fn, lane: 'worker 1', group, maxLines: 100, rates })
  await onChildMessage({ type: 'input', id: 11, seq, input, label })
}

describe('a parallel sub-worker (child.ts)', () => {
  it('runs the function sent as source text on an input, and answers with its value', async () => {
    await runOne('(x) => x * 2', 3, { label: 'three' })
    expect(results()).toEqual([{ type: 'result', id: 11, seq: 0, ok: true, value: 6, work: [] }])
  })

  it('emits the call\'s span on the child\'s lane, with its label and group, before the result', async () => {
    await runOne('(x) => x * 2', 3, { label: 'three', seq: 4 })
    const spans = sentSpans()
    expect(spans).toEqual([{ lane: 'worker 1', label: 'three', start: expect.any(Number), end: expect.any(Number), kind: 'cpu', group: 'parallel' }])
    expect(spans[0].end).toBeGreaterThanOrEqual(spans[0].start)
    expect(scope.posted.at(-1)).toMatchObject({ type: 'result', seq: 4 }) // output first, then the result
    expect(scope.posted.findIndex(m => m.type === 'batch')).toBeLessThan(scope.posted.findIndex(m => m.type === 'result'))
  })

  it('leaves the group out of the span when no compare mode runs', async () => {
    await runOne('(x) => x', 1, { group: undefined })
    expect(sentSpans()[0]).not.toHaveProperty('group')
  })

  it('hands the calibrated work it did back with the result, for the parent\'s pace', async () => {
    await runOne('(n) => countPrimes(0, n)', 1e5)
    const [result] = results()
    expect(result).toMatchObject({ ok: true, value: 9592 })
    expect(result.work!.length).toBeGreaterThan(0)
    for (const s of result.work!) {
      expect(s.lane).toBe('worker 1')
      expect(s.work).toBeGreaterThan(0)
      expect(s.end).toBeGreaterThanOrEqual(s.start)
    }
    expect(sentSpans()[0]).toMatchObject({ label: '100000', kind: 'cpu' })
  })

  it('draws an input that waits as I/O, and awaits an async function', async () => {
    await runOne('async (ms) => { await sleep(ms); return ms + 1 }', 40)
    expect(results()[0]).toMatchObject({ ok: true, value: 41 })
    expect(sentSpans()[0].kind).toBe('io')
    expect(sentSpans()[0].end - sentSpans()[0].start).toBeGreaterThanOrEqual(38)
  })

  it('sends the function\'s console output before its result', async () => {
    await runOne('(x) => { console.log(\'got\', x); return x }', 5)
    expect(sentLogs().map(l => l.text)).toEqual(['got 5'])
    expect(scope.posted.at(-1)).toMatchObject({ type: 'result', ok: true, value: 5 })
  })

  it('answers a function that throws with ok: false and the error\'s name and message', async () => {
    await runOne('(x) => { throw new RangeError(\'too big: \' + x) }', 3)
    expect(results()).toEqual([{ type: 'result', id: 11, seq: 0, ok: false, name: 'RangeError', message: 'too big: 3', work: [] }])
  })

  it('answers a thrown non-Error as an Error with its text', async () => {
    await runOne('async () => { throw \'plain text\' }', 0)
    expect(results()).toEqual([{ type: 'result', id: 11, seq: 0, ok: false, name: 'Error', message: 'plain text', work: [] }])
  })

  it('answers a result that cannot be copied back with a DataCloneError that says so', async () => {
    await runOne('() => () => 1', 0)
    const [result] = results()
    expect(results()).toHaveLength(1)
    expect(result).toMatchObject({ ok: false, name: 'DataCloneError' })
    expect(result.ok === false && result.message).toMatch(/^the result cannot be copied back: .*could not be cloned/)
  })

  it('reports an unhandled rejection in the function as an error line', async () => {
    await runOne('(x) => x', 1)
    const handler = scope.listeners.find(([type]) => type === 'unhandledrejection')?.[1]
    expect(handler).toBeDefined()
    const preventDefault = vi.fn()
    handler!({ reason: new Error('lost'), preventDefault })
    await onChildMessage({ type: 'input', id: 11, seq: 1, input: 2, label: '2' }) // flushes the output
    expect(preventDefault).toHaveBeenCalled()
    expect(sentLogs()).toEqual([expect.objectContaining({ level: 'error', text: 'Unhandled rejection: Error: lost' })])
  })

  it('answers a warm-up with a result of seq -1', async () => {
    await onChildMessage({ type: 'warm', id: 2 })
    expect(results().at(-1)).toMatchObject({ type: 'result', id: 2, seq: -1, ok: true, value: true })
  })
})

describe('a thread sub-worker (child.ts)', () => {
  const thread = (fn: string, gil: boolean): ParentToChild => ({
    type: 'thread', id: 5, fn, lane: 'thread 1', group: 'threads', maxLines: 100, rates, index: 0, count: 1,
    shared: new Int32Array(new SharedArrayBuffer(16)), control: new Int32Array(new SharedArrayBuffer(4 * CONTROL_WORDS)), gil, switchInterval: 5,
  })

  it('runs the function over the shared memory and answers with seq = its index', async () => {
    const msg = thread('({ index, shared }) => { shared[index + 1] = 7; return index }', false)
    await onChildMessage(msg)
    expect(msg.type === 'thread' && msg.shared[1]).toBe(7)
    expect(results()).toEqual([{ type: 'result', id: 5, seq: 0, ok: true, value: 0, work: [] }])
    expect(sentSpans()).toEqual([expect.objectContaining({ lane: 'thread 1', label: 'thread 1', group: 'threads' })])
  })

  it('with the GIL, holds it while it computes (a "holds GIL" span), and lets it go at the end', async () => {
    const msg = thread('() => burn(20)', true)
    await onChildMessage(msg)
    expect(results()[0]).toMatchObject({ ok: true, seq: 0 })
    expect(results()[0].work).toEqual([expect.objectContaining({ lane: 'thread 1', serial: true })])
    expect(sentSpans()).toEqual([expect.objectContaining({ lane: 'thread 1', label: 'holds GIL', kind: 'cpu', group: 'threads' })])
    if (msg.type !== 'thread') throw new Error('unreachable')
    expect(msg.control[GIL]).toBe(0) // released
    expect(msg.control[GIL_SWITCHES]).toBe(1)
  })

  it('answers a function that is not one with an error', async () => {
    await onChildMessage(thread('42', false))
    expect(results()).toEqual([{ type: 'result', id: 5, seq: 0, ok: false, name: 'TypeError', message: 'expected a function', work: [] }])
  })
})
