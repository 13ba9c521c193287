// What the page needs to know of the deck that uses the addon, as virtual modules: its
// snippets (as text, and compiled at build time), its options (headmatter `liveCells`),
// and its PDF handout. Slidev gives these plugins the deck (setup/vite-plugins.ts).
import type { Plugin } from 'vite'
import type { LiveCellsOptions } from '../scripts/deck.mjs'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createCompiler } from '../engine/compile/compile.ts'

/** What the deck tells the addon: its folder, its options, its handout's file name. */
export interface DeckFacts { root: string, options: LiveCellsOptions, handout: string }

const virtual = (id: string, load: () => string | Promise<string>, more: Partial<Plugin> = {}): Plugin => ({
  name: id.replace('virtual:live-cells/', 'live-cells:'),
  resolveId: source => (source === id ? `\0${id}` : undefined),
  load: resolved => (resolved === `\0${id}` ? load() : undefined),
  ...more,
})

/** A snippet file of the deck's folder: `<id>.ts` or `<id>.py` (not tests or declarations). */
export const isSnippet = (file: string): boolean => /\.(ts|py)$/.test(file) && !/\.(test|d)\.ts$/.test(file)

/**
 * `virtual:live-cells/snippets`: every snippet of the deck's folder as text, through
 * Vite's own glob (so an edited file updates the page); `virtual:live-cells/options`.
 */
export function deckSnippets({ options }: DeckFacts): Plugin[] {
  const glob = [`/${options.snippets}/*.ts`, `/${options.snippets}/*.py`, `!/${options.snippets}/*.test.ts`, `!/${options.snippets}/*.d.ts`]
  return [
    virtual('virtual:live-cells/snippets', () => `export default import.meta.glob(${JSON.stringify(glob)}, { query: '?raw', import: 'default', eager: true })`),
    virtual('virtual:live-cells/options', () => `export default ${JSON.stringify(options)}`),
  ]
}

/**
 * `virtual:live-cells/compiled-snippets`: every TypeScript snippet compiled now, by the
 * same esbuild (esbuild-wasm, in Node) with the same options as the page's compiler. The
 * page seeds its compiler with them, so running the deck's own code never starts esbuild:
 * a viewer who only runs the demos never downloads or compiles its 14 MB of wasm, and its
 * compile (seconds of every core, on a first visit) never competes with a measured run.
 */
export function compiledSnippets({ root, options }: DeckFacts): Plugin {
  const dir = resolve(root, options.snippets)
  const compiler = createCompiler()
  const id = 'virtual:live-cells/compiled-snippets'
  return {
    name: 'live-cells:compiled-snippets',
    resolveId: source => (source === id ? `\0${id}` : undefined),
    async load(resolved) {
      if (resolved !== `\0${id}`) return
      const compiled = []
      const files = existsSync(dir) ? readdirSync(dir).filter(f => f.endsWith('.ts') && isSnippet(f)).sort() : []
      for (const file of files) {
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
 * The PDF handout on the hosted deck: `npm run export` writes it (Slidev's
 * `exportFilename`.pdf, or LIVE_CELLS_HANDOUT), and a build made after it ships it beside
 * the slides; `virtual:live-cells/handout` gives the deck its file name, or '' when there
 * is none (the link then does not show).
 */
export function handout({ root, handout: name }: Pick<DeckFacts, 'root' | 'handout'>): Plugin {
  const path = resolve(root, process.env.LIVE_CELLS_HANDOUT ?? name)
  return virtual('virtual:live-cells/handout', () => `export default ${JSON.stringify(existsSync(path) ? name : '')}`, {
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
  })
}

/** Every plugin that needs the deck. */
export const deckModules = (deck: DeckFacts): Plugin[] => [...deckSnippets(deck), compiledSnippets(deck), handout(deck)]
