// The reading view's address: the page opens at the slide its address names, and as the
// reader scrolls, the address follows the slide being read, so a link copied from the
// address bar opens where the reader is. Another change of address (the browser's Back, a
// link to a slide) scrolls there. A slide that renders above the screen (slides render as
// they come near: ReadingSlide) pushes nothing the reader sees: the page keeps its place
// itself, the same in every browser (native scroll anchoring is off: styles/reading.css).
import type { ShallowRef } from 'vue'
import { onBeforeUnmount, onMounted, shallowRef, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { slideAtLine } from '../logic/reading'

export interface ReadingAddressOptions {
  /** Each slide's element on the page, by number (a shallowReactive map: the anchor follows it). */
  sections: Map<number, HTMLElement>
  /** Renders slide `no` now (and resolves once it is on the page). */
  show: (no: number) => Promise<void>
  /** Where the reading area starts, px from the screen's top (under a bar that stays). @default 0 */
  top?: () => number
  /** The reading line, as a share of the screen's height from its top. @default 0.25 */
  line?: number
  /** The longest the page waits for its first slides before it shows (ms). @default 3000 */
  placeMs?: number
  /** How long the slide being read must stay the same before the address changes (ms). @default 300 */
  settleMs?: number
}

export function useReadingAddress(o: ReadingAddressOptions): { current: ShallowRef<number>, positioned: ShallowRef<boolean> } {
  const route = useRoute()
  const router = useRouter()
  const routeNo = () => Math.max(1, Number.parseInt(String(route.params.no ?? '1'), 10) || 1)
  const current = shallowRef(routeNo())
  /** The first position is taken: the page shows, and slides may render as they come near. */
  const positioned = shallowRef(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let frame = 0
  /** The slide the reader's scrolling last asked the router to put in the address. */
  let written = 0

  /** Where the page's own scrolling (to a slide, keeping its place) left it: the reader has not moved. */
  let placedY = Number.NaN
  function scrollToSlide(no: number) {
    const el = o.sections.get(no)
    if (!el) return
    scrollTo({ top: scrollY + el.getBoundingClientRect().top - (o.top?.() ?? 0), behavior: 'instant' })
    placedY = scrollY
  }

  function measure() {
    frame = 0
    if (Math.abs(scrollY - placedY) < 1) return
    const tops = [...o.sections].map(([no, el]) => ({ no, top: el.getBoundingClientRect().top })).sort((a, b) => a.no - b.no)
    // At the end of the page the last slides may never reach the line: the last one in view.
    const end = scrollY + innerHeight >= document.documentElement.scrollHeight - 2
    const at = slideAtLine(tops, end ? innerHeight - 1 : innerHeight * (o.line ?? 0.25))
    if (at === current.value) return
    current.value = at
    clearTimeout(timer)
    // Settled first: Safari allows a page about a hundred address changes in 30 s.
    timer = setTimeout(() => {
      if (current.value === routeNo()) return
      written = current.value
      void router.replace({ path: `/${written}`, query: route.query })
    }, o.settleMs ?? 300)
  }
  const onScroll = () => { frame ||= requestAnimationFrame(measure) }

  // An address the reader's scrolling did not write: go there. (The reader may have read on
  // while the router took the one it did write: that one moves nothing.)
  watch(() => route.params.no, () => {
    const no = routeNo()
    if (no === written) {
      written = 0
      return
    }
    if (!positioned.value || no === current.value) return
    current.value = no
    void o.show(no).then(() => scrollToSlide(no))
  })

  // Keep the place: a slide that grows or shrinks while entirely above the screen's reading
  // area (it just rendered, or its images came in) moves the page by as much.
  const heights = new WeakMap<Element, number>()
  const anchor = new ResizeObserver((entries) => {
    const top = o.top?.() ?? 0
    // In page order: where a slide was before this change also depends on those above it.
    const changed = entries.map(e => ({ el: e.target, box: e.target.getBoundingClientRect() })).sort((a, b) => a.box.top - b.box.top)
    let above = 0
    let shift = 0
    for (const { el, box } of changed) {
      const before = heights.get(el)
      heights.set(el, box.height)
      if (before === undefined) continue
      const delta = box.height - before
      if (box.bottom - delta - above <= top + 1) shift += delta
      above += delta
    }
    if (!shift || !positioned.value) return
    const still = Math.abs(scrollY - placedY) < 1
    scrollBy({ top: shift, behavior: 'instant' })
    if (still) placedY = scrollY
  })
  watch(() => [...o.sections.values()], (els) => { for (const el of els) anchor.observe(el) }, { immediate: true })

  // The page places itself from its address: a reload must not put back an old scroll
  // position (setup/main.ts sets this before the page loads, for a page that opens here).
  history.scrollRestoration = 'manual'
  onMounted(async () => {
    // The slide the address names, and the next (in view under it), before the page shows:
    // no placeholder is painted where they will be, so nothing on screen moves as they come.
    const no = current.value
    await Promise.race([Promise.all([o.show(no), o.show(no + 1)]), new Promise(resolve => setTimeout(resolve, o.placeMs ?? 3000))])
    if (no > 1) scrollToSlide(no)
    positioned.value = true
    addEventListener('scroll', onScroll, { passive: true })
  })
  onBeforeUnmount(() => {
    removeEventListener('scroll', onScroll)
    cancelAnimationFrame(frame)
    clearTimeout(timer)
    anchor.disconnect()
  })
  return { current, positioned }
}
