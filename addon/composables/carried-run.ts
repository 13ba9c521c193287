// A Run of code that needs cross-origin isolation (threads, block), pressed on a first
// visit before the page has reloaded through the service worker for it, is carried
// across that one reload: remembered here, and started when the cell is back.
import { isolationAhead } from '../setup/isolation'

const KEY = 'live-cells:carried-run'

/** Code that cannot run without isolation (SharedArrayBuffer, Atomics.wait). */
export const needsIsolation = (source: string): boolean => /\b(block|threads)\s*\(/.test(source)

/**
 * If `source` needs isolation and the page is about to reload for it, remembers the run
 * and resolves true (the page reloads; the run goes on after it). Else resolves false at
 * once (or when it turns out no reload is coming), and the run goes ahead here.
 */
export async function carryAcrossReload(cell: string, source: string): Promise<boolean> {
  if (!needsIsolation(source) || globalThis.crossOriginIsolated) return false
  try { sessionStorage.setItem(KEY, JSON.stringify({ cell, source })) } catch { return false }
  const reloading = await isolationAhead()
  if (!reloading) forget()
  return reloading
}

/** The code of a run carried across the reload for `cell`, once (it is forgotten as it is taken). */
export function takeCarriedRun(cell: string): string | undefined {
  try {
    const carried = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { cell: string, source: string } | null
    if (carried?.cell !== cell) return undefined
    forget()
    return carried.source
  }
  catch { return undefined }
}

function forget() {
  try { sessionStorage.removeItem(KEY) } catch {}
}
