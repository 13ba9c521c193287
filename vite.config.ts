import { defineConfig } from 'vite'
import { devPrebundle, monacoRunFallback, noCompilerOnThePage } from './vite/plugins.ts'

// Cross-origin isolation (SharedArrayBuffer, Atomics.wait) for `slidev` dev and
// `vite preview`; the built site gets the same headers from scripts/serve.mjs,
// or from public/coi-sw.js on static hosts that cannot set headers.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

export default defineConfig({
  plugins: [noCompilerOnThePage(), devPrebundle(), monacoRunFallback()],
  server: { headers: isolation },
  preview: { headers: isolation },
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
