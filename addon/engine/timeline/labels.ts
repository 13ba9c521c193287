// Pure: what a person reads off a timeline model: its aria-label (the contract) and each
// group's heading.
import type { TimelineGroup, TimelineModel } from './model'

const ms = (n: number) => `${Math.round(n)} ms`
const x = (n: number) => `${n.toFixed(2)}x`

/** ", speedup 2.87x", or why none is stated (", not a fair measurement: …"). */
function speedupText(g: TimelineGroup): string {
  if (g.unfair) return `, ${g.unfair}`
  return g.speedup !== undefined && !g.baseline ? `, speedup ${x(g.speedup)}` : ''
}

/** One line a person would read off the picture; the aria-label contract. */
export function timelineLabel(model: TimelineModel): string {
  const { groups } = model
  const tail = model.running ? ', running' : ''
  if (groups.length <= 1 && !groups[0]?.name) {
    const g = groups[0]
    if (!g) return 'Timeline: 0 lanes, 0 ms'
    return `Timeline: ${g.lanes.length} lanes, ${ms(g.wallMs)}${speedupText(g)}${tail}`
  }
  const parts = groups.map(g => `${g.name || 'run'} ${g.lanes.length} lanes ${ms(g.wallMs)}${speedupText(g)}`)
  return `Timeline: ${parts.join('; ')}${tail}`
}

/** Why the ideal is what it is: "3 lanes waiting", "2 lanes computing", "4 lanes on 2 cores". */
export function idealReason(g: TimelineGroup): string {
  if (g.cappedByCores) return `${g.lanesInUse} lanes on ${g.cappedByCores} ${g.cappedByCores === 1 ? 'core' : 'cores'}`
  return `${g.lanesInUse} lanes ${g.work}`
}

/**
 * The heading of one stacked group, in parts:
 * ["parallel", "1042 ms", "2.89x speedup (ideal 3x: 3 lanes computing, 96% efficient)"].
 */
export function groupHeadingParts(g: TimelineGroup): string[] {
  const parts = [g.name || 'wall time', ms(g.wallMs)]
  if (g.open) parts[1] += ' so far'
  else if (g.unfair) parts.push(g.unfair)
  else if (g.baseline) parts.push('baseline')
  else if (g.speedup !== undefined) {
    let s = `${x(g.speedup)} speedup`
    if (g.lanesInUse > 1) s += ` (ideal ${g.idealSpeedup}x: ${idealReason(g)}, ${Math.round(g.efficiency! * 100)}% efficient)`
    parts.push(s)
  }
  return parts
}

/** "parallel — 1042 ms — 2.89x speedup (ideal 3x: 3 lanes computing, 96% efficient)" */
export const groupHeading = (g: TimelineGroup) => groupHeadingParts(g).join(' — ')
