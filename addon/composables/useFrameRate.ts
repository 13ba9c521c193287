import { onScopeDispose, readonly, shallowRef } from 'vue'
import type { FrameStats } from '../logic/frames'
import { frameStats } from '../logic/frames'

export interface UseFrameRateOptions {
  /** History kept for the sparkline, in ms. @default 3000 */
  windowMs?: number
  /** How often the numbers refresh, in ms (every frame would be wasteful). @default 100 */
  refreshMs?: number
}

/** The longest deliberate freeze we allow on stage. */
export const MAX_BLOCK_MS = 1500

/** Busy-loops the main thread for `ms` (capped at 1500): the freeze the jank meter should show. */
export function blockMainThread(ms = MAX_BLOCK_MS): number {
  const budget = Math.min(Math.max(0, ms), MAX_BLOCK_MS)
  const start = performance.now()
  while (performance.now() - start < budget) { /* deliberately busy: this is the demo */ }
  return performance.now() - start
}

const nextFrame = () => new Promise<number>(resolve => requestAnimationFrame(resolve))

/** Frame rate of this page, measured with requestAnimationFrame; stops when the scope is disposed. */
export function useFrameRate(options: UseFrameRateOptions = {}) {
  const { windowMs = 3000, refreshMs = 100 } = options
  const stats = shallowRef<FrameStats>({ fps: 0, longestMs: 0, intervals: [] })
  const blocking = shallowRef(false)
  let stamps: number[] = []
  let lastRefresh = -Infinity
  let handle = 0
  let stopped = false

  function onFrame(t: number) {
    stamps.push(t)
    if (stamps[0] < t - windowMs - 1000) stamps = stamps.filter(s => s >= t - windowMs - 100)
    if (t - lastRefresh >= refreshMs) {
      stats.value = frameStats(stamps, windowMs)
      lastRefresh = t
    }
    if (!stopped) handle = requestAnimationFrame(onFrame)
  }
  // A hidden tab gets no frames; that gap is not jank, so start the history afresh.
  const onVisibility = () => { if (document.visibilityState === 'visible') stamps = [] }

  if (typeof requestAnimationFrame !== 'undefined') {
    handle = requestAnimationFrame(onFrame)
    document.addEventListener('visibilitychange', onVisibility)
  }
  onScopeDispose(() => {
    stopped = true
    cancelAnimationFrame(handle)
    document.removeEventListener('visibilitychange', onVisibility)
  })

  /** Freezes the page for `ms` (≤ 1500) after letting the "blocking" state paint. Resolves to the ms blocked. */
  async function block(ms = MAX_BLOCK_MS): Promise<number> {
    if (blocking.value) return 0
    blocking.value = true
    try {
      await nextFrame()
      await nextFrame()
      return blockMainThread(ms)
    }
    finally {
      blocking.value = false
    }
  }

  return { stats: readonly(stats), blocking: readonly(blocking), block }
}
