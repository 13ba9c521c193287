import type { BatchMessage, DroppedMessage, LogMessage, SpanMessage, WorkerToPageOrBatch } from '../protocol'
import { describe, expect, it } from 'vitest'
import { startSession } from './session'
import { asWorkerScope } from './worker-scope.testing'

const scope = asWorkerScope<WorkerToPageOrBatch>()

const batches = () => scope.posted.filter((m): m is BatchMessage => m.type === 'batch')
const sentLogs = () => batches().flatMap(b => b.messages).filter((m): m is LogMessage => m.type === 'log')
const dropped = () => scope.posted.filter((m): m is DroppedMessage => m.type === 'dropped')

describe('startSession: a worker\'s console, capped and batched', () => {
  it('sends a console.log line at once, formatted, with the run id and the level', () => {
    startSession(7, 100, 'main')
    const before = performance.timeOrigin + performance.now()
    console.log('hello', 42, { a: [1, 'x'] })
    expect(scope.posted).toEqual([{ type: 'batch', id: 7, messages: [{ type: 'log', id: 7, level: 'log', text: 'hello 42 { a: [ 1, \'x\' ] }', t: expect.any(Number) }] }])
    const t = (scope.posted[0] as BatchMessage).messages[0] as LogMessage
    expect(t.t).toBeGreaterThanOrEqual(before - 1) // the timeline's clock: absolute ms
  })

  it('keeps each console method\'s level', () => {
    const s = startSession(1, 100, 'main')
    console.info('i')
    console.warn('w')
    console.error(new TypeError('bad'))
    s.finish()
    expect(sentLogs().map(m => [m.level, m.text])).toEqual([['info', 'i'], ['warn', 'w'], ['error', 'TypeError: bad']])
  })

  it('batches a burst of lines: the first goes at once, the rest together, in order', async () => {
    startSession(3, 100, 'main')
    for (let i = 0; i < 5; i++) console.log(`line ${i}`)
    expect(batches()).toHaveLength(1)
    expect(sentLogs().map(m => m.text)).toEqual(['line 0'])
    await new Promise(r => setTimeout(r, 60)) // the batch timer (~16 ms) fires
    expect(batches()).toHaveLength(2)
    expect(batches()[1].messages.map(m => (m as LogMessage).text)).toEqual(['line 1', 'line 2', 'line 3', 'line 4'])
    expect(batches().every(b => b.id === 3)).toBe(true)
  })

  it('finish() sends what is buffered at once', () => {
    const s = startSession(3, 100, 'main')
    console.log('a')
    console.log('b')
    expect(sentLogs().map(m => m.text)).toEqual(['a'])
    s.finish()
    expect(sentLogs().map(m => m.text)).toEqual(['a', 'b'])
    expect(dropped()).toEqual([]) // nothing was dropped: no 'dropped' message
  })

  it('counts lines past maxLines, and finish() reports them once in one dropped message', () => {
    const s = startSession(9, 3, 'main')
    for (let i = 0; i < 10; i++) console.log(`n${i}`)
    s.finish()
    expect(sentLogs().map(m => m.text)).toEqual(['n0', 'n1', 'n2'])
    expect(dropped()).toEqual([{ type: 'dropped', id: 9, count: 7 }])
    expect(scope.posted.at(-1)).toEqual({ type: 'dropped', id: 9, count: 7 }) // after the lines
    s.finish()
    expect(dropped()).toHaveLength(1)
    console.log('later')
    s.finish()
    expect(dropped()).toEqual([{ type: 'dropped', id: 9, count: 7 }, { type: 'dropped', id: 9, count: 1 }]) // only the new ones
  })

  it('sends the runtime\'s spans in order with the lines', () => {
    const s = startSession(4, 100, 'main')
    console.log('before')
    s.host.emit({ type: 'span', id: 4, span: { lane: 'main', label: 't', start: 1, end: 2 } })
    console.log('after')
    s.finish()
    expect(batches().flatMap(b => b.messages).map(m => m.type === 'log' ? m.text : m.type)).toEqual(['before', 'span', 'after'])
  })

  it('host.forward routes a sub-worker\'s lines into the capped output, and adds its dropped count', () => {
    const s = startSession(5, 2, 'main')
    expect(s.host).toMatchObject({ id: 5, lane: 'main', maxLines: 2, slices: [] })
    console.log('mine')
    const childLog = (text: string): LogMessage => ({ type: 'log', id: 5, level: 'log', text, t: 0 })
    const childSpan: SpanMessage = { type: 'span', id: 5, span: { lane: 'worker 1', label: '3', start: 0, end: 1, kind: 'cpu' } }
    s.host.forward({ type: 'batch', id: 5, messages: [childLog('child 1'), childSpan, childLog('child 2'), childLog('child 3')] })
    s.host.forward({ type: 'dropped', id: 5, count: 4 })
    s.finish()
    const sent = batches().flatMap(b => b.messages)
    expect(sent.map(m => m.type === 'log' ? m.text : m.type)).toEqual(['mine', 'child 1', 'span']) // 2 lines, then the cap
    expect(sent[2]).toEqual(childSpan)
    expect(dropped()).toEqual([{ type: 'dropped', id: 5, count: 2 + 4 }])
  })

  it('gives a sub-worker\'s session its lane and mode, and installs the runtime (idle resolves once timers end)', async () => {
    const s = startSession(6, 10, 'worker 2', 'parallel')
    expect(s.host).toMatchObject({ lane: 'worker 2', group: 'parallel' })
    let fired = false
    setTimeout(() => { fired = true }, 20)
    await s.idle()
    expect(fired).toBe(true)
  })
})
