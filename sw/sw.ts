// The deck's one service worker (built deck only; `slidev` dev sends the headers itself).
// - Caches: the whole deck at install time (Workbox precache, manifest injected by
//   vite-plugin-pwa at build): index.html, every JS/CSS chunk (Monaco, its TypeScript
//   worker, esbuild.wasm, the snippet worker, every slide), fonts, images, the PDF
//   handout if the build has one; other built files (Shiki grammars for languages the
//   deck does not show) when first used. Every route (/5, /overview, /presenter/2) is
//   answered with the precached index.html: after one visit the deck and its cells
//   work offline.
// - Adds: Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy:
//   require-corp and Cross-Origin-Resource-Policy: same-origin to every same-origin
//   response it serves, cached or fresh. Static hosts (GitHub Pages) cannot send these
//   headers, and without them there is no SharedArrayBuffer or Atomics.wait, which the
//   threads/GIL and blocking demos need.
// One worker does both because two service workers cannot share a scope.
// Updates: a new deploy changes the injected manifest, so the browser installs a new
// worker next to the running one; it downloads only changed entries and waits. It takes
// over once every tab of the deck has closed (never under a page built from the old
// chunks), then deletes the entries the new manifest no longer lists. No update reloads
// a page; setup/isolation.ts reloads at most once, and only to become isolated.
/// <reference lib="webworker" />
import type { WorkboxPlugin } from 'workbox-core/types'
import type { PrecacheEntry } from 'workbox-precaching'
import { clientsClaim } from 'workbox-core'
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching'
import { NavigationRoute, registerRoute, setCatchHandler } from 'workbox-routing'
import { CacheFirst, NetworkOnly } from 'workbox-strategies'
import { isolationHeaders } from './headers.mjs'

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<PrecacheEntry | string> }


/** The same response with the isolation headers; opaque ones cannot be re-made and are left alone. */
function isolate(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response
  const headers = new Headers(response.headers)
  for (const [name, value] of Object.entries(isolationHeaders)) headers.set(name, value)
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
}

// Only responses to a page or worker (a fetch event); precaching at install returns to no one.
const isolating: WorkboxPlugin = {
  handlerWillRespond: async ({ event, response }) => (event instanceof FetchEvent ? isolate(response) : response),
}

// 1. The precache: served cache-first, with the headers added on the way out.
addPlugins([isolating])
precacheAndRoute(self.__WB_MANIFEST)
// Caches of older Workbox precache formats; entries of older deploys go on activation.
cleanupOutdatedCaches()

// 2. Any page of the deck (a slide number, /overview, /presenter/2, with or without a
// trailing slash) is the deck's index.html; its router picks the view. Files (the PDF,
// anything with an extension) are not pages.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/\/[^/]+\.[^/]+$/] }))

// 3. Built files the precache leaves out (grammars for other languages, vite/hosting.ts
// says which): cached on first use, so what a visitor saw online works offline. Emptied
// when a new deploy's worker takes over.
const onUse = `cvp-on-use-${self.registration.scope}`
const sameOrigin = ({ url, request }: { url: URL, request: Request }) =>
  url.origin === self.location.origin && !(request.cache === 'only-if-cached' && request.mode !== 'same-origin')
registerRoute(
  options => sameOrigin(options) && options.url.pathname.startsWith(new URL('assets/', self.registration.scope).pathname),
  new CacheFirst({ cacheName: onUse, plugins: [isolating] }),
)
self.addEventListener('activate', event => event.waitUntil(caches.delete(onUse)))

// 4. Anything else of this origin: the network, headers added. (`only-if-cached` outside
// same-origin mode cannot be fetched at all, a Chromium quirk: left to the browser.)
registerRoute(sameOrigin, new NetworkOnly({ plugins: [isolating] }))
setCatchHandler(async () => Response.error())

// The first install has no older worker to wait for; claiming lets a page that the
// host already isolated use the cache at once. Later installs wait (see above).
clientsClaim()
