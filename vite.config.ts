import { defineConfig } from 'vite'

// Cross-origin isolation (SharedArrayBuffer, Atomics.wait) for `slidev` dev and
// `vite preview`; the built site gets the same headers from scripts/serve.mjs,
// or from public/coi-sw.js on static hosts that cannot set headers.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

export default defineConfig({
  server: { headers: isolation },
  preview: { headers: isolation },
  // Snippet workers start nested workers (parallel, threads): ES module workers.
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['esbuild-wasm'] },
})
