// Pure: how fast a run's CPU work went, against what a free core does.
//
// `burn` and `countPrimes` do a known amount of work (engine/worker/runtime/work.ts), so each call knows
// how long it should take on a free core. A lane that took longer than its share of the
// cores explains was slowed by something else on this machine (another program, the
// browser's own start-up); its wall time, and every speedup measured against it, then
// says nothing about the code. A lane faster than the page's rates allow shows the rates
// were measured low. Either way the run is flagged, measured rather than guessed.

/** One call of calibrated work on one lane (`burn`, `countPrimes`). Times are absolute ms. */
export interface WorkSlice {
  lane: string
  start: number
  end: number
  /** ms of the slice the lane spent computing (hand-offs of a GIL excluded). */
  busy: number
  /** The work done, in ms of one free core (its units over the page's rate). */
  work: number
  /** The lane holds a GIL to compute: lanes that share one never compute at the same time. */
  serial?: boolean
}

/** How a run's (or a compare mode's) calibrated work went. */
export interface Pace {
  /** Free-core ms of calibrated work it did. */
  workMs: number
  /**
   * The speed its work ran at, as a share of one free core's, after the lanes' own
   * sharing of the cores is taken into account: 1 when nothing else interfered.
   */
  speed: number
  /**
   * Its lanes kept every core busy: the page's own thread (drawing the timeline) and the
   * snippet's worker then share the cores with them, so a little slowing is the demo's own.
   */
  crowded?: true
}

/** Most slices kept per worker; past it, each is merged into the last (a tight loop of tiny burns). */
const MAX_SLICES = 5000
/** Calls this close together on one lane are one slice. */
const MERGE_MS = 1

/** Adds a slice, merged into the last one when it continues it on the same lane. */
export function addSlice(slices: WorkSlice[], s: WorkSlice): void {
  const last = slices[slices.length - 1]
  if (last && last.lane === s.lane && last.serial === s.serial && (s.start - last.end < MERGE_MS || slices.length >= MAX_SLICES)) {
    last.end = Math.max(last.end, s.end)
    last.busy += s.busy
    last.work += s.work
  }
  else slices.push({ ...s })
}

/** Below this many ms of work a reading is too short to judge. */
export const MIN_WORK_MS = 100
/** Slower than this share of a free core: slowed by other work on the machine. */
export const SLOWED_BELOW = 0.8
/** The same, for work whose lanes kept every core busy (Pace.crowded). */
export const CROWDED_SLOWED_BELOW = 0.65
/** Faster than this: the page's rates were measured low (they are raised after the run). */
export const RATES_LOW_ABOVE = 1.15

/**
 * The pace of `slices` on `cores` cores. Where k lanes compute at once on c < k cores,
 * each gets c/k of a core, so its work may take k/c times as long without any outside
 * interference. Undefined when there is too little work to judge.
 */
export function measurePace(slices: readonly WorkSlice[], cores: number): Pace | undefined {
  const workMs = slices.reduce((sum, s) => sum + s.work, 0)
  if (!(workMs >= MIN_WORK_MS) || !(cores > 0)) return undefined
  let expected = 0
  let busy = 0
  let lanesWeighted = 0
  for (const s of slices) {
    const lanes = lanesAtOnce(slices, s)
    expected += s.work * Math.max(1, lanes / cores)
    busy += s.busy
    lanesWeighted += lanes * s.work
  }
  if (!(busy > 0)) return undefined
  return { workMs, speed: expected / busy, ...(lanesWeighted / workMs >= cores - 0.25 ? { crowded: true as const } : {}) }
}

/** The average number of lanes computing during `s` (lanes under one GIL count once). */
function lanesAtOnce(slices: readonly WorkSlice[], s: WorkSlice): number {
  const length = s.end - s.start
  if (!(length > 0)) return 1
  // Per lane (or per GIL), the time its slices overlap `s`.
  const overlap = new Map<string, number>()
  for (const o of slices) {
    const ms = Math.min(o.end, s.end) - Math.max(o.start, s.start)
    if (ms <= 0) continue
    const key = o.serial ? '\u0000gil' : o.lane
    overlap.set(key, Math.min(length, (overlap.get(key) ?? 0) + ms))
  }
  let lanes = 0
  for (const ms of overlap.values()) lanes += ms / length
  return Math.max(1, lanes)
}

export type PaceVerdict = 'fair' | 'slowed' | 'rates-low'

export function paceVerdict(pace: Pace | undefined): PaceVerdict {
  if (!pace) return 'fair'
  if (pace.speed < (pace.crowded ? CROWDED_SLOWED_BELOW : SLOWED_BELOW)) return 'slowed'
  if (pace.speed > RATES_LOW_ABOVE) return 'rates-low'
  return 'fair'
}

const percent = (speed: number) => `${Math.round(speed * 100)}%`

/** Why a measurement is not fair, in a few words ("slowed by other work: 38% of a free core's speed"). */
export function paceReason(pace: Pace): string {
  return paceVerdict(pace) === 'rates-low'
    ? `ran at ${percent(pace.speed)} of the measured core speed: that measure was low`
    : `slowed by other work: ${percent(pace.speed)} of a free core's speed`
}

/**
 * The line a finished run ends with when its numbers cannot be trusted, or undefined:
 * from each compare mode's pace (or, without modes, the run's own).
 */
export function unfairRunText(modes: ReadonlyArray<{ group: string, pace?: Pace }>, run: Pace | undefined): string | undefined {
  const judged = modes.some(m => m.pace) ? modes : [{ group: '', pace: run }]
  const named = (verdict: PaceVerdict, verb: string) => judged.filter(m => paceVerdict(m.pace) === verdict)
    .map(m => `${m.group ? `"${m.group}"` : 'this run'}${verb} ${percent(m.pace!.speed)}`)
  const slowed = named('slowed', ' to')
  const low = named('rates-low', ' ran at')
  const parts = [
    ...(slowed.length ? [`other work on this machine slowed ${and(slowed)} of a free core's speed, so no speedup against ${slowed.length > 1 ? 'them' : 'it'} is shown`] : []),
    ...(low.length ? [`${and(low)} of the measured core speed, so that measure was low (now corrected)`] : []),
  ]
  return parts.length ? `Not a fair measurement: ${parts.join('; ')}. Run it again.` : undefined
}

const and = (xs: string[]) => xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`
