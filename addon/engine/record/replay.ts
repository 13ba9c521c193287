// Pure: a record -> what a replay shows, when. Times are shifted so the replay starts
// `at` (absolute ms), so the timeline grows as it did, on the same clock it draws with.
import type { PlotSpec, Span } from '../protocol'
import type { GroupMarker } from '../timeline'
import type { RecordLine, RunRecord } from './record'

export type ReplayStep =
  | { at: number, line: RecordLine }
  | { at: number, span: Span }
  | { at: number, group: GroupMarker }
  | { at: number, plot: PlotSpec }

/** The steps of a replay starting at `at`, in time order; each step's `at` is when to show it. */
export function replaySteps(r: RunRecord, at: number): ReplayStep[] {
  const shift = at - r.startedAt
  const steps: ReplayStep[] = []
  for (const line of r.lines) steps.push({ at: (line.t ?? r.startedAt) + shift, line: { ...line, t: line.t === undefined ? undefined : line.t + shift } })
  // A span is known when it ends (as in a live run); a group when it starts, and again when it ends.
  for (const s of r.spans) steps.push({ at: s.end + shift, span: { ...s, start: s.start + shift, end: s.end + shift } })
  for (const g of r.groups) {
    const moved = { ...g, start: g.start + shift }
    steps.push({ at: moved.start, group: { ...moved, end: undefined } })
    if (g.end !== undefined) steps.push({ at: g.end + shift, group: { ...moved, end: g.end + shift } })
  }
  if (r.plot) steps.push({ at: r.startedAt + (r.wallMs ?? 0) + shift, plot: r.plot })
  return steps.sort((a, b) => a.at - b.at)
}

/** When a replay starting `at` ends. */
export const replayEnd = (r: RunRecord, at: number): number =>
  at + Math.max(r.wallMs ?? 0, ...r.spans.map(s => s.end - r.startedAt), ...r.lines.map(l => (l.t ?? r.startedAt) - r.startedAt))
