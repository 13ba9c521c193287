// The offline copy. Once the deck has started up, the files the service worker (sw/sw.ts)
// has not cached yet (it keeps everything the page fetched) are fetched through it, one at
// a time, each a background step: a Run pre-empts the rest, and nothing is fetched twice.
// When the last is in, <html data-offline="ready"> and a notice say the deck works without
// a network. On the speaker's machine that is right after the start-up; a viewer's page
// waits until they have stayed a while (someone who opened a link to look at three slides
// does not download 30 MB), and never on a connection that asks to save data or is slow.
import type { OfflineFiles } from '../sw/sw'
import { shallowRef } from 'vue'
import { background } from './background'
import { deckMode } from './mode'

/** How long a viewer's page is open before it saves the deck for offline use. */
export const VIEWER_FILL_AFTER_MS = 30_000

/** What the notice says once the copy is complete (components/OfflineNotice.vue). */
export const offlineReady = shallowRef('')
const SAVING = 'saving the deck for offline use'

export async function fillOffline(): Promise<void> {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean, effectiveType?: string } }).connection
  if (connection?.saveData || /2g|3g/.test(connection?.effectiveType ?? '')) return
  if (!await navigator.serviceWorker?.getRegistration().catch(() => undefined)) return
  if (deckMode() === 'viewer') await new Promise(resolve => setTimeout(resolve, Math.max(0, VIEWER_FILL_AFTER_MS - performance.now())))
  const worker = await controller()
  if (!worker) return
  const root = document.documentElement
  try {
    const missing = (await files(worker)).filter(f => !f.cached)
    root.dataset.offline = 'filling'
    for (const f of missing) {
      await background.step(SAVING, async () => {
        const response = await fetch(f.url)
        await response.arrayBuffer() // read through: the worker keeps it as it passes
      })
    }
    const all = await files(worker)
    if (all.some(f => !f.cached)) return void (root.dataset.offline = 'incomplete')
    root.dataset.offline = 'ready'
    const mb = all.reduce((sum, f) => sum + f.bytes, 0) / 2 ** 20
    if (missing.length) offlineReady.value = `Saved for offline use (${mb.toFixed(0)} MB): this deck now works without a network.`
  }
  catch (error) {
    root.dataset.offline = 'incomplete'
    console.warn('The offline copy is not complete:', error)
  }
}

/** The worker that serves this page's requests (a moment after it first takes the page over). */
async function controller(waitMs = 10_000): Promise<ServiceWorker | undefined> {
  const sw = navigator.serviceWorker
  if (sw.controller) return sw.controller
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, waitMs)
    sw.addEventListener('controllerchange', () => { clearTimeout(timer); resolve() }, { once: true })
  })
  return sw.controller ?? undefined
}

/** The build's files, and whether the worker holds each. */
function files(worker: ServiceWorker): Promise<OfflineFiles['files']> {
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel()
    const timer = setTimeout(() => reject(new Error('the service worker did not answer')), 10_000)
    channel.port1.onmessage = ({ data }: MessageEvent<OfflineFiles>) => {
      clearTimeout(timer)
      resolve(data.files)
    }
    worker.postMessage({ type: 'files' }, [channel.port2])
  })
}
