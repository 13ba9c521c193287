// Pure frame statistics for the jank meter: requestAnimationFrame timestamps in, numbers out.

export interface FrameInterval { /** when the frame arrived (ms, rAF clock) */ t: number, /** gap since the previous frame */ ms: number }
export interface FrameStats { fps: number, longestMs: number, intervals: FrameInterval[] }

/**
 * Frame intervals that ended within `windowMs` of the latest frame; fps from the
 * last second (so a 1.5 s freeze reads as ~1 fps right after it).
 */
export function frameStats(timestamps: readonly number[], windowMs = 3000): FrameStats {
  const last = timestamps[timestamps.length - 1] ?? 0
  const intervals: FrameInterval[] = []
  for (let i = 1; i < timestamps.length; i++) {
    const t = timestamps[i]
    if (t >= last - windowMs) intervals.push({ t, ms: t - timestamps[i - 1] })
  }
  const recent = intervals.filter(f => f.t >= last - 1000)
  const sum = recent.reduce((s, f) => s + f.ms, 0)
  return {
    fps: sum > 0 ? Math.round((recent.length * 1000) / sum) : 0,
    longestMs: Math.round(Math.max(0, ...intervals.map(f => f.ms))),
    intervals,
  }
}
