// The deck's Vite plugins: small changes to how Slidev's dev server and build treat
// the editor. Each one says what it changes in Slidev and why.
import type { Plugin } from 'vite'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Slidev's Monaco setup imports the TypeScript compiler on the page only for CDN type
 * acquisition, which this deck keeps off (setup/stubs/typescript.ts says more).
 */
export function noCompilerOnThePage(): Plugin {
  const stub = fileURLToPath(new URL('../setup/stubs/typescript.ts', import.meta.url))
  return {
    name: 'live-cells:no-compiler-on-the-page',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'typescript' && importer?.replace(/\\/g, '/').includes('@slidev/client/setup/monaco'))
        return stub
    },
  }
}

// The Monaco entry points Slidev's editor setup imports. Pre-bundled together (one
// optimizer run shares module instances between them), so a cold dev server serves
// the editor as a few files instead of ~1,100 separate modules.
const MONACO = [
  'monaco-editor',
  'monaco-editor/editor/standalone/browser/standaloneServices',
  'monaco-editor/platform/contextview/browser/contextViewService',
  'monaco-editor/platform/instantiation/common/descriptors',
]

/**
 * Slidev excludes Monaco from Vite's dependency pre-bundling and includes the
 * TypeScript compiler (for CDN type acquisition, off here). Both slow the dev server's
 * first start: swap them. `post`, so it sees Slidev's own settings.
 */
export function devPrebundle(): Plugin {
  return {
    name: 'live-cells:dev-prebundle',
    enforce: 'post',
    config(config) {
      const deps = config.optimizeDeps ??= {}
      deps.exclude = (deps.exclude ?? []).filter(d => d !== 'monaco-editor')
      deps.include = [...(deps.include ?? []).filter(d => !/(^|> )typescript$/.test(d)), ...MONACO]
    },
  }
}

/**
 * A ` ```ts {monaco-run} ` block is Slidev's `Monaco.vue`, an empty bar until Monaco has
 * loaded (seconds on a cold start). This shows the block's code as plain text meanwhile,
 * at the editor's size, and lets the deck hold Monaco back until someone reaches for the
 * code (`window.__liveCellsEditorWanted`, set for a viewer's page: setup/main.ts), by three
 * edits to that component's source. Slidev is pinned (52.20.x); if its source changes, the
 * build fails here rather than silently losing this.
 */
export function monacoRunFallback(): Plugin {
  const edits: Array<[from: string, to: string]> = [
    [
      'return `${initialHeight.value}px`',
      'return initialHeight.value === undefined ? undefined : `${initialHeight.value}px`',
    ],
    [
      '<div ref="container" class="absolute inset-0.5" />',
      '<div ref="container" class="absolute inset-0.5" />'
      + '<pre v-if="initialHeight === undefined" class="slidev-monaco-fallback" tabindex="0" aria-label="Code: click or press Enter to edit it">{{ code }}</pre>',
    ],
    [
      'onMounted(async () => {\n  // Lazy load monaco',
      'onMounted(async () => {\n  await (globalThis as { __liveCellsEditorWanted?: (el?: HTMLElement) => Promise<void> }).__liveCellsEditorWanted?.(container.value?.parentElement ?? undefined)\n  // Lazy load monaco',
    ],
  ]
  return {
    name: 'live-cells:monaco-run-fallback',
    enforce: 'pre',
    transform(source, id) {
      if (!/[\\/]@slidev[\\/]client[\\/]builtin[\\/]Monaco\.vue$/.test(id)) return
      let out = source
      for (const [from, to] of edits) {
        if (!out.includes(from)) throw new Error(`live-cells:monaco-run-fallback: Slidev's Monaco.vue changed ("${from}" not found); update vite/plugins.ts`)
        out = out.replace(from, to)
      }
      return out
    },
  }
}

/**
 * `virtual:live-cells/recorded-results`: the records file named by LIVE_CELLS_RECORDED_RESULTS (a path),
 * as text, for the deck to show instead of running (`npm run export -- --results`), or to
 * replay. The page checks each record against the snippets (composables/records.ts).
 */
export function recordedResults(): Plugin {
  const id = 'virtual:live-cells/recorded-results'
  return {
    name: 'live-cells:recorded-results',
    resolveId: source => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return
      const path = process.env.LIVE_CELLS_RECORDED_RESULTS
      if (!path) return 'export default {}'
      this.addWatchFile(path)
      try { return `export default ${JSON.stringify({ path, text: readFileSync(path, 'utf8') })}` }
      catch (e) { return `export default ${JSON.stringify({ path, error: `cannot read ${path}: ${(e as Error).message}` })}` }
    },
  }
}

/**
 * On a phone, a swipe that began beside the slide (the page around it: most of a phone's
 * screen in portrait) moved Slidev (52.20) two slides: its page takes a pointerdown there
 * as a click (right half: next) before the swipe moves it again. A touch is left to the
 * swipe; a mouse click there still turns the page. An edit to Slidev's pages/play.vue; if
 * that source changes, the build fails here.
 */
export function oneSwipeOneSlide(): Plugin {
  const from = "  if (e.button === 0 && (e.target as HTMLElement)?.id === 'slide-container') {"
  const to = "  if (e.button === 0 && (e as PointerEvent).pointerType !== 'touch' && (e.target as HTMLElement)?.id === 'slide-container') {"
  return {
    name: 'live-cells:one-swipe-one-slide',
    enforce: 'pre',
    transform(source, id) {
      if (!/[\\/]@slidev[\\/]client[\\/]pages[\\/]play\.vue$/.test(id)) return
      if (!source.includes(from)) throw new Error('live-cells:one-swipe-one-slide: Slidev\'s pages/play.vue changed; update vite/plugins.ts')
      return source.replace(from, to)
    },
  }
}

/** Slidev's default favicon, for a deck that names none: a file on a CDN. */
const SLIDEV_FAVICON = 'https://cdn.jsdelivr.net/gh/slidevjs/slidev/assets/favicon.png'
/** A plain dot, inline. */
const LOCAL_FAVICON = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#2f6feb"/></svg>')}`

/**
 * Offline first: a deck that names no favicon would have every page ask a CDN for Slidev's
 * (the venue may have no network); it gets an inline one instead. A deck's own is kept.
 * Applied to Slidev's page (options.utils.indexHtml), which its dev server serves as is.
 */
export const withoutRemoteFavicon = (html: string): string => html.replaceAll(SLIDEV_FAVICON, LOCAL_FAVICON)
