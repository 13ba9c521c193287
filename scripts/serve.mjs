// A tiny static server for the built deck (dist/) on loopback, with the
// cross-origin isolation headers that SharedArrayBuffer needs.
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve } from 'node:path'

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
  '.ttf': 'font/ttf', '.txt': 'text/plain', '.webmanifest': 'application/manifest+json',
}

export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

/**
 * Serves `root`; unknown paths fall back to index.html (the deck's router handles them).
 * `isolation: false` plays a static host that cannot set headers.
 */
export function serve(root, port = 4173, host = '127.0.0.1', { isolation = true } = {}) {
  const base = resolve(root)
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    let file = normalize(join(base, decodeURIComponent(url.pathname)))
    if (!file.startsWith(base)) { res.writeHead(403).end(); return }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html')
    } catch { file = join(base, 'index.html') }
    try {
      const body = await readFile(file)
      res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache', ...(isolation ? isolationHeaders : {}) })
      res.end(body)
    } catch { res.writeHead(404).end('not found') }
  })
  return new Promise(ok => server.listen(port, host, () => ok(server)))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 4173)
  await serve(process.argv[2] ?? 'dist', port)
  console.log(`serving ${process.argv[2] ?? 'dist'} on http://127.0.0.1:${port}`)
}
