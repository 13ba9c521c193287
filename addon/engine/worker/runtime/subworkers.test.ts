import { resolveObjectURL } from 'node:buffer'
import { describe, expect, it, vi } from 'vitest'
import { runParallel, startThreads, subWorkerStart } from './subworkers'
import { fakeHost, FakeWorker, useFakeWorkers } from './subworkers.testing'

useFakeWorkers()

describe('runParallel: a pool of sub-workers', () => {
  it('starts each worker on the same entry, as a module, named for its lane, and tells it the function, lane, mode, rates and cores', async () => {
    const host = fakeHost()
    await runParallel(host, (x: number) => x + 1, [1, 2], { workers: 2 })
    expect(FakeWorker.all.map(w => w.options)).toEqual([{ type: 'module', name: 'worker 1' }, { type: 'module', name: 'worker 2' }])
    // A blob that imports the entry (it keeps the creator's isolation), the same for both.
    expect(FakeWorker.all[0].url).toMatch(/^blob:/)
    expect(FakeWorker.all[1].url).toBe(FakeWorker.all[0].url)
    expect(await resolveObjectURL(FakeWorker.all[0].url)!.text()).toBe('globalThis.__liveCellsEntry = "http://localhost/engine/worker/entry.ts"\nawait import("http://localhost/engine/worker/entry.ts")\n')
    expect(FakeWorker.all[1].received[0]).toEqual({ type: 'parallel', id: 3, fn: '(x) => x + 1', lane: 'worker 2', group: 'parallel', maxLines: 50, rates: { burn: 100, primes: 1000 }, cores: 3 })
    expect(FakeWorker.all[1].received[1]).toEqual({ type: 'input', id: 3, seq: 1, input: 2, label: '2' })
  })

  it('tells the page before and after each nested new Worker() (a worker that froze in between cannot say so itself)', async () => {
    const told: unknown[] = []
    vi.stubGlobal('postMessage', (m: unknown) => told.push(m))
    try { await runParallel(fakeHost(), (x: number) => x, [1], { workers: 1 }) }
    finally { vi.unstubAllGlobals() }
    expect(told).toEqual([{ type: 'spawn', id: 3, name: 'worker 1', started: false }, { type: 'spawn', id: 3, name: 'worker 1', started: true }])
  })

  it('schedules dynamically: a free worker pulls the next input, and the results come back in input order', async () => {
    FakeWorker.delay = input => input as number
    const host = fakeHost()
    const results = await runParallel(host, (ms: number) => ms * 2, [150, 5, 5, 5, 5], { workers: 2 })
    expect(results).toEqual([300, 10, 10, 10, 10])
    const [slow, fast] = FakeWorker.all
    expect(slow.seqs).toEqual([0]) // busy with the long one the whole time
    expect(fast.seqs).toEqual([1, 2, 3, 4]) // took the rest, one at a time
  })

  it('labels each input with the label option', async () => {
    await runParallel(fakeHost(), (x: number) => x, [7], { label: x => `n=${String(x)}` })
    expect(FakeWorker.all[0].received[1]).toMatchObject({ type: 'input', label: 'n=7' })
  })

  it('starts no more workers than inputs, and by default one per core', async () => {
    await runParallel(fakeHost(), (x: number) => x, [1, 2], { workers: 8 })
    expect(FakeWorker.all).toHaveLength(2)
    FakeWorker.all = []
    await runParallel(fakeHost(), (x: number) => x, Array.from({ length: 10 }, (_, i) => i))
    expect(FakeWorker.all).toHaveLength(3) // host.cores: the page's count
    FakeWorker.all = []
    expect(await runParallel(fakeHost(), (x: number) => x, [])).toEqual([])
    expect(FakeWorker.all).toHaveLength(1)
  })

  it('adds the work slices of each result to the host\'s, for the mode\'s pace', async () => {
    FakeWorker.delay = input => input as number
    const host = fakeHost()
    await runParallel(host, (x: number) => x, [1, 40], { workers: 2 })
    expect(host.slices).toHaveLength(2)
    expect(host.slices.map(s => s.lane).sort()).toEqual(['worker 1', 'worker 2'])
    expect(host.slices.every(s => s.work === 10 && s.busy === 10)).toBe(true)
  })

  it('routes the workers\' output into the host\'s', async () => {
    FakeWorker.output = (input, lane) => [{ type: 'batch', id: 3, messages: [{ type: 'log', id: 3, level: 'log', text: `${lane} got ${String(input)}`, t: 0 }] }]
    const host = fakeHost()
    await runParallel(host, (x: number) => x, [4], { workers: 1 })
    expect(host.forwarded).toEqual([{ type: 'batch', id: 3, messages: [expect.objectContaining({ text: 'worker 1 got 4' })] }])
  })

  it('terminates every worker it started when it is done', async () => {
    await runParallel(fakeHost(), (x: number) => x, [1, 2, 3, 4, 5], { workers: 3 })
    expect(FakeWorker.all).toHaveLength(3)
    expect(FakeWorker.all.every(w => w.terminated)).toBe(true)
  })

  it('rejects with the failing worker\'s name and the error\'s message and name, and terminates every worker', async () => {
    FakeWorker.delay = input => input as number
    const fn = (x: number) => { if (x === 3) throw new TypeError(`bad input ${x}`); return x }
    const run = runParallel(fakeHost(), fn, [30, 3], { workers: 2 })
    await expect(run).rejects.toThrow(/^worker 2: bad input 3$/)
    await expect(run).rejects.toHaveProperty('name', 'TypeError')
    expect(FakeWorker.all).toHaveLength(2)
    expect(FakeWorker.all.every(w => w.terminated)).toBe(true)
  })

  it('rejects when a worker crashes, saying which, and terminates every worker', async () => {
    FakeWorker.delay = () => 1000
    const run = runParallel(fakeHost(), (x: number) => x, [1, 2], { workers: 2 })
    await vi.waitFor(() => expect(FakeWorker.all[0].seqs).toEqual([0]))
    const preventDefault = vi.fn()
    FakeWorker.all[0].onerror!({ message: 'out of memory', preventDefault })
    await expect(run).rejects.toThrow('worker 1 crashed: out of memory')
    expect(preventDefault).toHaveBeenCalled()
    expect(FakeWorker.all.every(w => w.terminated)).toBe(true)
  })

  it('rejects when a worker fails to start, saying which, and does not wait for it forever', async () => {
    FakeWorker.failsToStart = name => name === 'worker 2'
    const run = runParallel(fakeHost(), (x: number) => x, [1, 2, 3], { workers: 2 })
    const outcome = await Promise.race([run.then(() => 'resolved', (e: Error) => e.message), new Promise(r => setTimeout(r, 2000, 'still waiting after 2 s'))])
    expect(outcome).toBe('worker 2 crashed: failed to load the script')
    expect(FakeWorker.all.every(w => w.terminated)).toBe(true)
  })

  it('refuses something that is not a function, starting no worker', async () => {
    await expect(runParallel(fakeHost(), 42 as unknown as (x: number) => number, [1])).rejects.toThrow(new TypeError('expected a function'))
    expect(FakeWorker.all).toHaveLength(0)
  })
})

