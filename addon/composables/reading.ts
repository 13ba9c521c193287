// The reading view (logic/reading.ts decides): whether this page shows it, now and as the
// screen turns, and how a component inside it knows it is there.
import type { ComputedRef, InjectionKey } from 'vue'
import { computed, inject, onScopeDispose, shallowRef } from 'vue'
import { useRoute } from 'vue-router'
import { isSlidePath, NARROW_PORTRAIT, wantsReading } from '../logic/reading'

/** Whether this page opens as the reading view (read once, at start: the deck's mode uses it). */
export function readingAtLoad(): boolean {
  if (typeof location === 'undefined' || typeof matchMedia === 'undefined') return false
  return wantsReading({
    query: new URLSearchParams(location.search),
    narrowPortrait: matchMedia(NARROW_PORTRAIT).matches,
    slidePath: isSlidePath(location.pathname, import.meta.env.BASE_URL),
  })
}

/** The reading view or the slides, for the slide route: follows the address and the screen's turns. */
export function useReadingChoice(): ComputedRef<boolean> {
  const route = useRoute()
  const media = matchMedia(NARROW_PORTRAIT)
  const narrow = shallowRef(media.matches)
  const onChange = (e: MediaQueryListEvent) => { narrow.value = e.matches }
  media.addEventListener('change', onChange)
  onScopeDispose(() => media.removeEventListener('change', onChange))
  return computed(() => wantsReading({ query: route.query, narrowPortrait: narrow.value, slidePath: true }))
}

/** Provided by the reading view to the slides inside it. */
export const readingKey: InjectionKey<true> = Symbol('reading view')

/** Whether the calling component sits in the reading view (call it in setup). */
export const inReadingView = (): boolean => inject(readingKey, false) === true
