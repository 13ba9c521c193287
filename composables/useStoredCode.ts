import { onScopeDispose, ref, watch } from 'vue'

const prefix = 'cvp:cell:'

/**
 * The code a speaker edits, kept per cell in localStorage so navigation and
 * reload keep it; `reset` restores the snippet file's code and forgets the edit.
 * Every window of the deck sees the same edit (the `storage` event).
 */
export function useStoredCode(id: string, original: string) {
  const key = prefix + id
  const stored = read(key)
  const code = ref(stored ?? original)
  watch(code, (value) => {
    if (value === original) remove(key)
    else write(key, value)
  })
  // Another window of the deck (presenter view, projector) edited the same cell.
  const onStorage = (e: StorageEvent) => { if (e.key === key) code.value = e.newValue ?? original }
  if (typeof window !== 'undefined') {
    window.addEventListener('storage', onStorage)
    onScopeDispose(() => window.removeEventListener('storage', onStorage))
  }
  return {
    code,
    edited: () => code.value !== original,
    reset: () => { code.value = original },
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
