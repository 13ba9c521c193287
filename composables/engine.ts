// One engine for the whole deck, created on first use (never at import time, so
// the first slide's script does not carry esbuild or the worker).
import type { Engine } from '../engine'
import { loadEditor } from './editor'

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
 * filled; then the editor (Monaco and its setup), so a cell's slide does not wait for it.
 */
let prewarmed = false
export function prewarmWhenIdle(delayMs = 800): void {
  if (typeof window === 'undefined' || prewarmed) return
  prewarmed = true
  const start = () => {
    void getEngine().then(e => e.prewarm()).catch(err => console.warn('Live cells: prewarm failed', err))
      .then(() => loadEditor()).catch(err => console.warn('Live cells: loading the editor failed', err))
  }
  const idle = (window as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void }).requestIdleCallback
  setTimeout(() => (idle ? idle(start, { timeout: 2000 }) : start()), delayMs)
}
