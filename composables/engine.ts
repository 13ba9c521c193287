// One engine for the whole deck, created on first use (never at import time, so
// the first slide's script does not carry esbuild or the worker).
import type { Engine } from '../engine'
import { parkEditors, warmLanguageService } from './editor'
import { snippets } from './snippets'
import { storedCode } from './useStoredCode'

let engine: Promise<Engine> | undefined
let loaded: Engine | undefined

/** The engine, if it is up already (no waiting). */
export const loadedEngine = (): Engine | undefined => loaded

export function getEngine(): Promise<Engine> {
  engine ??= (async () => {
    const [{ createEngine }] = await Promise.all([import('../engine'), import('../engine/compile.browser')])
    return (loaded = createEngine())
  })().catch((error) => {
    engine = undefined // let a later call try again
    throw error
  })
  return engine
}

/**
 * Prewarm in idle time after load: esbuild initialised, the pool filled, every cell's code
 * compiled; then the editor (Monaco, its setup and TypeScript's language service), so a
 * cell's slide does not wait for it; then every cell's editor, built off screen; last,
 * burn's rate. When all is done, <html data-live-cells="ready"> says so.
 */
let prewarmed = false
export function prewarmWhenIdle(delayMs = 800): void {
  if (typeof window === 'undefined' || prewarmed) return
  prewarmed = true
  const start = async () => {
    try {
      // Each step leaves a performance mark (cvp:…), to see in a profile where start-up goes.
      const step = async (name: string, work: () => Promise<unknown>) => { await work(); performance.mark(`cvp:${name}`) }
      const cells = Object.entries(snippets).map(([id, code]) => ({ path: `${id}.ts`, code: storedCode(id) ?? code }))
      const engine = await getEngine()
      // The compiler, the pool, and every cell's code compiled, so no first Run waits for esbuild.
      await step('engine', () => engine.prewarm(cells.map(c => c.code)))
      await step('language-service', warmLanguageService)
      // Each cell's editor, one per idle period, so no slide builds one on arrival.
      await step('editors', () => parkEditors(cells))
      // Last, with start-up over: burn's rate is the speed of a free core.
      await step('burn-rate', () => engine.burnRate())
      document.documentElement.dataset.liveCells = 'ready'
    }
    catch (err) { console.warn('Live cells: prewarm failed', err) }
  }
  const idle = (window as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void }).requestIdleCallback
  const go = () => { void start() }
  setTimeout(() => (idle ? idle(go, { timeout: 2000 }) : go()), delayMs)
}
