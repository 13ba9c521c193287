// Replay: a recorded run shown again at its real speed, labelled as a replay, through the
// same patches as a live run (so the deck's other windows show it too).
import type { GroupMarker } from '../engine/protocol'
import type { RunRecord } from '../engine/record'
import type { CellPatch } from '../logic/cell-state'
import { provenance, replayEnd, replaySteps } from '../engine/record'
import { now } from '../engine/shared/clock'
import { upsertGroup } from '../logic/cell-state'

export function useReplay(emit: (p: CellPatch) => void, groupsNow: () => GroupMarker[]) {
  let timers: Array<ReturnType<typeof setTimeout>> = []

  function play(record: RunRecord) {
    cancel()
    const at = now() + 50
    emit({ reset: true, state: 'running', startedAt: at, replay: provenance(record) })
    const later = (t: number, fn: () => void) => timers.push(setTimeout(fn, Math.max(0, t - now())))
    for (const step of replaySteps(record, at)) {
      later(step.at, () => emit('line' in step ? { lines: [step.line] } : 'span' in step ? { spans: [step.span] } : 'plot' in step ? { plot: step.plot } : { groups: upsertGroup(groupsNow(), step.group) }))
    }
    later(replayEnd(record, at), () => {
      timers = []
      emit(record.outcome === 'done' ? { state: 'done', wallMs: record.wallMs } : { state: record.outcome })
    })
  }

  /** Ends a replay under way; true if there was one. */
  function cancel(): boolean {
    if (!timers.length) return false
    timers.forEach(clearTimeout)
    timers = []
    return true
  }
  return { play, cancel }
}
