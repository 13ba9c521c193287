// The deck's Vite plugins: small changes to how Slidev's dev server and build treat
// the editor. Each one says what it changes in Slidev and why.
import type { Plugin } from 'vite'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createCompiler } from '../engine/compile/compile.ts'

/**
 * Slidev's Monaco setup imports the TypeScript compiler on the page only for CDN type
 * acquisition, which this deck keeps off (setup/stubs/typescript.ts says more).
 */
export function noCompilerOnThePage(): Plugin {
  const stub = fileURLToPath(new URL('../setup/stubs/typescript.ts', import.meta.url))
  return {
    name: 'cvp:no-compiler-on-the-page',
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
    name: 'cvp:dev-prebundle',
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
 * code (`window.__cvpEditorWanted`, set for a viewer's page: setup/main.ts), by three
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
      'onMounted(async () => {\n  await (globalThis as { __cvpEditorWanted?: (el?: HTMLElement) => Promise<void> }).__cvpEditorWanted?.(container.value?.parentElement ?? undefined)\n  // Lazy load monaco',
    ],
  ]
  return {
    name: 'cvp:monaco-run-fallback',
    enforce: 'pre',
    transform(source, id) {
      if (!/[\\/]@slidev[\\/]client[\\/]builtin[\\/]Monaco\.vue$/.test(id)) return
      let out = source
      for (const [from, to] of edits) {
        if (!out.includes(from)) throw new Error(`cvp:monaco-run-fallback: Slidev's Monaco.vue changed ("${from}" not found); update vite/plugins.ts`)
        out = out.replace(from, to)
      }
      return out
    },
  }
}

/**
 * `virtual:cvp/recorded-results`: the records file named by CVP_RECORDED_RESULTS (a path),
 * as text, for the deck to show instead of running (`npm run export -- --results`), or to
 * replay. The page checks each record against the snippets (composables/records.ts).
 */
export function recordedResults(): Plugin {
  const id = 'virtual:cvp/recorded-results'
  return {
    name: 'cvp:recorded-results',
    resolveId: source => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return
      const path = process.env.CVP_RECORDED_RESULTS
      if (!path) return 'export default {}'
      this.addWatchFile(path)
      try { return `export default ${JSON.stringify({ path, text: readFileSync(path, 'utf8') })}` }
      catch (e) { return `export default ${JSON.stringify({ path, error: `cannot read ${path}: ${(e as Error).message}` })}` }
    },
  }
}

/**
 * The PDF handout on the hosted deck: `npm run export` writes it (CVP_HANDOUT names another
 * file), and a build made after it ships it beside the slides; `virtual:cvp/handout` gives
 * the deck its file name, or '' when there is none (the link then does not show).
 */
export function handout(): Plugin {
  const name = 'concurrency-vs-parallelism.pdf'
  const path = resolve(process.env.CVP_HANDOUT ?? name)
  const id = 'virtual:cvp/handout'
  return {
    name: 'cvp:handout',
    resolveId: source => (source === id ? `\0${id}` : undefined),
    load: resolved => (resolved === `\0${id}` ? `export default ${JSON.stringify(existsSync(path) ? name : '')}` : undefined),
    generateBundle() {
      if (existsSync(path)) this.emitFile({ type: 'asset', fileName: name, source: readFileSync(path) })
    },
    configureServer(server) {
      server.middlewares.use(`/${name}`, (_req, res, next) => {
        if (!existsSync(path)) return next()
        res.setHeader('Content-Type', 'application/pdf')
        res.end(readFileSync(path))
      })
    },
  }
}

/**
 * `virtual:cvp/compiled-snippets`: every snippet in snippets/ compiled now, by the same
 * esbuild (esbuild-wasm, in Node) with the same options as the page's compiler. The page
 * seeds its compiler with them, so running the deck's own code never starts esbuild: a
 * viewer who only runs the demos never downloads or compiles its 14 MB of wasm, and its
 * compile (seconds of every core, on a first visit) never competes with a measured run.
 */
export function compiledSnippets(): Plugin {
  const id = 'virtual:cvp/compiled-snippets'
  const dir = fileURLToPath(new URL('../snippets/', import.meta.url))
  const compiler = createCompiler()
  return {
    name: 'cvp:compiled-snippets',
    resolveId: source => (source === id ? `\0${id}` : undefined),
    async load(resolved) {
      if (resolved !== `\0${id}`) return
      const compiled = []
      for (const file of readdirSync(dir).filter(f => f.endsWith('.ts') && !/\.(test|d)\.ts$/.test(f)).sort()) {
        const path = join(dir, file)
        this.addWatchFile(path)
        const source = readFileSync(path, 'utf8')
        const result = await compiler.compile(source)
        if (result.ok) compiled.push({ source, code: result.code, map: result.map })
      }
      return `export default ${JSON.stringify(compiled)}`
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
    name: 'cvp:one-swipe-one-slide',
    enforce: 'pre',
    transform(source, id) {
      if (!/[\\/]@slidev[\\/]client[\\/]pages[\\/]play\.vue$/.test(id)) return
      if (!source.includes(from)) throw new Error('cvp:one-swipe-one-slide: Slidev\'s pages/play.vue changed; update vite/plugins.ts')
      return source.replace(from, to)
    },
  }
}
