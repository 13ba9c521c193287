// Browser only: hands the shared compiler esbuild's ESM browser build and the URL of its
// wasm binary (a Vite `?url` import), both kept out of the modules Node loads in unit tests.
// The package's `browser` field names lib/browser.js, a UMD file: a bundler wraps it, but
// the dev server serves it as it is, and an ES import of it has no `initialize`.
import wasmURL from 'esbuild-wasm/esbuild.wasm?url'
import { configureCompiler, type Esbuild } from './compile'

configureCompiler({ wasmURL, load: () => import('esbuild-wasm/esm/browser.js') as Promise<Esbuild> })
