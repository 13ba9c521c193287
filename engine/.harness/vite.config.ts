// Throwaway harness for checking the engine in real Chromium (not shipped).
import { defineConfig } from 'vite'
const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
export default defineConfig({
  root: import.meta.dirname,
  cacheDir: import.meta.dirname + '/.vite',
  server: { host: '127.0.0.1', port: 5183, strictPort: true, headers },
  preview: { host: '127.0.0.1', port: 5184, strictPort: true, headers },
  worker: { format: 'es' },
  build: { outDir: import.meta.dirname + '/dist', emptyOutDir: true },
})
