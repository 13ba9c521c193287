import { defineAppSetup } from '@slidev/types'
import { prewarmWhenIdle } from '../composables/engine'
import { deckMode } from '../composables/mode'
import { whenWanted } from '../composables/on-demand'
import { fillOffline } from '../composables/offline'
import { readingAtLoad } from '../composables/reading'
import { isPrintView } from '../composables/view'
import { quietWakeLockRefusals } from '../logic/wake-lock'
import { ensureIsolation, whenStaying } from './isolation'

declare global {
  /** Slidev's {monaco-run} blocks wait for this before they load Monaco (vite/plugins.ts). */
  interface Window { __liveCellsEditorWanted?: (el?: HTMLElement) => Promise<void> }
}

export default defineAppSetup(async ({ router }) => {
  // Slidev asks to keep the screen awake and lets a refusal go unhandled (logic/wake-lock.ts).
  if (typeof window !== 'undefined') quietWakeLockRefusals(window, () => console.info('The browser did not let the deck keep the screen awake; it may dim during the talk.'))
  // The reading view places itself from its address: no scroll position put back by the
  // browser (a reload, such as the one for isolation, would land a slide or two off). Set
  // before the page loads, or the browser has already chosen to restore it.
  if (typeof history !== 'undefined' && readingAtLoad()) history.scrollRestoration = 'manual'
  // A viewer's page loads Monaco only for code someone reaches for (composables/mode.ts).
  if (typeof window !== 'undefined' && deckMode() === 'viewer') window.__liveCellsEditorWanted = whenWanted
  // The deck's start-up (composables/engine.ts) runs while the audience reads the first
  // slides, so the first Run on a demo slide does not pay for it; then the offline copy.
  let started: Promise<void> | undefined
  const start = () => { if (!isPrintView()) started = prewarmWhenIdle() }
  // The built deck's service worker: COOP/COEP where the host cannot send them, and the
  // offline copy once it is registered. A page about to reload for them starts nothing.
  void ensureIsolation(import.meta.env.BASE_URL, start).then(() => started?.then(fillOffline))
  // Slidev mounts the deck once every setup is done: a page about to reload for isolation
  // mounts nothing (setup/isolation.ts `whenStaying`). The router has begun loading the first
  // route's page (Slidev's page component, lazily): that reload waits for it (vite/hosting.ts).
  if (typeof window !== 'undefined') {
    window.__liveCellsSettling = router.isReady()
    await whenStaying()
  }
})
