// Hosting the built deck on any static host, under any sub-path, offline after one
// visit: a page per route, and one service worker (sw/sw.ts) that both precaches the
// deck and adds the cross-origin isolation headers. Build only; `slidev` dev sends the
// headers itself and registers no worker.
import type { Plugin, ResolvedConfig } from 'vite'
import { mkdir, copyFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { VitePWA } from 'vite-plugin-pwa'

/** Slidev's module id of slide `n`'s markdown (Slidev 52: `<entry>__slidev_<n>.md`). */
const SLIDE_MODULE = /__slidev_(\d+)\.md$/

/**
 * Writes a copy of index.html for every route of the deck: `<n>/index.html` per slide,
 * `presenter/index.html` and `presenter/<n>/index.html`, `overview/`, `notes/`, `entry/`
 * (and `print/`, `export/` when the build has them). Slidev's 404.html (written after
 * this) stays for anything else.
 *
 * Why: a static host without rewrites (GitHub Pages) answers /talk/5 with 404, so every
 * link to a slide someone already shared would open as an error. Clean URLs keep working
 * this way with status 200 on any host; switching the deck to hash routing (/#/5) would
 * break exactly those links.
 */
export function routePages(): Plugin {
  let config: ResolvedConfig
  let slides = 0
  let generated = false
  return {
    name: 'live-cells:route-pages',
    apply: 'build',
    configResolved(resolved) { config = resolved },
    buildStart() { generated = false },
    generateBundle() {
      generated = true
      slides = 0
      for (const id of this.getModuleIds()) {
        const match = SLIDE_MODULE.exec(id)
        if (match) slides = Math.max(slides, Number(match[1]))
      }
    },
    async closeBundle() {
      const flag = (name: string) => config.define?.[name] === 'true' || config.define?.[name] === true
      if (flag('__SLIDEV_HASH_ROUTE__') || !generated) return // a failed build: its own error says why
      if (!slides) throw new Error('live-cells:route-pages: found no slide modules (Slidev changed how it names them?); update vite/hosting.ts')
      const numbers = Array.from({ length: slides }, (_, i) => String(i + 1))
      const routes = [...numbers]
      if (flag('__SLIDEV_FEATURE_PRESENTER__'))
        routes.push('presenter', ...numbers.map(n => `presenter/${n}`), 'overview', 'notes', 'entry')
      if (flag('__SLIDEV_FEATURE_PRINT__')) routes.push('print', 'presenter/print')
      if (flag('__SLIDEV_FEATURE_BROWSER_EXPORTER__')) routes.push('export', ...numbers.map(n => `export/${n}`))
      const out = resolve(config.root, config.build.outDir)
      for (const route of routes) {
        await mkdir(join(out, route), { recursive: true })
        await copyFile(join(out, 'index.html'), join(out, route, 'index.html'))
      }
    },
  }
}

// Shiki grammars Slidev loads on every page (52.x, resolveShikiOptions; Python for the Python
// cells' editors: setup/shiki.ts), and the default light/dark themes; the chunks they import
// come with them.
const GRAMMARS = new Set(['markdown', 'vue', 'javascript', 'typescript', 'html', 'css', 'python'])
const THEMES = new Set(['vitesse-light', 'vitesse-dark'])
const SHIKI_MODULE = /[\\/]@shikijs[\\/](langs|themes)[\\/]dist[\\/]([\w.-]+)\.mjs$/
// Slidev's fallback runner compiles TypeScript with the compiler; this deck runs esbuild.
const COMPILER_MODULE = /[\\/]node_modules[\\/]typescript[\\/]lib[\\/]typescript\.js$/
// Monaco's workers for CSS, HTML and JSON editors; the deck's editors are TypeScript.
const OTHER_LANGUAGE_WORKER = /(?:^|\/)(?:css|html|json)\.worker-[\w-]+\.js$/
// Monaco's highlighting and language modes for languages the deck's editors never use
// (it registers ~90, each loaded only for a model in that language).
const MONACO_LANGUAGE = /[\\/]monaco-editor[\\/]esm[\\/]vs[\\/]languages[\\/](?:definitions[\\/]([\w-]+)[\\/]\1\.js|features[\\/](css|html|json)[\\/]\2Mode\.js)$/
const EDITOR_LANGUAGES = new Set(['typescript', 'javascript', 'python'])

/**
 * Which built files the offline copy leaves out: the deck can load them, but this one
 * does not (Shiki grammars and themes for other languages, ~13 MB; Monaco's highlighting
 * and language modes for other languages and its CSS/HTML/JSON workers; the TypeScript
 * compiler; .woff/.ttf fonts that have a .woff2). The worker still caches any of them on
 * first use (sw/sw.ts), so what a visitor saw online works offline. Chunks are told
 * apart by the modules they hold, not by their names.
 */
function precacheSelection(): { plugin: Plugin, skipped: Set<string> } {
  const skipped = new Set<string>()
  const plugin: Plugin = {
    name: 'live-cells:precache-selection',
    apply: 'build',
    generateBundle(_, bundle) {
      skipped.clear()
      const files = Object.values(bundle)
      const shiki = new Map<string, { kind: string, name: string }>()
      for (const file of files) {
        if (file.type !== 'chunk' || !file.facadeModuleId) continue
        const match = SHIKI_MODULE.exec(file.facadeModuleId)
        if (match) shiki.set(file.fileName, { kind: match[1], name: match[2] })
        else if (COMPILER_MODULE.test(file.facadeModuleId)) skipped.add(file.fileName)
        const language = MONACO_LANGUAGE.exec(file.facadeModuleId)
        if (language && !EDITOR_LANGUAGES.has(language[1] ?? language[2])) skipped.add(file.fileName)
      }
      // Keep the grammars and themes loaded at start and everything they import.
      const keep = [...shiki].filter(([, m]) => (m.kind === 'langs' ? GRAMMARS : THEMES).has(m.name)).map(([f]) => f)
      const kept = new Set<string>()
      while (keep.length) {
        const name = keep.pop()!
        if (kept.has(name)) continue
        kept.add(name)
        const chunk = bundle[name]
        if (chunk?.type === 'chunk') keep.push(...chunk.imports)
      }
      for (const name of shiki.keys()) if (!kept.has(name)) skipped.add(name)
      const woff2 = new Set(files.flatMap(f => f.type === 'asset' ? f.names.filter(n => n.endsWith('.woff2')).map(n => n.slice(0, -6)) : []))
      for (const file of files) {
        if (file.type !== 'asset') continue
        if (OTHER_LANGUAGE_WORKER.test(file.fileName)) skipped.add(file.fileName)
        if (file.names.some(n => /\.(woff|ttf)$/.test(n) && woff2.has(n.replace(/\.(woff|ttf)$/, '')))) skipped.add(file.fileName)
      }
    },
  }
  return { plugin, skipped }
}

/**
 * The service worker: sw/sw.ts, built by vite-plugin-pwa (injectManifest) into
 * `<outDir>/sw.js` with the precache manifest injected. setup/isolation.ts registers it.
 */
export function serviceWorker(): Plugin[] {
  const selection = precacheSelection()
  return [selection.plugin, ...VitePWA({
    strategies: 'injectManifest',
    srcDir: fileURLToPath(new URL('../sw', import.meta.url)), // the addon's, wherever the deck is
    filename: 'sw.ts',
    injectRegister: false, // setup/isolation.ts registers it, once, and decides about the reload
    manifest: false,
    devOptions: { enabled: false },
    injectManifest: {
      rollupFormat: 'iife',
      // .mjs and .zip: Pyodide's runtime and Python's standard library (vite/pyodide.ts).
      globPatterns: ['**/*.{html,js,mjs,css,wasm,zip,woff2,woff,ttf,svg,png,ico,pdf}'],
      // The route pages are copies of index.html; the worker answers every route with
      // the precached index.html instead. 404.html is another copy.
      globIgnores: ['404.html', '*/**/index.html'],
      // Each file's size goes with it (the page shows how much the offline copy has left).
      manifestTransforms: [async entries => ({ manifest: entries.filter(e => !selection.skipped.has(e.url)).map(e => ({ ...e, bytes: e.size })), warnings: [] })],
      // esbuild.wasm is ~14 MB; the default limit (2 MiB) would drop it and Monaco.
      maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
    },
  })]
}

/**
 * Isolation first: a script at the top of every page of the built deck registers the
 * service worker at once and, on a first visit to a host that sends no COOP/COEP headers,
 * reloads the page once through it as soon as it is active (it installs in a moment:
 * sw/sw.ts caches nothing up front), before the deck has started. A flag in
 * sessionStorage allows one such reload until the tab is isolated again, so a host or
 * browser that defeats the worker can never cause a loop; without storage, no reload.
 * `window.__liveCellsIsolation` says whether the reload is coming (a Run pressed meanwhile is
 * carried across it: composables/carried-run.ts). Never under a cell that is running.
 * The document that reloads mounts no deck meanwhile (setup/isolation.ts `whenStaying`),
 * lets the first route's page module (`window.__liveCellsSettling`) and its fonts land first
 * and, once leaving (`window.__liveCellsLeaving`), reports nothing of what the reload still cuts
 * off: no preload error, no uncaught error or rejection. (Seen in Firefox before: "Unable to
 * preload CSS", "slide failed to load", "downloadable font: download failed", all from the
 * document the reload replaced.)
 */
export function isolationFirst(): Plugin {
  let base = '/'
  const script = (b: string) => `(() => {
  if (self.crossOriginIsolated || !self.isSecureContext || !('serviceWorker' in navigator)) return
  const KEY = 'live-cells:isolation-reload'
  try { if (sessionStorage.getItem(KEY) !== null) return } catch { return }
  const active = r => new Promise(done => {
    const w = r.installing || r.waiting || r.active
    if (!w) return done(false)
    if (w.state === 'activated') return done(true)
    w.addEventListener('statechange', () => { if (w.state === 'activated') done(true); else if (w.state === 'redundant') done(false) })
  })
  const idle = () => new Promise(done => {
    const check = () => document.querySelector('[data-cell][data-state="running"]') ? setTimeout(check, 250) : done()
    check()
  })
  // A font on its way (a few KB, which the reloaded page then finds in the cache) is let
  // land: Firefox reports a font download the reload cuts off as an error. At most 2 s.
  const fonts = async () => {
    for (let i = 0; i < 20 && document.fonts && document.fonts.status === 'loading'; i++)
      await Promise.race([document.fonts.ready, new Promise(done => setTimeout(done, 100))])
  }
  // Leaving: whatever else the reload cuts off (a chunk or a stylesheet on its way, and the
  // import waiting for it) fails in this document, which is going away; none of it is the
  // deck's error, so the document says nothing more. The page after the reload reports as usual.
  const leave = () => {
    window.__liveCellsLeaving = true
    const quiet = e => e.preventDefault()
    for (const type of ['vite:preloadError', 'unhandledrejection', 'error']) addEventListener(type, quiet)
    location.reload()
  }
  window.__liveCellsIsolation = navigator.serviceWorker.register(${JSON.stringify(`${b}sw.js`)}, { scope: ${JSON.stringify(b)} })
    .then(active).then(async ok => {
      if (!ok) return false
      await idle()
      // The deck's first route on its way (setup/main.ts), and its fonts: at most 2 s each.
      await Promise.race([window.__liveCellsSettling, new Promise(done => setTimeout(done, 2000))])
      await fonts()
      sessionStorage.setItem(KEY, String(Date.now()))
      leave()
      return true
    }, () => false)
})()`
  return {
    name: 'live-cells:isolation-first',
    apply: 'build',
    configResolved(config) { base = config.base },
    transformIndexHtml: () => [{ tag: 'script', children: script(base), injectTo: 'head-prepend' }],
  }
}

/** Everything the built deck needs to be hosted: the route pages, isolation first, and the service worker. */
export function hosting(): Plugin[] {
  return [routePages(), isolationFirst(), ...serviceWorker()]
}
