import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunMessage } from '../protocol'
import { LOST, RENEWED } from './frame'
import { frozenRunText, LOST_RUN, RENEWED_RUN } from './messages'
import { RETIRE_AFTER_MS, SPAWN_FROZEN_MS, WorkerPool, type RunEvent, type WorkerLike } from './pool'

/** A Worker-like fake: records what the pool sends; the test plays the worker's side. */
class FakeWorker implements WorkerLike {
  static all: FakeWorker[] = []
  sent: RunMessage[] = []
  terminated = false
  onmessage: WorkerLike['onmessage'] = null
  onerror: WorkerLike['onerror'] = null
  constructor() { FakeWorker.all.push(this) }
  postMessage(m: RunMessage) { this.sent.push(m) }
  terminate() { this.terminated = true }
  emit(data: Parameters<NonNullable<WorkerLike['onmessage']>>[0]['data']) { this.onmessage?.({ data }) }
  ready() { this.emit({ type: 'ready' }) }
}

const tick = () => new Promise(r => setTimeout(r, 0))
function makePool(size = 2, budgetMs?: number) {
  FakeWorker.all = []
  return new WorkerPool({ create: () => new FakeWorker(), size, budgetMs })
}

describe('WorkerPool', () => {
  it('pre-warms spares, gives each run a fresh worker and starts its replacement when the run ends', async () => {
    const pool = makePool(2)
    const filled = pool.fill()
    FakeWorker.all.forEach(w => w.ready())
    await filled
    expect(FakeWorker.all).toHaveLength(2)
    const events: RunEvent[] = []
    const a = pool.run({ code: 'A' }, e => events.push(e))
    expect(FakeWorker.all).toHaveLength(2) // one spare left: nothing starts while the run goes
    await tick()
    const wa = FakeWorker.all[0]
    expect(wa.sent).toEqual([{ type: 'run', id: a.id, code: 'A', map: undefined, maxLines: 1000, rates: undefined }])
    wa.emit({ type: 'batch', id: a.id, messages: [{ type: 'log', id: a.id, level: 'log', text: 'hi', t: 1 }] })
    wa.emit({ type: 'done', id: a.id, start: 10, end: 25 })
    expect(await a.done).toEqual({ status: 'done', start: 10, end: 25, wallMs: 15 })
    expect(FakeWorker.all).toHaveLength(3) // the replacement
    expect(events.map(e => e.type)).toEqual(['log', 'done'])
    expect(wa.terminated).toBe(true) // never reused
    expect(wa.sent).toHaveLength(1)
    // The other spare has parsed A already (the likeliest next Run); B goes to the new one.
    const [, wb, wc] = FakeWorker.all
    expect(wb.sent).toEqual([{ type: 'parse-ahead', code: 'A' }])
    const b = pool.run({ code: 'B' })
    wc.ready()
    await tick()
    expect(wc.sent[0]).toMatchObject({ type: 'run', code: 'B', id: b.id })
    const again = pool.run({ code: 'A' })
    await tick()
    expect(wb.sent[1]).toMatchObject({ type: 'run', code: 'A', id: again.id })
  })

  it('ends a run whose worker froze starting a sub-worker (Firefox), and says so; a spawn that returns changes nothing', async () => {
    vi.useFakeTimers()
    try {
      const pool = makePool(1)
      const filled = pool.fill()
      FakeWorker.all[0].ready()
      await filled
      const ok = pool.run({ code: 'threads' })
      await vi.advanceTimersByTimeAsync(0)
      const w1 = FakeWorker.all[0]
      w1.emit({ type: 'spawn', id: ok.id, name: 'thread 1', started: false })
      w1.emit({ type: 'spawn', id: ok.id, name: 'thread 1', started: true })
      await vi.advanceTimersByTimeAsync(SPAWN_FROZEN_MS * 1.5)
      w1.emit({ type: 'done', id: ok.id, start: 0, end: 7000 })
      expect((await ok.done).status).toBe('done')

      FakeWorker.all[1].ready()
      const frozen = pool.run({ code: 'threads' })
      await vi.advanceTimersByTimeAsync(0)
      const w2 = FakeWorker.all[1]
      w2.emit({ type: 'spawn', id: frozen.id, name: 'thread 2', started: false })
      await vi.advanceTimersByTimeAsync(SPAWN_FROZEN_MS - 100)
      expect(w2.terminated).toBe(false)
      await vi.advanceTimersByTimeAsync(200)
      expect(await frozen.done).toEqual({ status: 'error', error: { name: 'WorkerFrozen', message: frozenRunText('thread 2'), crashed: true } })
      expect(w2.terminated).toBe(true)
    }
    finally { vi.useRealTimers() }
  })

  it('after a Stop, a spare parses the stopped code at once, ready for the Run that follows', async () => {
    const pool = makePool(2)
    const filled = pool.fill()
    FakeWorker.all.forEach(w => w.ready())
    await filled
    const loop = pool.run({ code: 'while (true) {}' })
    await tick()
    loop.stop()
    await tick()
    expect(FakeWorker.all[1].sent).toEqual([{ type: 'parse-ahead', code: 'while (true) {}' }])
    const next = pool.run({ code: 'while (true) {}' })
    await tick()
    expect(FakeWorker.all[1].sent[1]).toMatchObject({ type: 'run', id: next.id })
    next.stop()
  })

  it('waits for a spare that is not ready yet', async () => {
    const pool = makePool(1)
    const run = pool.run({ code: 'X' })
    await tick()
    const w = FakeWorker.all[0]
    expect(w.sent).toHaveLength(0)
    w.ready()
    await tick()
    expect(w.sent).toHaveLength(1)
    run.stop()
  })

  it('stop terminates the worker, records the time and settles as stopped', async () => {
    const pool = makePool(1)
    const run = pool.run({ code: 'while(true){}' })
    FakeWorker.all[0].ready()
    await tick()
    run.stop()
    expect(await run.done).toEqual({ status: 'stopped' })
    expect(FakeWorker.all[0].terminated).toBe(true)
    expect(pool.lastTerminatedAt).toBeTypeOf('number')
    run.stop() // a no-op once settled
  })

  describe('with fake timers', () => {
    beforeEach(() => { vi.useFakeTimers() })
    afterEach(() => { vi.useRealTimers() })
    it('terminates a run past its budget (outcome timeout)', async () => {
      const pool = makePool(1, 10_000)
      const run = pool.run({ code: 'spin', budgetMs: 500 })
      FakeWorker.all[0].ready()
      await vi.advanceTimersByTimeAsync(499)
      expect(FakeWorker.all[0].terminated).toBe(false)
      await vi.advanceTimersByTimeAsync(2)
      expect(await run.done).toEqual({ status: 'timeout', budgetMs: 500 })
      expect(FakeWorker.all[0].terminated).toBe(true)
    })

    it('retires a worker that computed for seconds before it was ended (its process may be full), and only terminates a quick one', async () => {
      FakeWorker.all = []
      const pool = new WorkerPool({ create: () => Object.assign(new FakeWorker(), { retired: false, retire(this: FakeWorker & { retired: boolean }) { this.retired = true } }), size: 1 })
      const long = pool.run({ code: 'bomb', budgetMs: RETIRE_AFTER_MS + 1000 })
      const [w, spare] = FakeWorker.all as Array<FakeWorker & { retired: boolean }>
      w.ready()
      await vi.advanceTimersByTimeAsync(RETIRE_AFTER_MS + 1000)
      expect(await long.done).toMatchObject({ status: 'timeout' })
      expect([w.retired, w.terminated]).toEqual([true, false])
      const quick = pool.run({ code: 'spin' })
      const q = spare
      q.ready()
      await vi.advanceTimersByTimeAsync(200)
      quick.stop() // Stop a moment after Run: the same process serves the next run at once
      expect([q.retired, q.terminated]).toEqual([false, true])
    })
  })

  it('reports a crashed worker clearly and keeps working after', async () => {
    const pool = makePool(1)
    const events: RunEvent[] = []
    const run = pool.run({ code: 'bomb' }, e => events.push(e))
    FakeWorker.all[0].ready()
    await tick()
    FakeWorker.all[0].onerror?.({ message: '' })
    const outcome = await run.done
    expect(outcome).toMatchObject({ status: 'error', error: { name: 'WorkerCrash', crashed: true } })
    expect(outcome.status === 'error' && outcome.error.message).toBe('the worker crashed (out of memory?)')
    expect(events[0]).toMatchObject({ type: 'error', message: 'the worker crashed (out of memory?)' })
    const next = pool.run({ code: 'ok' })
    FakeWorker.all[1].ready()
    await tick()
    FakeWorker.all[1].emit({ type: 'done', id: next.id, start: 0, end: 1 })
    expect((await next.done).status).toBe('done')
  })

  it('a worker whose runner frame ended: the run says so once (no "Uncaught" line), holds no core, and fresh spares start', async () => {
    const pool = makePool(2)
    const filled = pool.fill()
    FakeWorker.all.forEach(w => w.ready())
    await filled
    const events: RunEvent[] = []
    const run = pool.run({ code: 'bomb' }, e => events.push(e))
    await tick()
    // The frame's process ended: every worker that was in it fails as lost.
    const [running, spare] = FakeWorker.all
    spare.onerror?.({ message: LOST, lost: true })
    running.onerror?.({ message: LOST, lost: true })
    expect(await run.done).toEqual({ status: 'error', error: { name: 'OutOfMemory', message: LOST_RUN, crashed: true } })
    expect(events).toEqual([])
    expect(pool.lastTerminatedAt).toBeUndefined() // its thread is gone with its process
    expect(FakeWorker.all).toHaveLength(4) // two fresh spares, in the fresh frame
  })

  it('a run under way when its runner frame was replaced after another run says to run it again', async () => {
    const pool = makePool(1)
    const run = pool.run({ code: 'ok' })
    FakeWorker.all[0].ready()
    await tick()
    FakeWorker.all[0].onerror?.({ message: RENEWED, lost: true, renewed: true })
    expect(await run.done).toEqual({ status: 'error', error: { name: 'RunnerRestarted', message: RENEWED_RUN, crashed: true } })
  })

  it('ends the run on an error message and ignores later messages', async () => {
    const pool = makePool(1)
    const events: RunEvent[] = []
    const run = pool.run({ code: 'throw' }, e => events.push(e))
    const w = FakeWorker.all[0]
    w.ready()
    await tick()
    w.emit({ type: 'error', id: run.id, name: 'TypeError', message: 'boom', line: 5, column: 9 })
    w.emit({ type: 'log', id: run.id, level: 'log', text: 'late', t: 0 })
    expect(await run.done).toEqual({ status: 'error', error: { name: 'TypeError', message: 'boom', line: 5, column: 9 } })
    expect(events).toHaveLength(1)
  })

  it('never hands out a spare that failed to start', async () => {
    const pool = makePool(1)
    const filled = pool.fill()
    FakeWorker.all[0].onerror?.({ message: 'bad script' })
    await filled
    const run = pool.run({ code: 'x' })
    FakeWorker.all.slice(1).forEach(w => w.ready())
    await tick()
    expect(FakeWorker.all[0].sent).toHaveLength(0)
    expect(FakeWorker.all[1].sent).toHaveLength(1)
    run.stop()
  })

  it('has a spare parse code ahead of its Run, and gives that Run the spare that parsed it', async () => {
    const pool = makePool(2)
    const filled = pool.fill()
    FakeWorker.all.forEach(w => w.ready())
    await filled
    pool.parseAhead('B')
    pool.parseAhead('B') // once is enough
    await tick()
    const [first, second] = FakeWorker.all
    expect(first.sent).toEqual([{ type: 'parse-ahead', code: 'B' }])
    const other = pool.run({ code: 'A' }) // not the code parsed ahead: the next spare in line
    await tick()
    expect(second.sent[0]).toMatchObject({ type: 'run', code: 'A', id: other.id })
    const b = pool.run({ code: 'B' })
    await tick()
    expect(first.sent[1]).toMatchObject({ type: 'run', code: 'B', id: b.id })
  })
})
