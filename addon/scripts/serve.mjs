#!/usr/bin/env node
// A tiny static server for the built deck (dist/) on loopback, with the
// cross-origin isolation headers that SharedArrayBuffer needs; or, with
// `githubPages: true`, one that behaves like GitHub Pages (no such headers); and, with
// `link`, over an emulated network link (the first-visit test and the bench).
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve } from 'node:path'
import { isolationHeaders } from '../sw/headers.mjs'
import { isMain } from './main.mjs'

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
  '.woff': 'font/woff', '.ttf': 'font/ttf', '.txt': 'text/plain', '.webmanifest': 'application/manifest+json',
  '.pdf': 'application/pdf', '.zip': 'application/zip',
}

export { isolationHeaders }

const isFile = path => stat(path).then(s => s.isFile(), () => false)
const isDirectory = path => stat(path).then(s => s.isDirectory(), () => false)

/**
 * A network link: `mbps` Mbit/s shared by every response (a token bucket, handed out in
 * 16 KiB chunks, so parallel downloads share it as on a real link), and `latencyMs` before
 * each response starts. Null without `mbps`.
 */
function createLink({ mbps, latencyMs = 0 } = {}) {
  if (!(mbps > 0)) return null
  const CHUNK = 16 * 1024
  let free = 0 // when the link is next free (performance.now() ms)
  const take = bytes => {
    const now = performance.now()
    free = Math.max(free, now) + (bytes * 8) / (mbps * 1000)
    return new Promise(done => setTimeout(done, Math.max(0, free - now)))
  }
  return {
    delay: () => new Promise(done => setTimeout(done, latencyMs)),
    /** Writes `body` to `res` through the link. */
    async send(res, body) {
      for (let at = 0; at < body.length; at += CHUNK) {
        const chunk = body.subarray(at, at + CHUNK)
        await take(chunk.length)
        if (res.destroyed) return
        if (!res.write(chunk)) await new Promise(ok => res.once('drain', ok))
      }
      res.end()
    },
  }
}

/**
 * Serves `root`; unknown paths fall back to index.html (the deck's router handles them).
 * `isolation: false` plays a static host that cannot set headers.
 * `base`: the site lives under this path prefix (as built with `--base`); @default '/'
 * `githubPages: true` plays GitHub Pages: no isolation headers (unless `isolation: true`),
 * `/dir` redirects to `/dir/` and serves its index.html, `/page` serves page.html if there
 * is one, and any other path gets the site's 404.html with status 404 (no fallback).
 * `link: { mbps, latencyMs }` paces every response over an emulated link; `server.stats`
 * counts the requests and the body bytes sent, and lists the requests answered with an
 * error status (`failed`).
 * `inject`: HTML put at the very start of every page's <head>, before the page's own
 * scripts (the WebKit tests' error probe, e2e/engines/probe.ts: its driver reports none).
 */
export function serve(root, port = 4173, host = '127.0.0.1', { isolation, base = '/', githubPages = false, link: linkOptions, inject } = {}) {
  const dir = resolve(root)
  const prefix = base.endsWith('/') ? base : `${base}/`
  const headers = (isolation ?? !githubPages) ? isolationHeaders : {}
  const cache = githubPages ? 'max-age=600' : 'no-cache'
  const link = createLink(linkOptions)
  const stats = { requests: 0, bytes: 0, paths: [], failed: [] }
  const send = async (res, status, file) => {
    let body = await readFile(file)
    if (inject && extname(file) === '.html') body = Buffer.from(body.toString('utf8').replace(/<head[^>]*>/i, head => head + inject))
    stats.bytes += body.length
    stats.paths.push(file.slice(dir.length))
    res.writeHead(status, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length, 'Cache-Control': cache, ...headers })
    if (link) await link.send(res, body)
    else res.end(body)
  }
  const server = createServer(async (req, res) => {
    stats.requests++
    if (link) await link.delay()
    const url = new URL(req.url ?? '/', 'http://x')
    res.on('finish', () => { if (res.statusCode >= 400) stats.failed.push({ status: res.statusCode, path: url.pathname }) })
    const notFound = async () => {
      if (githubPages && await isFile(join(dir, '404.html'))) await send(res, 404, join(dir, '404.html'))
      else res.writeHead(404, headers).end('not found')
    }
    try {
      if (!url.pathname.startsWith(prefix) && url.pathname !== prefix.slice(0, -1)) return await notFound()
      let file = normalize(join(dir, decodeURIComponent(url.pathname.slice(prefix.length - 1))))
      if (!file.startsWith(dir)) { res.writeHead(403).end(); return }
      if (await isDirectory(file)) {
        if (githubPages && !url.pathname.endsWith('/')) {
          res.writeHead(301, { Location: `${url.pathname}/${url.search}`, ...headers }).end()
          return
        }
        file = join(file, 'index.html')
        return await (await isFile(file) ? send(res, 200, file) : notFound())
      }
      if (await isFile(file)) return await send(res, 200, file)
      if (!githubPages) return await send(res, 200, join(dir, 'index.html'))
      return await (await isFile(`${file}.html`) ? send(res, 200, `${file}.html`) : notFound())
    }
    catch {
      if (!res.headersSent) res.writeHead(404).end('not found')
    }
  })
  server.stats = stats
  return new Promise(ok => server.listen(port, host, () => ok(server)))
}

if (isMain(import.meta.url)) {
  // node scripts/serve.mjs [dir] [--base /talk/] [--github-pages] [--mbps 20 [--latency 40]]
  const args = process.argv.slice(2)
  const valued = ['--base', '--mbps', '--latency']
  const opt = name => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
  const githubPages = args.includes('--github-pages')
  const base = opt('--base') ?? '/'
  const root = args.find((a, i) => !a.startsWith('--') && !valued.includes(args[i - 1])) ?? 'dist'
  const port = Number(process.env.PORT ?? 4173)
  const link = opt('--mbps') ? { mbps: Number(opt('--mbps')), latencyMs: Number(opt('--latency') ?? 0) } : undefined
  await serve(root, port, '127.0.0.1', { base, githubPages, link })
  console.log(`serving ${root} on http://127.0.0.1:${port}${base}${githubPages ? ' (like GitHub Pages: no headers, 404.html for unknown paths)' : ''}${link ? ` over a ${link.mbps} Mbit/s link, +${link.latencyMs} ms a request` : ''}`)
}
