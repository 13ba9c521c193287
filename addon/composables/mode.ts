// The deck's mode for this page (logic/mode.ts decides): read once.
import type { DeckMode } from '../logic/mode'
import { decideMode } from '../logic/mode'
import { readingAtLoad } from './reading'

const KEY = 'live-cells:mode'
let mode: DeckMode | undefined

export function deckMode(): DeckMode {
  if (mode) return mode
  if (typeof location === 'undefined') return (mode = 'speaker')
  let saved: string | null = null
  try { saved = localStorage.getItem(KEY) } catch {}
  const decided = decideMode({ search: location.search, pathname: location.pathname, hostname: location.hostname, saved, dev: import.meta.env.DEV, reading: readingAtLoad() })
  if (decided.keep) try { localStorage.setItem(KEY, decided.keep) } catch {}
  document.documentElement.dataset.deckMode = decided.mode
  return (mode = decided.mode)
}
