import type { EnginePage } from './driver'
import { type CellRun, cellRun } from '../points'
import { click, sleep, waitFor } from './driver'

// The deck's contracts (docs: /work/shared/design/architecture.md, "Contracts"), in any
// engine: a cell is `[data-cell="<id>"]` with data-state, its output `role="log"`, its
// timeline `svg[role="img"]` with an aria-label, buttons by accessible name; the editor is
// focused, selected and typed into; Slidev's "go to" (g, number, Enter) moves slide to slide.

/** The cell `id` on slide `no`. */
export const cellOn = (no: number, id: string): string => `.slidev-page-${no} [data-cell="${id}"]`

const END = ['done', 'error', 'timeout', 'stopped']

/**
 * Opens `url` in the page and waits for the document that stays: on a host without the
 * isolation headers, the deck's service worker reloads the first visit once, and the page
 * after that reload is cross-origin isolated. Errors from the document before are set apart.
 */
export async function arrive(page: EnginePage, url: string, timeout = 60_000): Promise<void> {
  await page.goto(url)
  await waitFor(page, () => self.crossOriginIsolated, undefined, { timeout, message: 'the page to be cross-origin isolated (the service worker\'s one reload)' })
  await page.settled()
}

/** Waits for `<html data-live-cells="ready">`: the speaker's start-up is done. */
export const deckReady = (page: EnginePage, timeout = 120_000): Promise<unknown> =>
  waitFor(page, () => document.documentElement.dataset.liveCells === 'ready', undefined, { timeout, interval: 250, message: 'html[data-live-cells="ready"]' })

/** Slidev's "go to": g, the number, Enter (from the page, not from an editor); waits for the slide's cell editors. */
export async function goToSlide(page: EnginePage, no: number): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur(), undefined)
  await page.press('g')
  await waitFor(page, () => document.activeElement?.id === 'slidev-goto-input', undefined, { timeout: 5000, message: 'the go-to box' })
  await page.type(String(no))
  await page.press('Enter')
  await waitFor(page, n => new RegExp(`/${n}/?$`).test(location.pathname), no, { timeout: 10_000, message: `slide ${no}` })
  await waitFor(page, n => {
    const editors = [...document.querySelectorAll(`.slidev-page-${n} [data-cell] .code-editor`)]
    return editors.length > 0 && editors.every(e => e.getAttribute('data-ready') === 'true')
  }, no, { timeout: 30_000, message: `the editors of slide ${no}` })
}

/** What the cell shows now. */
export async function readCell(page: EnginePage, selector: string, count: Record<string, string> = {}): Promise<CellRun> {
  const seen = await page.evaluate(({ selector, count }) => {
    const cell = document.querySelector(selector)
    if (!cell) return null
    const svg = cell.querySelector('.live-cell__timeline svg[role="img"]')
    return {
      state: cell.getAttribute('data-state') ?? '',
      // WebKit's innerText ends a block's last line with a newline; Chromium's and Firefox's do not.
      log: ((cell.querySelector('[role="log"]') as HTMLElement | null)?.innerText ?? '').replace(/\n+$/, ''),
      label: svg?.getAttribute('aria-label') ?? '',
      figure: svg?.textContent ?? '',
      counts: Object.fromEntries(Object.entries(count).map(([k, s]) => [k, cell.querySelectorAll(s).length])),
    }
  }, { selector, count })
  if (!seen) throw new Error(`no cell ${selector}`)
  return cellRun(seen)
}

/** Marks the cell so that `ended` sees only a state this Run set (not the last run's). */
const arm = (selector: string) => {
  const cell = document.querySelector(selector) as (HTMLElement & { __e2eMoved?: boolean }) | null
  if (!cell) return false
  cell.__e2eMoved = false
  const watch = new MutationObserver(() => { cell.__e2eMoved = true; watch.disconnect() })
  watch.observe(cell, { attributes: true, attributeFilter: ['data-state'] })
  return true
}
const ended = ({ selector, states }: { selector: string, states: string[] }) => {
  const cell = document.querySelector(selector) as (HTMLElement & { __e2eMoved?: boolean }) | null
  return cell?.__e2eMoved && states.includes(cell.dataset.state ?? '') ? cell.dataset.state : null
}

/** Presses Run and waits until this run has ended (done, error, timeout, stopped); returns what the cell shows. */
export async function run(page: EnginePage, selector: string, { timeout = 60_000, count = {} }: { timeout?: number, count?: Record<string, string> } = {}): Promise<CellRun> {
  await waitFor(page, arm, selector, { message: `cell ${selector}` })
  await click(page, selector, 'Run')
  await waitFor(page, sel => (document.querySelector(sel) as { __e2eMoved?: boolean } | null)?.__e2eMoved === true, selector, { timeout: 10_000, message: `the Run just clicked in ${selector} to start` })
  await waitFor(page, ended, { selector, states: END }, { timeout, interval: 200, message: `${selector} to end its run` })
    .catch(async (error: Error) => { throw new Error(`${error.message}; the cell shows: ${JSON.stringify(await readCell(page, selector).catch(() => null))}`) })
  return readCell(page, selector, count)
}

/** Presses Run and waits until the cell is running and its output contains `text`. */
export async function startRun(page: EnginePage, selector: string, text: string, timeout = 30_000): Promise<void> {
  await click(page, selector, 'Run')
  await waitFor(page, ({ selector, text }) => {
    const cell = document.querySelector(selector)
    return cell?.getAttribute('data-state') === 'running' && (cell.querySelector('[role="log"]') as HTMLElement | null)?.innerText.includes(text)
  }, { selector, text }, { timeout, message: `${selector} running, its output saying "${text}"` })
}

/** Waits for the cell's state (and returns what it shows). */
export async function stateOf(page: EnginePage, selector: string, state: string, timeout = 10_000): Promise<CellRun> {
  await waitFor(page, ({ selector, state }) => document.querySelector(selector)?.getAttribute('data-state') === state, { selector, state }, { timeout, message: `${selector} data-state="${state}"` })
  return readCell(page, selector)
}

/**
 * Replaces the editor's text as a speaker does: a click into it, select all, delete, type.
 * Then checks that the editor holds exactly that (the deck keeps each cell's edit in
 * localStorage: `live-cells:cell:<id>`): an editor that completed or indented what was typed would
 * run other code than the test means.
 */
export async function typeCode(page: EnginePage, selector: string, id: string, code: string): Promise<void> {
  await click(page, `${selector} .monaco-editor .view-lines .view-line`) // the first line: the rest may be scrolled out of view
  await page.press('Control+a')
  await page.press('Delete')
  await page.type(code)
  await page.press('Escape') // closes a suggestion list, if one is open
  try {
    await waitFor(page, ({ id, code }) => localStorage.getItem(`live-cells:cell:${id}`) === code, { id, code }, { timeout: 5000, message: 'the edit to be kept' })
  }
  catch {
    const held = await page.evaluate(key => localStorage.getItem(key), `live-cells:cell:${id}`)
    throw new Error(`the editor holds ${JSON.stringify(held)}, not the typed ${JSON.stringify(code)}`)
  }
}

/** Reset: the cell's own code again. */
export async function reset(page: EnginePage, selector: string, id: string): Promise<void> {
  await click(page, selector, 'Reset')
  await waitFor(page, key => localStorage.getItem(key) === null, `live-cells:cell:${id}`, { timeout: 5000, message: 'the edit to be dropped' }).catch(() => sleep(200))
}
