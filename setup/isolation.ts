// Static hosts often cannot send COOP/COEP headers; without them there is no
// SharedArrayBuffer. Then a small service worker adds the headers and the page
// reloads once under it. A page that is already isolated registers nothing.
const flag = 'cvp:coi-reload'

export async function ensureIsolation(base: string): Promise<void> {
  if (typeof window === 'undefined' || window.crossOriginIsolated) return
  if (!window.isSecureContext || !('serviceWorker' in navigator)) return
  try {
    await navigator.serviceWorker.register(`${base}coi-sw.js`, { scope: base })
    // Reload once when the worker is new (it does not control this load yet).
    if (!navigator.serviceWorker.controller && !sessionStorage.getItem(flag)) {
      sessionStorage.setItem(flag, '1')
      await navigator.serviceWorker.ready
      window.location.reload()
      return
    }
    sessionStorage.removeItem(flag)
  }
  catch (error) {
    console.warn('Cross-origin isolation is off; shared-memory demos are disabled.', error)
  }
}
