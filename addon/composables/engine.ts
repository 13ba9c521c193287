// One engine for the whole deck, created on first use (never at import time, so
// the first slide's script does not carry esbuild or the worker).
import type { Engine } from '../engine'
import { once } from '../engine/shared/once'
import { whenIdle } from '../logic/idle'
import { background, LANGUAGE_SERVICE } from './background'
import { deckMode } from './mode'
import { parkEditors, warmLanguageService } from './editor'
import { hasPython, snippetFile, snippetLangs, snippets } from './snippets'
import { storedCode } from './useStoredCode'
import options from 'virtual:live-cells/options'
import { countedCores, machineStore } from './useMachine'

let loaded: Engine | undefined

/** The engine, if it is up already (no waiting). */
export const loadedEngine = (): Engine | undefined => loaded

/** The deck's engine, loaded on first use. */
export const getEngine = once(async (): Promise<Engine> => {
  const [{ createEngine, seedCompiler }, , { default: compiled }, { deckRunner }] = await Promise.all([
    import('../engine'), import('../engine/compile/compile.browser'), import('virtual:live-cells/compiled-snippets'), import('../engine/run/boundary'),
  ])
  seedCompiler(compiled) // the deck's own code runs without starting esbuild
  // Runs live apart from the page: in the runner frame where the browser gives it a process (Chromium).
  return (loaded = createEngine({ background, store: machineStore(), runner: deckRunner(), onCores: (n) => { countedCores.value = n } }))
})

let prewarmed: Promise<void> | undefined
/**
 * Prewarm in idle time after load, on the speaker's machine (composables/mode.ts): the
 * worker pool; the editor (Monaco, its setup and TypeScript's language service), so a
 * cell's slide does not wait for it; esbuild, for edits; every cell's editor, built off
 * screen; the rates of burn and countPrimes; the Python interpreter, if the deck has Python
 * cells; last, a check that the cores are quiet. Each
 * piece is a background step: a Run pressed meanwhile goes first. In a viewer's page only
 * the workers start: the editor, its language service and esbuild load when the viewer
 * reaches for them. When all is done, <html data-live-cells="ready"> says so (and the
 * promise resolves).
 */
export function prewarmWhenIdle(delayMs = 800): Promise<void> {
  if (typeof window === 'undefined') return Promise.resolve()
  // Which windows start ahead (headmatter liveCells.prewarm): the speaker's (default), every
  // one, or none (the engine then loads at the first Run; the start-up is over at once).
  const which = options.prewarm
  if (which === 'none') {
    document.documentElement.dataset.liveCells = 'ready'
    return (prewarmed ??= Promise.resolve())
  }
  const full = which === 'all' || deckMode() === 'speaker'
  prewarmed ??= new Promise<void>(resolve => setTimeout(() => whenIdle(() => { void prewarm(full).then(resolve) }), delayMs))
  return prewarmed
}

async function prewarm(speaker: boolean): Promise<void> {
  try {
    // Each step leaves a performance mark (live-cells:…), to see in a profile where start-up goes.
    const step = async (name: string, work: () => Promise<unknown>) => { await work(); performance.mark(`live-cells:${name}`) }
    const cells = Object.entries(snippets).map(([id, code]) => ({ path: snippetFile(id), lang: snippetLangs[id], code: storedCode(id) ?? code }))
    const engine = await getEngine()
    // The workers, and a speaker's edits kept from an earlier visit compiled (TypeScript's).
    await step('engine', () => engine.prewarm(speaker ? cells.filter(c => c.lang === 'typescript').map(c => c.code) : []))
    if (speaker) {
      await step('language-service', () => background.step(LANGUAGE_SERVICE, warmLanguageService))
      // esbuild, for edits (the deck's own code was compiled at build time).
      await step('compiler', () => engine.prewarmCompiler())
      // Each cell's editor, one per idle period, so no slide builds one on arrival.
      await step('editors', () => parkEditors(cells))
      // The rates: how fast a free core computes (measured so that load cannot skew it).
      await step('rates', () => engine.checkRates())
      // Python (2-3 s of a core, once): a viewer's page starts it at its first Python Run.
      // A failure is not the deck's: its Python cells say so when run.
      if (hasPython()) await step('python', () => engine.startPython().catch(e => console.warn('Live cells: Python did not start', e)))
      // Last, until the browser has finished compiling all that (its own threads).
      await step('quiet', () => engine.settle())
    }
    document.documentElement.dataset.liveCells = 'ready'
  }
  catch (err) { console.warn('Live cells: prewarm failed', err) }
}
