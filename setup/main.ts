import { defineAppSetup } from '@slidev/types'
import { prewarmWhenIdle } from '../composables/engine'
import { isPrintView } from '../composables/view'
import { ensureIsolation } from './isolation'

export default defineAppSetup(() => {
  // esbuild and the worker pool start while the audience reads the first slides,
  // so the first Run on a demo slide does not pay for them.
  const prewarm = () => { if (!isPrintView()) prewarmWhenIdle() }
  // The built deck's service worker: an offline copy, and COOP/COEP where the host cannot
  // send them. A page about to reload for them skips the prewarm: it would only slow the
  // worker's first download (isolation came ~40% later with it); every page that stays
  // gets it.
  void ensureIsolation(import.meta.env.BASE_URL, prewarm)
})
