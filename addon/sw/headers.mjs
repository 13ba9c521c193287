// The response headers cross-origin isolation needs (SharedArrayBuffer, Atomics.wait: the
// threads, GIL and blocking demos). One list for every server of the deck: the dev server
// and `vite preview` (vite.config.ts), scripts/serve.mjs, and the service worker (sw.ts),
// which adds them on static hosts that cannot send headers.
export const isolationHeaders = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
})
