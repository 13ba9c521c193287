// Pure: who is looking at the deck. The speaker's machine gets everything ready before the
// talk (the editor and its language service, every cell's editor, esbuild, the offline
// copy); a viewer who opened a shared link gets what they use, when they use it.

export type DeckMode = 'speaker' | 'viewer'

export interface ModeFacts {
  /** location.search, pathname and hostname. */
  search: string
  pathname: string
  hostname: string
  /** The mode this browser chose before (`?speaker` or `?viewer`, kept), if any. */
  saved?: string | null
  /** Served by `npm run dev`. */
  dev?: boolean
  /** The page opens as the reading view (logic/reading.ts): a reader's, wherever it is served. */
  reading?: boolean
}

/**
 * `?speaker` or `?viewer` decides (and is kept for this browser); else a page that opens
 * as the reading view is a viewer's (it loads an editor only for code someone edits); else
 * the dev server, the presenter view, or a deck served from this machine (localhost) is
 * the speaker's; a hosted link is a viewer's.
 */
export function decideMode(f: ModeFacts): { mode: DeckMode, keep?: DeckMode } {
  const q = new URLSearchParams(f.search)
  if (q.has('speaker')) return { mode: 'speaker', keep: 'speaker' }
  if (q.has('viewer')) return { mode: 'viewer', keep: 'viewer' }
  if (f.saved === 'speaker' || f.saved === 'viewer') return { mode: f.saved }
  if (f.reading) return { mode: 'viewer' }
  if (f.dev || /\/presenter(\/|$)/.test(f.pathname)) return { mode: 'speaker' }
  return { mode: /^(localhost|127(\.\d+){3}|\[::1\])$/.test(f.hostname) ? 'speaker' : 'viewer' }
}
