import { defineConfig } from 'vite'
import { isolationHeaders } from './sw/headers.mjs'
import { hosting } from './vite/hosting.ts'
import { pyodide } from './vite/pyodide.ts'
import { devPrebundle, monacoRunFallback, noCompilerOnThePage, oneSwipeOneSlide, recordedResults } from './vite/plugins.ts'
import { runners } from './vite/runners.ts'

// Cross-origin isolation (SharedArrayBuffer, Atomics.wait) for `slidev` dev and
// `vite preview`; the built site gets the same headers from scripts/serve.mjs or the
// host, or on static hosts that cannot set headers from its service worker (sw/sw.ts,
// which also caches the deck for offline use; vite/hosting.ts).

export default defineConfig({
  // Vite's dependency cache; LIVE_CELLS_VITE_CACHE_DIR gives a dev server a cache of its own
  // (the browser tests do, to start cold without touching the speaker's cache).
  ...(process.env.LIVE_CELLS_VITE_CACHE_DIR ? { cacheDir: process.env.LIVE_CELLS_VITE_CACHE_DIR } : {}),
  plugins: [noCompilerOnThePage(), devPrebundle(), monacoRunFallback(), recordedResults(), oneSwipeOneSlide(), pyodide(), runners(), ...hosting()],
  server: { headers: { ...isolationHeaders } },
  preview: { headers: { ...isolationHeaders } },
  // Snippet workers start nested workers (parallel, threads): ES module workers.
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['esbuild-wasm'] },
  build: {
    rollupOptions: {
      output: {
        // Slidev forces every shiki module, and Monaco's bundled types with the
        // modules they import, into single chunks; with Monaco on, the entry then
        // preloads ~17 MB (all grammars, the whole editor) before the first slide.
        // Natural code-splitting keeps the editor, grammars and types lazy.
        manualChunks: (id: string) => (id.startsWith('~icons/') ? 'modules/unplugin-icons' : undefined),
      },
    },
  },
})
