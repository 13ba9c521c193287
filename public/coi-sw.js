// Cross-origin isolation for static hosts that cannot send headers: this worker
// re-serves every same-origin response with COOP/COEP/CORP added, so the deck's
// shared-memory demos (SharedArrayBuffer, Atomics.wait) work on any static host.
// Registered by setup/main.ts only when the page is not already isolated.
self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()))

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return
  if (new URL(request.url).origin !== self.location.origin) return
  event.respondWith((async () => {
    const response = await fetch(request)
    if (response.status === 0 || response.type === 'opaqueredirect') return response
    const headers = new Headers(response.headers)
    headers.set('Cross-Origin-Opener-Policy', 'same-origin')
    headers.set('Cross-Origin-Embedder-Policy', 'require-corp')
    headers.set('Cross-Origin-Resource-Policy', 'same-origin')
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  })())
})
