import type { WorkerLike } from './pool'
import { describe, expect, it } from 'vitest'
import { countCores, judge, MAX_PROBES, QUIET_SHARE } from './probe'

/** Probe workers on a machine of `cores` cores, `busy` of a core taken by something else: running probes share what is left evenly. */
function machine(cores: number, busy = 0) {
  const live = new Set<FakeProbe>()
  const started: number[] = [] // probes per reading
  class FakeProbe implements WorkerLike {
    onmessage: WorkerLike['onmessage'] = null
    onerror: WorkerLike['onerror'] = null
    constructor() {
      live.add(this)
      queueMicrotask(() => this.onmessage?.({ data: { type: 'ready' } }))
    }

    postMessage() {
      setTimeout(() => this.onmessage?.({ data: { type: 'probed', burn: 100, share: Math.min(1, (cores - busy) / live.size) } }), 0)
      started.push(live.size)
    }

    terminate() { live.delete(this) }
  }
  return { create: () => new FakeProbe(), started, live }
}

describe('judge: what one reading of the probes says', () => {
  it('is quiet when every probe had a core', () => {
    expect(judge([1, 0.97, QUIET_SHARE])).toEqual({ quiet: true })
  })
  it('is quiet, with the count, when more probes than cores share them evenly and add up to whole cores', () => {
    expect(judge([0.5, 0.49, 0.51, 0.5])).toEqual({ quiet: true, cores: 2 })
    expect(judge([0.75, 0.74, 0.76, 0.75])).toEqual({ quiet: true, cores: 3 })
  })
  it('is busy when something else takes a share: uneven, or a fraction of a core short', () => {
    expect(judge([1, 0.4])).toEqual({ quiet: false })
    expect(judge([0.4, 0.4, 0.4, 0.4])).toEqual({ quiet: false }) // 1.6 of 2 cores
    expect(judge([0.9, 0.3, 0.4, 0.4])).toEqual({ quiet: false })
    expect(judge([])).toEqual({ quiet: false })
  })
})

describe('countCores: how many workers really run at once', () => {
  it('finds 2 cores where the browser says 4 (WebKit rounds up)', async () => {
    const m = machine(2)
    expect(await countCores(m.create, 4)).toBe(2)
    expect(m.live.size).toBe(0) // every probe ended
  })
  it('finds 6 cores where the browser says 2 (a privacy setting), doubling the probes while each gets a core', async () => {
    const m = machine(6)
    expect(await countCores(m.create, 2)).toBe(6)
    expect(Math.max(...m.started)).toBe(8)
  })
  it('agrees with a browser that tells the truth', async () => {
    expect(await countCores(machine(8).create, 8)).toBe(8)
    expect(await countCores(machine(1).create, 1)).toBe(1)
  })
  it('rounds a busy reading to whole cores, never below one, and stops at MAX_PROBES', async () => {
    expect(await countCores(machine(2, 0.4).create, 4)).toBe(2) // 1.6: two cores, something else busy
    expect(await countCores(machine(2, 1.5).create, 2)).toBe(1)
    expect(await countCores(machine(64).create, 16)).toBe(MAX_PROBES)
  })
  it('is unknown when a probe cannot start', async () => {
    const broken = () => {
      const w: WorkerLike = { onmessage: null, onerror: null, postMessage() {}, terminate() {} }
      queueMicrotask(() => w.onerror?.({ message: 'no workers here', preventDefault() {} } as never))
      return w
    }
    expect(await countCores(broken, 2)).toBeUndefined()
  })
})
