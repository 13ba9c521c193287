// The code the runner frame's workers run (engine/run/frame.ts): each kind of worker as one
// self-contained ES module, which the page fetches (the built deck: through its service
// worker, offline too) and hands to the frame as text. `virtual:live-cells/runners` gives their URLs.
// - Build: Vite's own worker bundles (`?worker&url`), the very files the page's workers load
//   in the other browsers.
// - Dev: Vite serves a worker's modules one by one, which a frame that fetches nothing
//   cannot load; this plugin bundles each on request (cached until a file under the addon's
//   engine/ changes).
import type { Plugin } from 'vite'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { isolationHeaders } from '../sw/headers.mjs'

/** The addon's engine folder (wherever the addon is installed: a workspace, node_modules). */
const ENGINE = fileURLToPath(new URL('../engine/', import.meta.url)).replaceAll('\\', '/')
/** Each kind's entry: a file of the addon, by its absolute path (Vite resolves it from any deck). */
export const RUNNER_ENTRIES = { snippet: `${ENGINE}worker/entry.ts`, python: `${ENGINE}worker/python/entry.ts` } as const
type Kind = keyof typeof RUNNER_ENTRIES

const ID = 'virtual:live-cells/runners'
const DEV_PATH = '@live-cells/runner/'

/** One self-contained ES module of `entry` (an absolute path; `root`: the deck's), its source map inline. */
export async function bundleRunner(root: string, entry: string): Promise<string> {
  const result = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    publicDir: false,
    build: { write: false, emptyOutDir: false, minify: false, sourcemap: 'inline', target: 'es2022', lib: { entry, formats: ['es'], fileName: 'runner' } },
  })
  const outputs = (Array.isArray(result) ? result : [result]).flatMap(r => ('output' in r ? r.output : []))
  const chunk = outputs.find(o => o.type === 'chunk')
  if (!chunk || outputs.length !== 1) throw new Error(`live-cells:runners: ${entry} did not bundle into one file`)
  return chunk.code
}

/** The module `virtual:live-cells/runners` for a build or for the dev server under `base`. */
export function runnersModule(command: 'build' | 'serve', base: string): string {
  if (command === 'serve') {
    const urls = Object.fromEntries(Object.keys(RUNNER_ENTRIES).map(kind => [kind, `${base}${DEV_PATH}${kind}.js`]))
    return `export default ${JSON.stringify(urls)}\n`
  }
  const kinds = Object.entries(RUNNER_ENTRIES)
  return `${kinds.map(([kind, entry]) => `import ${kind} from ${JSON.stringify(`${entry}?worker&url`)}`).join('\n')}\nexport default { ${kinds.map(([kind]) => kind).join(', ')} }\n`
}

export function runners(): Plugin {
  let command: 'build' | 'serve' = 'serve'
  let base = '/'
  let root = process.cwd()
  const bundles = new Map<Kind, Promise<string>>()
  return {
    name: 'live-cells:runners',
    configResolved(config) {
      command = config.command
      base = config.base
      root = config.root
    },
    resolveId: id => (id === ID ? `\0${ID}` : undefined),
    load: id => (id === `\0${ID}` ? runnersModule(command, base) : undefined),
    configureServer(server) {
      const stale = (file: string) => { if (file.replaceAll('\\', '/').startsWith(ENGINE)) bundles.clear() }
      server.watcher.on('change', stale)
      server.watcher.on('add', stale)
      server.middlewares.use((req, res, next) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname
        const kind = path.startsWith(base + DEV_PATH) ? path.slice((base + DEV_PATH).length).replace(/\.js$/, '') as Kind : undefined
        if (!kind || !(kind in RUNNER_ENTRIES)) return next()
        let bundle = bundles.get(kind)
        if (!bundle) {
          bundle = bundleRunner(root, RUNNER_ENTRIES[kind])
          bundle.catch(() => bundles.delete(kind))
          bundles.set(kind, bundle)
        }
        bundle.then((code) => {
          for (const [name, value] of Object.entries(isolationHeaders)) res.setHeader(name, value)
          res.setHeader('Content-Type', 'text/javascript; charset=utf-8')
          res.setHeader('Cache-Control', 'no-cache')
          res.end(code)
        }, next)
      })
    },
  }
}
