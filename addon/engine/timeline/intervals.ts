// Pure interval helpers behind the timeline: lane order, axis ticks, busy time, tracks.

const collator = new Intl.Collator('en', { numeric: true })

/** 'main' first, then natural order ('worker 2' before 'worker 10'). */
export function compareLanes(a: string, b: string): number {
  if (a === b) return 0
  if (a === 'main') return -1
  if (b === 'main') return 1
  return collator.compare(a, b)
}

/** Nice 1-2-5 ticks from 0 up to `maxMs`, at most `target` intervals. */
export function niceTicks(maxMs: number, target = 6): { step: number, ticks: number[] } {
  if (!(maxMs > 0)) return { step: 1, ticks: [0] }
  let step = 10 ** Math.floor(Math.log10(maxMs / target))
  for (let i = 0; Math.floor(maxMs / step + 1e-9) > target && i < 64; i++) {
    const digit = step / 10 ** Math.floor(Math.log10(step) + 1e-9)
    step *= Math.round(digit) === 2 ? 2.5 : 2 // 1 -> 2 -> 5 -> 10
  }
  const ticks: number[] = []
  for (let t = 0; t <= maxMs + 1e-9; t += step) ticks.push(Number(t.toPrecision(12)))
  return { step, ticks }
}

/** Total length of the union of intervals. */
export function unionMs(intervals: ReadonlyArray<{ start: number, end: number }>): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start)
  let total = 0
  let curStart = -Infinity
  let curEnd = -Infinity
  for (const { start, end } of sorted) {
    if (start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart
      curStart = start
      curEnd = end
    }
    else if (end > curEnd) { curEnd = end }
  }
  if (curEnd > curStart) total += curEnd - curStart
  return total
}

/** Overlap smaller than this is clock noise between back-to-back spans, not concurrency. */
const TOUCH_MS = 0.5

/** Greedy interval colouring of bars sorted by start; returns the number of tracks used. */
export function assignTracks(bars: Array<{ start: number, end: number, track: number }>): number {
  const ends: number[] = []
  for (const bar of bars) {
    let t = ends.findIndex(end => bar.start >= end - TOUCH_MS)
    if (t < 0) t = ends.push(0) - 1
    ends[t] = bar.end
    bar.track = t
  }
  return Math.max(1, ends.length)
}
