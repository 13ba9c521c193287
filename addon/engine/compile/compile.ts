// TypeScript -> JavaScript with esbuild-wasm, initialised once and lazily.
// No Vite-only imports here: Node (vitest) loads this file as it is; the browser
// passes the wasm URL through compile.browser.ts.
import type { CompileError } from '../protocol'
import { once } from '../shared/once'

export type CompileResult =
  | { ok: true, code: string, map: string }
  | { ok: false, errors: CompileError[] }

interface Location { line: number, column: number }
interface Message { text: string, location: Location | null }
/** The part of esbuild-wasm this module uses (injectable for tests). */
export interface Esbuild {
  initialize(options: { wasmURL?: string, worker?: boolean }): Promise<void>
  transform(input: string, options: Record<string, unknown>): Promise<{ code: string, map: string }>
}

export interface CompilerOptions {
  /** Loads esbuild. @default () => import('esbuild-wasm') */
  load?: () => Promise<Esbuild>
  /** The esbuild.wasm URL (browser only; Node needs none). */
  wasmURL?: string
  /** Compiled sources remembered, so re-running unchanged code compiles nothing. @default 50 */
  cacheSize?: number
}

export interface Compiler {
  compile(source: string): Promise<CompileResult>
  /** The remembered result for `source`, if it was compiled before (no waiting). */
  cached(source: string): CompileResult | undefined
  /** Initialises esbuild and runs one throwaway transform (the first is ~300 ms slower). */
  prewarm(): Promise<void>
  /** Sets the loader or the wasm URL before the first use. */
  configure(options: Pick<CompilerOptions, 'load' | 'wasmURL'>): void
  /**
   * Remembers results compiled elsewhere (the deck's own snippets, compiled at build time
   * with the same esbuild and options), so running them never starts esbuild.
   */
  seed(compiled: ReadonlyArray<{ source: string, code: string, map: string }>): void
}

/** esbuild's options for a snippet: the same in the browser and at build time (vite/plugins.ts). */
export const TRANSFORM = { loader: 'ts', format: 'esm', target: 'es2022', sourcemap: 'external', sourcefile: 'snippet.ts' }

export function createCompiler(options: CompilerOptions = {}): Compiler {
  let load = options.load ?? (() => import('esbuild-wasm') as Promise<Esbuild>)
  const cacheSize = options.cacheSize ?? 50
  let wasmURL = options.wasmURL
  const cache = new Map<string, CompileResult>()

  // Once; a later call retries if it failed. `worker: true` keeps esbuild off the page's thread.
  const init = once(async (): Promise<Esbuild> => {
    const es = await load()
    await es.initialize(wasmURL ? { wasmURL, worker: true } : {})
    return es
  })

  function cached(source: string): CompileResult | undefined {
    const hit = cache.get(source)
    if (hit) {
      cache.delete(source) // refresh: least recently used goes first
      cache.set(source, hit)
    }
    return hit
  }

  async function compile(source: string): Promise<CompileResult> {
    const hit = cached(source)
    if (hit) return hit
    const es = await init()
    let result: CompileResult
    try {
      const out = await es.transform(source, TRANSFORM)
      result = { ok: true, code: out.code, map: out.map }
    } catch (err) {
      result = { ok: false, errors: toErrors(err) }
    }
    cache.set(source, result)
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value as string)
    return result
  }

  return {
    compile,
    cached,
    async prewarm() {
      const es = await init()
      await es.transform('const warm: number = await Promise.resolve(1)', TRANSFORM)
    },
    configure(o) {
      if (o.load) load = o.load
      if (o.wasmURL !== undefined) wasmURL = o.wasmURL
    },
    seed(compiled) {
      for (const { source, code, map } of compiled) cache.set(source, { ok: true, code, map })
    },
  }
}

/** esbuild's failure -> 1-based errors in the snippet's coordinates (esbuild's columns are 0-based). */
export function toErrors(err: unknown): CompileError[] {
  const messages = (err as { errors?: Message[] }).errors
  if (!Array.isArray(messages) || !messages.length) {
    return [{ line: 1, column: 1, message: err instanceof Error ? err.message : String(err) }]
  }
  return messages.map(m => ({ line: m.location?.line ?? 1, column: (m.location?.column ?? 0) + 1, message: m.text }))
}

const shared = createCompiler()
/** Compiles a snippet with the shared compiler. */
export const compile = (source: string): Promise<CompileResult> => shared.compile(source)
/** The shared compiler's remembered result for `source`, if any. */
export const compiled = (source: string): CompileResult | undefined => shared.cached(source)
/** Initialises the shared compiler ahead of time (call in idle time). */
export const prewarm = (): Promise<void> => shared.prewarm()
/** Sets the shared compiler's loader and wasm URL (browser). */
export const configureCompiler = (o: Pick<CompilerOptions, 'load' | 'wasmURL'>): void => shared.configure(o)
/** Gives the shared compiler the snippets compiled at build time. */
export const seedCompiler: Compiler['seed'] = compiled => shared.seed(compiled)
