import { describe, expect, it } from 'vitest'
import { runParallel, startThreads, subWorkerStart } from './subworkers'
import { fakeHost, FakeWorker, g, useFakeWorkers } from './subworkers.testing'

useFakeWorkers()

describe('in the runner frame (engine/frame/host.ts)', () => {
  it('has the frame start the sub-workers (a worker\'s own would not be isolated there), and ends them the same way', async () => {
    const asked: string[] = []
    g.__liveCellsSpawn = (name: string) => {
      asked.push(name)
      return new FakeWorker('the frame\'s', { name })
    }
    try {
      expect(await runParallel(fakeHost(), (x: number) => x * 3, [1, 2], { workers: 2 })).toEqual([3, 6])
      expect(asked).toEqual(['worker 1', 'worker 2'])
      expect(FakeWorker.all.map(w => w.url)).toEqual(['the frame\'s', 'the frame\'s']) // no nested Worker of its own
      expect(FakeWorker.all.every(w => w.terminated)).toBe(true)
    }
    finally { delete g.__liveCellsSpawn }
  })

  it('starts a frame\'s sub-worker again that never says ready, through the frame, ending the silent one there', async () => {
    const saved = { ...subWorkerStart }
    Object.assign(subWorkerStart, { ms: 30, tries: 3 })
    const asked: string[] = []
    g.__liveCellsSpawn = (name: string) => {
      asked.push(name)
      return new FakeWorker('the frame\'s', { name })
    }
    try {
      FakeWorker.silent = i => i === 0 // the frame's first "thread 1" never starts; its second does
      await startThreads(fakeHost(), 1)
      expect(asked).toEqual(['thread 1', 'thread 1'])
      expect(FakeWorker.all[0].terminated).toBe(true) // ended (the frame's 'end')
      expect(FakeWorker.all[1].received).toEqual([{ type: 'warm', id: 3 }])
    }
    finally {
      Object.assign(subWorkerStart, saved)
      delete g.__liveCellsSpawn
    }
  })
})
