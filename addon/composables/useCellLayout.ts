// A live cell's sizes. On a slide the cell takes what the slide leaves (deck.css makes the
// layout a column): before a run, editor and output fill it; once bars arrive, the editor
// gives the timeline room. In the reading view nothing is fixed: code, output and timeline
// take the height they need (styles/reading-code.css bounds the output).
import type { Ref } from 'vue'
import { useElementSize } from '@vueuse/core'
import { computed } from 'vue'
import { inReadingView } from './reading'

/** The bar, and the notice under it when there is one (a replay, a shared link, a message). */
const BAR = 34
const NOTICE = 20
const TIMELINE_MIN = 250

export interface CellLayoutOptions {
  /** A fixed editor (and output) height in px of slide canvas, from the slide. */
  editorHeight?: number
  /** Whether the cell draws a timeline (or a chart) at all. */
  timeline: boolean
  /** A notice shows under the bar. */
  notice: () => boolean
  /** The run has bars to draw, or the snippet drew a chart (it takes the timeline's place). */
  drawing: () => boolean
}

export function useCellLayout(root: Ref<HTMLElement | undefined>, o: CellLayoutOptions) {
  const reading = inReadingView()
  const { height } = useElementSize(root)
  const top = computed(() => BAR + (o.notice() ? NOTICE : 0))
  const showTimeline = computed(() => o.timeline && o.drawing())
  /** Editor and output height in px; undefined: as tall as the code (the reading view). */
  const editorPx = computed((): number | undefined => {
    if (reading) return undefined
    if (o.editorHeight) return o.editorHeight
    const room = height.value - top.value - (showTimeline.value ? TIMELINE_MIN : 6)
    return Math.round(Math.min(showTimeline.value ? 220 : 400, Math.max(120, room)))
  })
  /** The timeline's most height in px; undefined: no limit (the reading view). */
  const timelinePx = computed(() => (editorPx.value === undefined ? undefined : Math.max(120, height.value - top.value - editorPx.value - 12)))
  return { showTimeline, editorPx, timelinePx }
}
