// Pure: a `plot` spec -> axes and the one-line summary the chart's aria-label reads.
import type { PlotSpec } from '../protocol'
import { niceTicks } from './intervals'

export interface PlotAxis { min: number, max: number, ticks: number[] }
export interface PlotScales { x: PlotAxis, y: PlotAxis }

const finite = (spec: PlotSpec) => spec.series.flatMap(s => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))

/** x from the smallest to the largest x; y from 0 to a nice round top. */
export function plotScales(spec: PlotSpec, ticks = 6): PlotScales {
  const pts = finite(spec)
  const xs = pts.map(p => p[0])
  const ys = pts.map(p => p[1])
  const xMin = xs.length ? Math.min(...xs) : 0
  const xMax = xs.length ? Math.max(...xs, xMin + 1) : 1
  const yTop = niceTicks(Math.max(1, ...ys), ticks)
  const yMax = yTop.ticks.at(-1)! < Math.max(1, ...ys) ? yTop.ticks.at(-1)! + yTop.step : yTop.ticks.at(-1)!
  const xt = niceTicks(xMax - xMin, ticks)
  return {
    x: { min: xMin, max: xMax, ticks: xt.ticks.map(t => Number((t + xMin).toPrecision(12))).filter(t => t <= xMax) },
    y: { min: 0, max: yMax, ticks: niceTicks(yMax, ticks).ticks },
  }
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3))))

/** "Speedup vs workers (speedup against workers): measured 1: 1, 2: 1.91; Amdahl, p = 0.95 from 1: 1 to 16: 9.1" */
export function plotLabel(spec: PlotSpec): string {
  const parts = spec.series.map((s) => {
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y))
    if (!pts.length) return `${s.name} (no points)`
    if ((s.style ?? 'line') === 'points') return `${s.name} ${pts.map(([x, y]) => `${num(x)}: ${num(y)}`).join(', ')}`
    const [a, b] = [pts[0], pts[pts.length - 1]]
    return `${s.name} from ${num(a[0])}: ${num(a[1])} to ${num(b[0])}: ${num(b[1])}`
  })
  return `${spec.title} (${spec.y} against ${spec.x}): ${parts.join('; ')}`
}
