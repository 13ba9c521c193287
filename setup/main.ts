import { defineAppSetup } from '@slidev/types'
import { prewarmWhenIdle } from '../composables/engine'
import { isPrintView } from '../composables/view'
import { ensureIsolation } from './isolation'

export default defineAppSetup(() => {
  // Static hosts that cannot send COOP/COEP get them from a service worker.
  void ensureIsolation(import.meta.env.BASE_URL)
  // esbuild and the worker pool start while the audience reads the first slides,
  // so the first Run on a demo slide does not pay for them.
  if (!isPrintView()) prewarmWhenIdle()
})
