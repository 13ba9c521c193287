// One cell across the deck's windows (presenter view, projector): the window where Run was
// pressed runs the code and sends each change to its view; the others apply the same
// changes, and a Stop pressed anywhere reaches the window that runs it.
import type { CellPatch } from '../logic/cell-state'
import { useBroadcastChannel } from '@vueuse/core'
import { toRaw, watch } from 'vue'

type Wire = { cell: string, patch: CellPatch } | { cell: string, stop: true }

export function useCellSync(cell: string, on: { patch: (p: CellPatch) => void, stop: () => void }) {
  const { data, post } = useBroadcastChannel<Wire, Wire>({ name: 'live-cells:cells' })
  // Every message, in order: a patch appends, so none may be skipped (flush: 'sync').
  watch(data, (m) => {
    if (!m || m.cell !== cell) return
    if ('stop' in m) on.stop()
    else on.patch(toRaw(m).patch)
  }, { flush: 'sync' })
  return {
    sendPatch: (patch: CellPatch) => post({ cell, patch }),
    sendStop: () => post({ cell, stop: true }),
  }
}
