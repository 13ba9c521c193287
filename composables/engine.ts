// One engine for the whole deck, created on first use (never at import time, so
// the first slide's script does not carry esbuild or the worker).
import type { Engine } from '../engine'
import { parkEditors, warmLanguageService } from './editor'
import { snippets } from './snippets'
import { storedCode } from './useStoredCode'

let engine: Promise<Engine> | undefined

export function getEngine(): Promise<Engine> {
  engine ??= (async () => {
    const [{ createEngine }] = await Promise.all([import('../engine'), import('../engine/compile.browser')])
    return createEngine()
  })().catch((error) => {
    engine = undefined // let a later call try again
    throw error
  })
  return engine
}

/**
 * Prewarm in idle time after load: esbuild initialised, one throwaway transform, the pool
 * filled; then the editor (Monaco, its setup and TypeScript's language service), so a
 * cell's slide does not wait for it; then burn's rate; then every cell's editor, built
 * off screen. When all is done, <html data-live-cells="ready"> says so.
 */
let prewarmed = false
export function prewarmWhenIdle(delayMs = 800): void {
  if (typeof window === 'undefined' || prewarmed) return
  prewarmed = true
  const start = async () => {
    try {
      const engine = await getEngine()
      await engine.prewarm()
      await warmLanguageService()
      // With start-up over: burn's rate is the speed of a free core.
      await engine.burnRate()
      // Last, each cell's editor, one per idle period, so no slide builds one on arrival.
      await parkEditors(Object.entries(snippets).map(([id, code]) => ({ path: `${id}.ts`, code: storedCode(id) ?? code })))
      document.documentElement.dataset.liveCells = 'ready'
    }
    catch (err) { console.warn('Live cells: prewarm failed', err) }
  }
  const idle = (window as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void }).requestIdleCallback
  const go = () => { void start() }
  setTimeout(() => (idle ? idle(go, { timeout: 2000 }) : go()), delayMs)
}
