// Cross-origin isolation and the offline copy, on the built deck (`slidev` dev sends the
// headers itself and registers no worker).
// - Isolation first (vite/hosting.ts `isolationFirst`): a script at the top of the page
//   registers the service worker (sw/sw.ts) and, on a first visit to a host that sends no
//   COOP/COEP headers, reloads once through it before the deck starts; this module learns
//   from it whether that reload is coming, and the deck starts only on a page that stays.
// - Isolated already (the host sends the headers, or the worker served this page): the
//   worker is registered (for offline use and updates) once the deck has started up.
// - Reloaded once and still not isolated (a host or browser that defeats the worker): it
//   says so, and every cell but threads and block() runs; never a second reload.
import { whenIdle } from '../logic/idle'

const RELOADED = 'live-cells:isolation-reload'
const SCRIPT = 'sw.js'

declare global {
  /** Set by the inline script: resolves true when the page is about to reload through the worker. */
  interface Window {
    __liveCellsIsolation?: Promise<boolean>
    /** Set by the inline script as it reloads this page for isolation: what the reload cuts off is not an error. */
    __liveCellsLeaving?: boolean
    /** What this page has on its way that a reload for isolation would cut off (the router's first route): the reload waits for it. */
    __liveCellsSettling?: Promise<unknown>
  }
}

/** Whether this page is about to reload for isolation (a Run that needs it waits, carried across). */
export function isolationAhead(): Promise<boolean> {
  return typeof window === 'undefined' || window.crossOriginIsolated ? Promise.resolve(false) : window.__liveCellsIsolation ?? Promise.resolve(false)
}

/**
 * Resolves when this page is to show the deck: at once where it is isolated or no reload
 * can come; on a first visit to a host without the headers, once the inline script knows
 * that none is coming. A page that reloads for isolation shows nothing meanwhile (the reload
 * follows in a moment, and the page after it shows the deck), so the reload cuts off no
 * slide, stylesheet or font on its way: Firefox reports each one cut off as an error, from
 * the browser itself, which no script can prevent. Bounded: after `decideMs` without an
 * answer (a worker that never activates), or `leaveMs` after the reload was asked for, the
 * deck shows anyway.
 */
export function whenStaying(decideMs = 3000, leaveMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    let timer = setTimeout(resolve, decideMs)
    void isolationAhead().then((leaving) => {
      clearTimeout(timer)
      if (leaving) timer = setTimeout(resolve, leaveMs)
      else resolve()
    })
  })
}

/**
 * Settles the worker and isolation for this page. `stay` runs once it is known that this
 * page stays (no reload ahead): the deck's start-up begins then.
 */
export async function ensureIsolation(base: string, stay: () => void = () => {}, built = import.meta.env.PROD): Promise<void> {
  if (!built || typeof window === 'undefined' || !window.isSecureContext || !('serviceWorker' in navigator)) return stay()
  if (window.crossOriginIsolated) {
    session(s => s.removeItem(RELOADED))
    stay()
    await settled()
    await register(base)
    return
  }
  if (await isolationAhead()) return // the reload through the worker is on its way
  if (session(s => s.getItem(RELOADED)) !== null)
    console.warn('Cross-origin isolation is off although the page was reloaded for it; threads and block() are disabled.')
  stay()
}

async function register(base: string): Promise<ServiceWorkerRegistration | undefined> {
  try {
    return await navigator.serviceWorker.register(`${base}${SCRIPT}`, { scope: base })
  }
  catch (error) {
    console.warn('The deck\'s service worker did not register: no offline copy, and no isolation where the host does not send the headers.', error)
  }
}

/** `use(sessionStorage)`, or null when storage is unavailable (blocked, sandboxed). */
function session<T>(use: (s: Storage) => T): T | null {
  try {
    return use(window.sessionStorage)
  }
  catch {
    return null
  }
}

/** After the deck's own start-up (<html data-live-cells="ready">) and an idle moment; at most `capMs`. */
function settled(capMs = 30_000): Promise<void> {
  const root = document.documentElement
  const ready = () => root.dataset.liveCells === 'ready'
  return new Promise((done) => {
    const idle = () => whenIdle(done, 3000)
    if (ready()) return idle()
    const observer = new MutationObserver(() => ready() && finish())
    const timer = setTimeout(finish, capMs)
    function finish() {
      observer.disconnect()
      clearTimeout(timer)
      idle()
    }
    observer.observe(root, { attributes: true, attributeFilter: ['data-live-cells'] })
  })
}
