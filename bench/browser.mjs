// Playwright plumbing: contexts that stay on loopback, slide navigation, typing into Monaco.
import { pageProbes } from './measure.mjs'

/** Every request that does not go to 127.0.0.1/localhost is aborted and counted here. */
export const blocked = { count: 0, urls: [] }
const offLoopback = /^(?!(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\/)[a-z-]+:\/\//i

export async function newPage(browser) {
  // Clipboard access: code is pasted into Monaco (typing would be auto-indented twice).
  // No service worker: its background precache (~30 MB) would compete with what is measured.
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, permissions: ['clipboard-read', 'clipboard-write'], serviceWorkers: 'block' })
  await context.route(offLoopback, (route) => {
    blocked.count++
    if (blocked.urls.length < 20) blocked.urls.push(route.request().url())
    return route.abort('blockedbyclient')
  })
  await context.addInitScript(pageProbes)
  const page = await context.newPage()
  // (Slidev asks for a wake lock, which headless Chromium refuses: not ours to report.)
  page.on('pageerror', e => { if (!/Wake Lock/.test(e.message)) console.warn(`  page error: ${e.message}`) })
  return page
}

/** Goes to slide `n` inside the app (Slidev's `g` dialog), so the page does not reload. */
export async function gotoSlide(page, n) {
  await page.locator('.slidev-page').first().waitFor()
  await page.keyboard.press('g')
  const input = page.locator('#slidev-goto-input')
  await input.waitFor()
  await input.fill(String(n))
  await input.press('Enter')
  await page.waitForURL(url => new URL(url).pathname === `/${n}`)
  await page.locator(`.slidev-page-${n}`).waitFor()
}

export const cellSelector = id => `section[data-cell="${id}"]`

/**
 * Waits for the deck's own "ready" signal (<html data-live-cells="ready">): compiler, workers,
 * editors and burn's rate are up, as they are for a speaker who opened the deck before the
 * talk. Before it, a run shares the cores with the prewarm (burn's calibration takes one).
 */
export async function deckReady(page) {
  await page.waitForFunction(() => document.documentElement.dataset.liveCells === 'ready', null, { timeout: 90_000 })
}

/**
 * Waits for a deck cell's Monaco to be up (the contract: `.code-editor[data-ready="true"]`).
 * Generous: on a loaded 2-core machine Monaco's chunk alone can take 10 s to start.
 */
export async function cellReady(page, id) {
  await page.locator(`${cellSelector(id)} .code-editor[data-ready="true"]`).waitFor({ timeout: 90_000 })
}

/**
 * Replaces the text of the Monaco editor inside `scope` the way a person would: select all,
 * paste. (Inserting multi-line text as typing makes Monaco indent each line a second time.)
 */
export async function typeCode(page, scope, code) {
  await page.evaluate(text => navigator.clipboard.writeText(text), code)
  await focusEditor(page, scope)
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  await page.keyboard.press('ControlOrMeta+V')
  await blur(page)
}

/** An edit of the first line only (typed: one line, so no auto-indent): a new text each time. */
export async function typeFirstLine(page, scope, line) {
  await focusEditor(page, scope)
  await page.keyboard.press('ControlOrMeta+Home')
  await page.keyboard.press('Shift+End')
  await page.keyboard.insertText(line)
  await blur(page)
}

// Focus Monaco's input element (EditContext, or the textarea of older builds). A click on the
// text is not reliable: once the editor scrolls, the sticky-scroll line sits on top of it.
const focusEditor = (page, scope) => page.locator(`${scope} .monaco-editor`).locator('.native-edit-context, textarea.inputarea').first().focus()

// Leave the editor so no suggestion widget or pending edit lingers into the timed click.
const blur = page => page.evaluate(() => document.activeElement?.blur())

/** In the deck: typing reached the cell's state once useStoredCode has stored it (or dropped it when unedited). */
export async function waitCodeStored(page, id, code, original) {
  await page.waitForFunction(([key, code, original]) => {
    const stored = localStorage.getItem(key)
    return code === original ? stored === null : stored === code
  }, [`live-cells:cell:${id}`, code, original], { timeout: 5_000 })
}

/** For Slidev's own editor (no stored state to watch): wait until Monaco shows `line` (a paste is async). */
export async function waitEditorShows(page, scope, line) {
  await page.waitForFunction(([scope, line]) => {
    const lines = [...document.querySelectorAll(`${scope} .monaco-editor .view-line`)]
    return lines.some(l => l.textContent.replace(/\u00a0/g, ' ') === line)
  }, [scope, line], { timeout: 5_000 })
}
