// The deck's one service worker (built deck only; `slidev` dev sends the headers itself).
// - Adds: Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy:
//   require-corp and Cross-Origin-Resource-Policy: same-origin (headers.mjs) to every
//   same-origin response it serves, cached or fresh. Static hosts (GitHub Pages) cannot
//   send these headers, and without them there is no SharedArrayBuffer or Atomics.wait,
//   which the threads/GIL and blocking demos need.
// - Isolation first: installing caches nothing, so a first visit's worker is active
//   within a moment of its script arriving, and the page's one reload through it (see
//   the inline script vite/hosting.ts puts in index.html) makes the page isolated within
//   seconds, not after a 30 MB download.
// - Caches what the page fetches as it fetches it (nothing is downloaded twice), and the
//   rest when the page asks, file by file (composables/offline.ts fills it in idle time, paused
//   while a cell runs): the list is the build's manifest (injected by vite-plugin-pwa).
//   Hashed files (assets/) are served from the cache first; pages go to the network first
//   and fall back to the cached deck offline; other files (the PDF, the icon) are served
//   from the cache and refreshed in the background.
// One worker does both because two service workers cannot share a scope.
// Updates: a new deploy's worker waits until every tab of the deck has closed (never
// under a page built from the old files), then drops cached files the new build no
// longer lists. No update reloads a page.
/// <reference lib="webworker" />
import type { WorkboxPlugin } from 'workbox-core/types'
import { clientsClaim } from 'workbox-core'
import { registerRoute, setCatchHandler } from 'workbox-routing'
import { CacheFirst, NetworkFirst, StaleWhileRevalidate } from 'workbox-strategies'
import { isolationHeaders } from './headers.mjs'

/** A built file (vite/hosting.ts adds its size, in bytes). */
interface ManifestEntry { url: string, revision: string | null, bytes?: number }
declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<ManifestEntry | string> }

/** What the page may ask (setup/offline.ts): the files of this build and the bytes each holds. */
export type OfflineRequest = { type: 'files' }
export interface OfflineFiles { type: 'files', files: Array<{ url: string, bytes: number, cached: boolean }> }

const manifest = self.__WB_MANIFEST.map(e => (typeof e === 'string' ? { url: e, revision: null } : e))
const scope = new URL(self.registration.scope)
const absolute = (url: string) => new URL(url, scope).href
const deckFiles = new Set(manifest.map(e => absolute(e.url)))
/** One cache for the deck's files, across deploys (an update keeps what it still lists). */
const CACHE = `live-cells-deck-${scope.pathname}`
const INDEX = absolute('index.html')

/** The same response with the isolation headers; opaque ones cannot be re-made and are left alone. */
function isolate(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response
  const headers = new Headers(response.headers)
  for (const [name, value] of Object.entries(isolationHeaders)) headers.set(name, value)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}
const isolating: WorkboxPlugin = { handlerWillRespond: async ({ response }) => isolate(response) }
// Only complete answers are kept (no partial, redirected or error responses).
const okOnly: WorkboxPlugin = { cacheWillUpdate: async ({ response }) => (response.ok && !response.redirected ? response : null) }

const sameOrigin = (url: URL) => url.origin === self.location.origin && url.pathname.startsWith(scope.pathname)
const assets = new URL('assets/', scope).pathname

// 1. Any page of the deck (a slide number, /overview, /presenter/2): the network first, so
// a new deploy shows; offline (or after 4 s without an answer), the deck's cached page:
// every route page is a copy of index.html, and the deck's router picks the view.
const pages = new NetworkFirst({ cacheName: CACHE, networkTimeoutSeconds: 4, plugins: [okOnly] })
registerRoute(({ request, url }) => request.mode === 'navigate' && sameOrigin(url), async (options) => {
  const response = await pages.handle(options).catch(() => undefined)
  if (response?.ok) {
    // Every route page is the same file: remember it as index.html for the offline fallback.
    void caches.open(CACHE).then(c => c.put(INDEX, response.clone()))
    return isolate(response)
  }
  const cached = await caches.match(INDEX, { cacheName: CACHE })
  return isolate(cached ?? response ?? Response.error())
})

// 2. The built files (hashed names: a file never changes under its name): cache first.
// One download per file: a request for a file already on its way (the page's import and
// the offline fill's fetch of the same chunk) waits for it to land in the cache.
const built = new CacheFirst({ cacheName: CACHE, plugins: [okOnly, isolating] })
const landing = new Map<string, Promise<unknown>>()
registerRoute(({ url }) => sameOrigin(url) && url.pathname.startsWith(assets), async (options) => {
  const url = options.request.url
  await landing.get(url)
  const [response, done] = built.handleAll(options)
  const landed = done.catch(() => undefined).finally(() => { if (landing.get(url) === landed) landing.delete(url) })
  landing.set(url, landed)
  return response
})

// 3. Anything else of the deck (the handout, the icon): from the cache, refreshed behind.
registerRoute(({ url }) => sameOrigin(url), new StaleWhileRevalidate({ cacheName: CACHE, plugins: [okOnly, isolating] }))
setCatchHandler(async () => Response.error())

// The page asks which files of the build this worker holds (composables/offline.ts).
self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as OfflineRequest | undefined)?.type !== 'files') return
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE)
    const files = await Promise.all(manifest.map(async (e) => {
      const url = absolute(e.url)
      return { url, bytes: e.bytes ?? 0, cached: Boolean(await cache.match(url)) }
    }))
    event.ports[0]?.postMessage({ type: 'files', files } satisfies OfflineFiles)
  })())
})

// A first visit's worker takes over at once (its page reloads through it for the headers);
// a new deploy's waits until the old one's pages are closed.
self.addEventListener('install', () => {
  if (!self.registration.active) void self.skipWaiting()
})
// Taking over: drop the files an older build listed and this one does not, and the
// caches older versions of this worker kept.
self.addEventListener('activate', event => event.waitUntil((async () => {
  const cache = await caches.open(CACHE)
  for (const request of await cache.keys()) {
    if (request.url !== INDEX && !deckFiles.has(request.url)) await cache.delete(request)
  }
  for (const name of await caches.keys()) {
    // Also an earlier build's caches under the deck's old names (cvp-deck-, cvp-on-use-).
    if (name.startsWith('workbox-precache') || name.startsWith('live-cells-on-use-') || name.startsWith('cvp-')) await caches.delete(name)
  }
})()))
clientsClaim()
