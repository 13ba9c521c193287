// The page's errors where the driver reports none: WebKitGTK's WebDriver is classic
// WebDriver (no log events, no BiDi in WebKitGTK 2.50), and MiniBrowser writes no console
// to stdout under automation. So the test's static server puts this script first in every
// page's <head> (scripts/serve.mjs `inject`), before the deck's own scripts, and it records
// what Playwright's guard records for Chromium (e2e/fixtures.ts `guard`):
// - page errors: uncaught errors and unhandled rejections the page did not cancel (checked
//   once every listener has run, as the browser decides whether to report them);
// - console errors: console.error calls, and elements whose resource failed to load.
// Kept in sessionStorage, so the isolation reload keeps them, each with its document's
// number and whether that document was leaving for the reload.
// What it cannot see: errors the browser itself reports without telling the page (a font or
// a request cut off, a CSP violation), and errors in workers that nobody handled (they reach
// the page as the Worker's error event, which the deck handles).

export const PROBE_KEY = 'live-cells-e2e:probe'

export interface ProbeEntry { kind: 'pageerror' | 'console', text: string, doc: number, leaving: boolean }

const probe = () => {
  const KEY = 'live-cells-e2e:probe'
  let doc = 1
  const read = (): { docs: number, entries: unknown[] } => {
    try { return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') ?? { docs: 0, entries: [] } }
    catch { return { docs: 0, entries: [] } }
  }
  const write = (state: unknown) => { try { sessionStorage.setItem(KEY, JSON.stringify(state)) } catch {} }
  const state = read()
  doc = state.docs + 1
  write({ ...state, docs: doc })
  const text = (v: unknown): string => {
    if (typeof v === 'object' && v !== null && 'message' in v) return `${(v as Error).name ?? 'Error'}: ${(v as Error).message}`
    try { return typeof v === 'string' ? v : JSON.stringify(v) ?? String(v) }
    catch { return String(v) }
  }
  const put = (kind: string, message: string) => {
    const now = read()
    now.entries.push({ kind, text: message.slice(0, 2000), doc, leaving: Boolean((window as { __liveCellsLeaving?: boolean }).__liveCellsLeaving) })
    write(now)
  }
  addEventListener('error', (e: Event) => {
    if (e instanceof ErrorEvent) {
      setTimeout(() => { if (!e.defaultPrevented) put('pageerror', e.error ? text(e.error) : e.message) })
      return
    }
    const target = e.target as (Element & { href?: string, src?: string }) | null
    if (target instanceof Element) put('console', `failed to load ${target.href || target.src || target.tagName}`)
  }, true)
  addEventListener('unhandledrejection', e => setTimeout(() => { if (!e.defaultPrevented) put('pageerror', text(e.reason)) }))
  const error = console.error
  console.error = function (...args: unknown[]) {
    put('console', args.map(text).join(' '))
    return error.apply(this, args)
  }
}

/** The <script> the server injects. */
export const probeScript = `<script>(${probe.toString()})()</script>`

/** In the page: what the probe recorded. */
export function readProbe(key: string): ProbeEntry[] {
  try { return JSON.parse(sessionStorage.getItem(key) ?? 'null')?.entries ?? [] }
  catch { return [] }
}
