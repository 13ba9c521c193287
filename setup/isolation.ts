// The built deck's service worker (sw/sw.ts, built by vite/hosting.ts): one worker that
// caches the deck for offline use and adds the COOP/COEP headers that SharedArrayBuffer
// and Atomics.wait need, on static hosts that cannot send them (GitHub Pages).
// - `slidev` dev registers nothing: its server sends the headers itself.
// - Already isolated (the host sends the headers, or the worker served this page): the
//   worker is registered once the deck has started up, for offline use only; no reload.
// - Not isolated: register now; once the worker is active (it has cached the deck) and
//   no cell is running, reload once so the page comes back through it, isolated.
//   A flag in sessionStorage allows one such reload until the tab is isolated again,
//   so a host or browser that defeats the worker can never cause a loop. If the worker
//   cannot be installed, the page stays as it is (no isolation, every other cell runs).
import { whenIdle } from '../logic/idle'

const RELOADED = 'cvp:isolation-reload'
const SCRIPT = 'sw.js'

/**
 * Registers the service worker and, if this page is not isolated, reloads once through it.
 * `stay` runs once it is known that this page stays: at once unless a reload is ahead,
 * or when the reload turns out impossible.
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
  if (session(s => s.getItem(RELOADED)) !== null) {
    console.warn('Cross-origin isolation is off although the page was reloaded for it; threads and block() are disabled.')
    stay()
    await register(base)
    return
  }
  const registration = await register(base)
  if (!registration || !await activated(registration)) return stay()
  await cellsIdle()
  // No sessionStorage to remember the reload by: no reload at all.
  if (session(s => s.setItem(RELOADED, String(Date.now()))) === null) return stay()
  window.location.reload()
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

/** True once the worker is active (it has cached the deck); false if its install failed. */
function activated(registration: ServiceWorkerRegistration): Promise<boolean> {
  const worker = registration.installing ?? registration.waiting
  if (registration.active || !worker) return Promise.resolve(Boolean(registration.active))
  return new Promise((done) => {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') done(true)
      if (worker.state === 'redundant') done(false)
    })
  })
}

/**
 * After the deck's own start-up, which ends with burn()'s rate measured on a free core
 * (<html data-live-cells="ready">, composables/engine.ts), and an idle moment: the
 * worker's first download (~30 MB) must neither slow the deck down nor skew that
 * measurement. At most `capMs` (a print view starts no cells).
 */
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

/** Resolves when no live cell is compiling or running (a reload would cut a run short). */
async function cellsIdle(): Promise<void> {
  while (document.querySelector('[data-cell][data-state="compiling"], [data-cell][data-state="running"]'))
    await new Promise(done => setTimeout(done, 250))
}
