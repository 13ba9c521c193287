import { fileURLToPath } from 'node:url'
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
  plugins: [{
    // Slidev's Monaco setup imports the TypeScript compiler on the page only for CDN
    // type acquisition, which this deck keeps off (setup/stubs/typescript.ts says more).
    name: 'cvp:no-compiler-on-the-page',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'typescript' && importer?.replace(/\\/g, '/').includes('@slidev/client/setup/monaco'))
        return fileURLToPath(new URL('./setup/stubs/typescript.ts', import.meta.url))
    },
  }],
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
