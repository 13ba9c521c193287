// `compare` and `plot`: a run's modes on one time scale, each judged by how fast its work
// went, and the chart a snippet draws.
import type { PlotSpec } from '../../protocol'
import type { RuntimeHost } from './host'
import { now } from '../../shared/clock'
import { measurePace, paceReason, paceVerdict } from '../../shared/pace'

/**
 * Runs each mode in turn as a group of its own, measured against the call's first mode
 * (another call, another baseline). A mode whose work other load slowed says so, states no
 * speedup and is left out of the walls returned.
 */
export async function compare(host: RuntimeHost, modes: Record<string, () => unknown>): Promise<Record<string, number>> {
  const walls: Record<string, number> = {}
  const [baseline] = Object.keys(modes)
  let first: { wall: number, fair: boolean } | undefined
  for (const [name, fn] of Object.entries(modes)) {
    host.group = name
    const start = now()
    const from = host.slices.length
    const marker = { type: 'group', id: host.id, group: name, start, ...(name === baseline ? {} : { baseline }) } as const
    host.emit(marker)
    try { await fn() }
    finally {
      const end = now()
      const pace = measurePace(host.slices.slice(from), host.cores)
      const fair = paceVerdict(pace) === 'fair'
      host.emit({ ...marker, end, ...(pace ? { pace } : {}) })
      host.group = undefined
      const wall = end - start
      if (fair) walls[name] = Math.round(wall)
      first ??= { wall, fair }
      let note = ''
      if (!fair) note = ` (${paceReason(pace!)})`
      else if (name !== baseline) note = first.fair ? ` (${(first.wall / Math.max(wall, 1)).toFixed(2)}x)` : ` (no speedup shown: "${baseline}" was not measured fairly)`
      console.log(`${name}: ${Math.round(wall)} ms${note}`)
    }
  }
  return walls
}

/** Sends a chart (copied through JSON: only numbers and strings cross, and a bad spec fails on its line). */
export function plot(host: RuntimeHost, spec: PlotSpec): void {
  // `plot()` stringifies to undefined, no JSON: it fails the check below, not JSON.parse
  const clean = JSON.parse(JSON.stringify(spec) ?? 'null') as PlotSpec | null
  if (!Array.isArray(clean?.series)) throw new TypeError('plot() needs { title, x, y, series: [{ name, points }] }')
  host.emit({ type: 'plot', id: host.id, plot: clean! })
}
