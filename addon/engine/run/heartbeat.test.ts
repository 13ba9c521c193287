import { describe, expect, it } from 'vitest'
import { Heartbeat } from './heartbeat'

describe('Heartbeat: is the runner frame still there?', () => {
  it('pings each beat while answered, and never calls an answered frame lost', () => {
    const beat = new Heartbeat(250, 1000)
    for (let t = 0, seq = 1; t < 5000; t += 250, seq++) {
      expect(beat.tick(t)).toEqual({ ping: seq })
      beat.pong(seq, t + 5)
    }
    expect(beat.answeredAt).toBe(4755)
  })

  it('calls the frame lost once a ping has gone unanswered for lostAfterMs, not before', () => {
    const beat = new Heartbeat(250, 1000)
    expect(beat.tick(0)).toEqual({ ping: 1 })
    beat.pong(1, 10)
    expect(beat.tick(250)).toEqual({ ping: 2 }) // the frame ends after this ping
    expect(beat.tick(500)).toBeUndefined()
    expect(beat.tick(750)).toBeUndefined()
    expect(beat.tick(1000)).toBeUndefined()
    expect(beat.tick(1250)).toBe('lost')
    expect(beat.answeredAt).toBe(10)
  })

  it('ignores an answer to an older ping', () => {
    const beat = new Heartbeat(250, 1000)
    beat.tick(0)
    beat.pong(7, 1)
    expect(beat.tick(250)).toBeUndefined() // still waiting for ping 1
    beat.pong(1, 260)
    expect(beat.tick(500)).toEqual({ ping: 2 })
  })

  it('does not judge across a stall of the page itself (a long task, a hidden tab): the answer may be queued behind the tick', () => {
    const beat = new Heartbeat(250, 1000)
    expect(beat.tick(0)).toEqual({ ping: 1 })
    // The page's thread was busy for 3 s: the frame's answer waits in the queue after this tick.
    expect(beat.tick(3000)).toBeUndefined()
    beat.pong(1, 3001)
    expect(beat.tick(3250)).toEqual({ ping: 2 })
    // A frame that truly ended is still noticed, lostAfterMs of waking time later.
    expect(beat.tick(6000)).toBeUndefined()
    expect(beat.tick(6250)).toBeUndefined()
    expect(beat.tick(7000)).toBe('lost')
  })

  it('owes nothing after a reset (a fresh frame)', () => {
    const beat = new Heartbeat(250, 1000)
    beat.tick(0)
    beat.reset()
    expect(beat.tick(2000)).toEqual({ ping: 2 })
  })
})
