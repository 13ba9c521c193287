import type { SharedCode } from './share'
import { onScopeDispose, ref, watch } from 'vue'
import { readShare } from './share'

const prefix = 'live-cells:cell:'

/** A share link the deck was opened with (#share=<cell>:<code>), until its cell takes it. */
let shared: SharedCode | undefined = typeof location === 'undefined' ? undefined : readShare(location.hash)
/** A cell's stored edit, if any. */
export const storedCode = (id: string): string | null => read(prefix + id)

/** The share link the page was opened with, if no cell has taken it (or it is broken). */
export const pendingShare = (): SharedCode | undefined => shared

/**
 * The code a speaker edits, kept per cell in localStorage so navigation and
 * reload keep it; `reset` restores the snippet file's code and forgets the edit.
 * Every window of the deck sees the same edit (the `storage` event).
 */
export function useStoredCode(id: string, original: string) {
  const key = prefix + id
  const stored = read(key)
  const code = ref(stored ?? original)
  /** The code came from a share link (until Reset). */
  const fromLink = ref(false)
  watch(code, (value) => {
    if (value === original) remove(key)
    else write(key, value)
  })
  if (shared && 'code' in shared && shared.cell === id) {
    // Opened from a share link: the link's code replaces this cell's, like an edit. The
    // fragment goes, so a reload keeps later edits rather than the link's code.
    code.value = shared.code
    fromLink.value = true
    shared = undefined
    history.replaceState(history.state, '', location.pathname + location.search)
  }
  // Another window of the deck (presenter view, projector) edited the same cell.
  const onStorage = (e: StorageEvent) => { if (e.key === key) code.value = e.newValue ?? original }
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', onStorage)
    onScopeDispose(() => window.removeEventListener('storage', onStorage))
  }
  return {
    code,
    fromLink,
    edited: () => code.value !== original,
    reset: () => { code.value = original; fromLink.value = false },
  }
}

// Storage can be unavailable (private mode, quota): the cell still works, it just forgets.
function read(key: string): string | null {
  try { return localStorage.getItem(key) } catch { return null }
}
function write(key: string, value: string) {
  try { localStorage.setItem(key, value) } catch {}
}
function remove(key: string) {
  try { localStorage.removeItem(key) } catch {}
}
