// Python cells run on Pyodide (CPython compiled to WebAssembly), served by the deck itself:
// no CDN, so a venue without network does not notice. This plugin serves Pyodide's runtime
// files from node_modules/pyodide under `npm run dev`, and emits them into the build, both at
// <base>assets/pyodide-<version>/ (versioned, so an upgrade never meets an older cached file;
// under assets/, so the service worker's cache-first route and the offline copy cover them).
//
// Four files only: pyodide.mjs, pyodide.asm.mjs, pyodide.asm.wasm and python_stdlib.zip.
// The page passes an empty lockfile inline (`__PYODIDE_LOCK_INFO__` is its header), so
// Pyodide fetches no pyodide-lock.json and can load no package: `import numpy` fails at once
// with CPython's own ModuleNotFoundError, and nothing is fetched behind a snippet's back.
//
// Nothing bundles the npm module (the worker imports `<indexURL>pyodide.mjs` at run time and
// uses Pyodide's types only), so Vite never transforms it; optimizeDeps.exclude is set anyway,
// as Pyodide's docs advise, should anything import it.
import type { Plugin } from 'vite'
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** What loadPyodide fetches from its indexURL when the lockfile is passed inline. */
export const PYODIDE_FILES = ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip'] as const

const TYPES: Record<string, string> = {
  mjs: 'text/javascript; charset=utf-8',
  wasm: 'application/wasm', // WebAssembly.instantiateStreaming needs exactly this
  zip: 'application/zip',
}

/** Where the pyodide package is, its version, and its lockfile's header (ABI, platform, Python). */
export function pyodidePackage() {
  const dir = dirname(createRequire(import.meta.url).resolve('pyodide/package.json'))
  const version: string = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version
  const lockInfo: Record<string, string> = JSON.parse(readFileSync(join(dir, 'pyodide-lock.json'), 'utf8')).info
  return { dir, version, lockInfo, assets: `assets/pyodide-${version}/` }
}

export function pyodide(): Plugin {
  const pkg = pyodidePackage()
  let base = '/'
  let headers: Record<string, string | string[] | number> = {}
  return {
    name: 'live-cells:pyodide',
    config: () => ({
      define: {
        __PYODIDE_DIR__: JSON.stringify(pkg.assets),
        __PYODIDE_VERSION__: JSON.stringify(pkg.version),
        __PYODIDE_LOCK_INFO__: JSON.stringify(pkg.lockInfo),
        __PYODIDE_FILES__: JSON.stringify(PYODIDE_FILES),
      },
      optimizeDeps: { exclude: ['pyodide'] },
    }),
    configResolved(config) {
      base = config.base
      headers = (config.server.headers ?? {}) as typeof headers // COOP/COEP, on these files too
    },
    configureServer(server) {
      // Before Vite's own middlewares: the files go out byte for byte, whatever the query
      // (Vite's client may append ?import to a dynamic import).
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
        const prefix = base + pkg.assets
        if (!path.startsWith(prefix)) return next()
        const name = path.slice(prefix.length)
        if (!(PYODIDE_FILES as readonly string[]).includes(name)) return next()
        const file = join(pkg.dir, name)
        for (const [k, v] of Object.entries(headers)) res.setHeader(k, v)
        res.setHeader('Content-Type', TYPES[name.split('.').pop()!] ?? 'application/octet-stream')
        res.setHeader('Content-Length', statSync(file).size)
        res.setHeader('Cache-Control', 'no-cache')
        createReadStream(file).pipe(res)
      })
    },
    generateBundle() {
      for (const name of PYODIDE_FILES)
        this.emitFile({ type: 'asset', fileName: pkg.assets + name, source: readFileSync(join(pkg.dir, name)) })
    },
  }
}
