// Slidev keeps the screen awake during a talk (its play and presenter pages call VueUse's
// useWakeLock) and never handles a refusal: a browser that says no (Safari and WebKit
// "Permission was denied", Chromium "Wake Lock permission request denied", a page in an
// iframe without the permission) leaves an unhandled rejection, reported as a page error.
// A refusal is the browser's answer, not an error: the screen may dim, the talk goes on.
// So a refused request is marked, and an unhandled rejection that carries the mark is
// noted quietly instead. Anyone who handles the rejection still gets it as before.

const REFUSED = Symbol.for('live-cells:wake-lock-refused')

interface WakeLockLike { request: (type?: 'screen') => Promise<unknown> }
interface Target {
  navigator?: { wakeLock?: WakeLockLike }
  addEventListener: (type: 'unhandledrejection', listener: (event: { reason: unknown, preventDefault: () => void }) => void) => void
}

/** Whether `reason` is a wake lock request the browser refused (marked by `quietWakeLockRefusals`). */
export const isRefusedWakeLock = (reason: unknown): boolean =>
  typeof reason === 'object' && reason !== null && (reason as Record<symbol, unknown>)[REFUSED] === true

/**
 * Marks every refusal of `navigator.wakeLock.request` (a NotAllowedError) and keeps an
 * unhandled one out of the page's errors; `note` hears of it. Once per page; nothing where
 * the browser has no wake lock.
 */
export function quietWakeLockRefusals(target: Target = globalThis as unknown as Target, note: (reason: unknown) => void = () => {}): void {
  const wakeLock = target.navigator?.wakeLock
  if (!wakeLock || (wakeLock as unknown as Record<symbol, unknown>)[REFUSED]) return
  const request = wakeLock.request.bind(wakeLock)
  wakeLock.request = type => request(type).catch((error: unknown) => {
    if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'NotAllowedError')
      Object.defineProperty(error, REFUSED, { value: true })
    throw error
  })
  Object.defineProperty(wakeLock, REFUSED, { value: true })
  target.addEventListener('unhandledrejection', (event) => {
    if (!isRefusedWakeLock(event.reason)) return
    event.preventDefault()
    note(event.reason)
  })
}
