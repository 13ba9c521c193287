// A run's events, turned into view patches at most once per frame: output arrives in
// bursts, and each patch is also sent to the deck's other windows. The first event after
// a quiet frame goes straight through, so a Run answers at once.
import type { RunEvent } from '../engine'
import type { GroupMarker, PlotSpec, Span } from '../engine/protocol'
import type { CellPatch, OutputLine } from '../logic/cell-state'
import { eventLine } from '../engine/run/messages'
import { upsertGroup } from '../logic/cell-state'

export function useRunOutput(emit: (p: CellPatch) => void, groupsNow: () => GroupMarker[]) {
  let lines: OutputLine[] = []
  let spans: Span[] = []
  let groups: GroupMarker[] | undefined
  let plot: PlotSpec | undefined
  let frame = 0
  let lastFlush = -Infinity

  function flush() {
    frame = 0
    lastFlush = performance.now()
    if (!lines.length && !spans.length && !groups && !plot) return
    emit({ lines, spans, groups, plot })
    lines = []; spans = []; groups = undefined; plot = undefined
  }
  const schedule = () => {
    if (frame) return
    if (performance.now() - lastFlush >= 16) flush()
    else frame = requestAnimationFrame(flush)
  }

  function onEvent(e: RunEvent) {
    if (e.type === 'span') spans.push(e.span)
    else if (e.type === 'plot') plot = e.plot
    else if (e.type === 'group') {
      const { type: _t, id: _i, ...marker } = e
      groups = upsertGroup(groups ?? groupsNow(), marker)
    }
    else {
      const line = eventLine(e)
      if (line) lines.push(line)
    }
    schedule()
  }

  /** Sends what is buffered now (a run ended). */
  function end() {
    cancelAnimationFrame(frame)
    flush()
  }
  return { onEvent, end, dispose: () => cancelAnimationFrame(frame) }
}