describe('startThreads: the thread workers a run starts before its snippet', () => {
  it('rejects when one fails to start, saying which, and replaces it on the next call', async () => {
    const host = fakeHost()
    FakeWorker.failsToStart = name => name === 'thread 2'
    const first = startThreads(host, 2)
    const outcome = await Promise.race([first.then(() => 'resolved', (e: Error) => e.message), new Promise(r => setTimeout(r, 2000, 'still waiting after 2 s'))])
    expect(outcome).toBe('thread 2 crashed: failed to load the script')
    const [one, broken] = FakeWorker.all
    expect(one.received).toEqual([{ type: 'warm', id: 3 }])

    FakeWorker.failsToStart = () => false
    await startThreads(host, 2)
    expect(broken.terminated).toBe(true)
    expect(FakeWorker.all).toHaveLength(3) // the broken one replaced; the good one kept
    expect(FakeWorker.all[2].options.name).toBe('thread 2')
    expect(FakeWorker.all[2].received).toEqual([{ type: 'warm', id: 3 }])
  })

  it('starts a worker again that never says ready (Firefox ESR), and gives up clearly after its tries', async () => {
    const saved = { ...subWorkerStart }
    Object.assign(subWorkerStart, { ms: 30, tries: 3 })
    try {
      const host = fakeHost()
      FakeWorker.silent = i => i === 0 // the first "thread 3" never starts; its second try does (threads 1 and 2 are kept from above)
      await startThreads(host, 3)
      expect(FakeWorker.all.map(w => w.options.name)).toEqual(['thread 3', 'thread 3'])
      expect(FakeWorker.all[0].terminated).toBe(true)
      expect(FakeWorker.all[1].received).toEqual([{ type: 'warm', id: 3 }])

      FakeWorker.all = []
      FakeWorker.silent = () => true
      await expect(runParallel(fakeHost(), (x: number) => x, [1], { workers: 1 })).rejects.toThrow('worker 1 did not start (3 tries, 30 ms each)')
      expect(FakeWorker.all).toHaveLength(3)
      expect(FakeWorker.all.every(w => w.terminated)).toBe(true)
    }
    finally { Object.assign(subWorkerStart, saved) }
  })
})
