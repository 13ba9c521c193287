import { describe, expect, it } from 'vitest'
import { frameStats } from './frames'

const steady = (from: number, n: number, step = 1000 / 60) => Array.from({ length: n }, (_, i) => from + i * step)

describe('frameStats', () => {
  it('reads 60 fps from steady frames', () => {
    const s = frameStats(steady(0, 240))
    expect(s.fps).toBe(60)
    expect(s.longestMs).toBe(17)
    expect(s.intervals.at(-1)!.t - s.intervals[0].t).toBeLessThanOrEqual(3000)
  })

  it('shows a freeze as one long frame and a low rate', () => {
    const before = steady(0, 60)
    const s = frameStats([...before, before.at(-1)! + 1500])
    expect(s.longestMs).toBe(1500)
    expect(s.fps).toBe(1)
  })

  it('copes with no frames yet', () => {
    expect(frameStats([])).toEqual({ fps: 0, longestMs: 0, intervals: [] })
  })
})
