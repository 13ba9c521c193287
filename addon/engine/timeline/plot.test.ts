import { describe, expect, it } from 'vitest'
import { plotLabel, plotScales } from './plot'
import type { PlotSpec } from '../protocol'

const spec: PlotSpec = {
  title: 'Speedup vs workers',
  x: 'workers',
  y: 'speedup',
  series: [
    { name: 'measured', style: 'points', points: [[1, 1], [2, 1.914]] },
    { name: 'Amdahl, p = 0.95', points: [[1, 1], [8, 5.93], [16, 9.14]] },
    { name: 'ideal', style: 'dashed', points: [[1, 1], [2, 2]] },
  ],
}

describe('plot', () => {
  it('spans x over the data and y from 0 to a round number above it', () => {
    const { x, y } = plotScales(spec)
    expect(x.min).toBe(1)
    expect(x.max).toBe(16)
    expect(x.ticks[0]).toBe(1)
    expect(y.min).toBe(0)
    expect(y.max).toBeGreaterThanOrEqual(9.14)
    expect(y.ticks.at(-1)).toBe(y.max)
  })

  it('ignores points that are not finite numbers', () => {
    const { y } = plotScales({ ...spec, series: [{ name: 'bad', points: [[1, Infinity], [2, 3]] }] })
    expect(y.max).toBeLessThan(10)
  })

  it('summarises every measured point, and a curve by its ends', () => {
    expect(plotLabel(spec)).toBe('Speedup vs workers (speedup against workers): measured 1: 1, 2: 1.91; Amdahl, p = 0.95 from 1: 1 to 16: 9.14; ideal from 1: 1 to 2: 2')
  })
})
