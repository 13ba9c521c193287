// Browser only: hands esbuild the URL of its wasm binary (a Vite `?url` import, kept out of
// the modules Node loads in unit tests). Import this once from the page side.
import wasmURL from 'esbuild-wasm/esbuild.wasm?url'
import { configureCompiler } from './compile'

configureCompiler({ wasmURL })
