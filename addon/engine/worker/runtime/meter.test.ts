import { describe, expect, it } from 'vitest'
import { kindBetween, WorkMeter } from './meter'

function clock() {
  let t = 0
  return { now: () => t, advance: (ms: number) => { t += ms } }
}

describe('work meter', () => {
  it('counts overlapping waits once, as wall time', () => {
    const c = clock()
    const m = new WorkMeter(c.now)
    m.waitStart(); c.advance(100); m.waitStart(); c.advance(100); m.waitEnd(); c.advance(50); m.waitEnd()
    c.advance(30)
    expect(m.read()).toEqual({ t: 280, cpu: 0, blocked: 0, io: 250 })
  })

  it('includes a wait still open in a reading', () => {
    const c = clock()
    const m = new WorkMeter(c.now)
    m.waitStart(); c.advance(40)
    expect(m.read().io).toBe(40)
  })

  it('ignores an unmatched end', () => {
    const m = new WorkMeter(clock().now)
    m.waitEnd()
    expect(m.read().io).toBe(0)
  })
})

describe('the kind of a stretch', () => {
  const r = (t: number, cpu = 0, io = 0, blocked = 0) => ({ t, cpu, io, blocked })
  it('is what took at least half of it', () => {
    expect(kindBetween(r(0), r(100, 90, 5))).toBe('cpu')
    expect(kindBetween(r(0), r(100, 10, 80))).toBe('io')
    expect(kindBetween(r(0), r(100, 0, 0, 99))).toBe('wait')
  })
  it('counts computing first: a timer pending while the thread computes is not waiting', () => {
    expect(kindBetween(r(0), r(100, 60, 100))).toBe('cpu')
  })
  it('falls back when nothing dominates, or the stretch is empty', () => {
    expect(kindBetween(r(0), r(100, 30, 30))).toBe('task')
    expect(kindBetween(r(0), r(100, 30, 30), 'cpu')).toBe('cpu')
    expect(kindBetween(r(5), r(5, 10))).toBe('task')
  })
  it('reads only what happened between the two readings', () => {
    expect(kindBetween(r(1000, 900, 0), r(1100, 900, 100))).toBe('io')
  })
})
