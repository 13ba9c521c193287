import { join } from 'node:path'
import { test as base, expect, type Locator, type Page } from '@playwright/test'
import { load } from '@slidev/parser/fs'
import { type CellRun, cellRun } from './points'

/** Requests to anything but loopback: blocked, and remembered so a test can assert there were none. */
export interface Guard { external: string[], consoleErrors: string[], pageErrors: string[] }

const loopback = /^(https?|wss?):\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//

export function isLocal(url: string): boolean {
  return loopback.test(url) || /^(data|blob|about|chrome-extension):/.test(url)
}

/** Blocks the network outside loopback and collects console and page errors. */
export async function guard(page: Page): Promise<Guard> {
  const g: Guard = { external: [], consoleErrors: [], pageErrors: [] }
  await page.context().route(url => !isLocal(url.href), (route) => {
    g.external.push(route.request().url())
    return route.abort('blockedbyclient')
  })
  page.on('console', (m) => { if (m.type() === 'error') g.consoleErrors.push(m.text()) })
  // (A refused wake lock, which headless Chromium gives once a test grants other permissions,
  // is no longer an unhandled rejection: logic/wake-lock.ts.)
  page.on('pageerror', e => g.pageErrors.push(`${e.name}: ${e.message}`))
  return g
}

/** The slides a viewer sees, read from the same markdown Slidev builds. */
async function visibleSlides() {
  const root = process.cwd()
  const data = await load({ roots: [root], userRoot: root }, join(root, 'slides.md'))
  return data.slides.filter(s => !s.frontmatter?.hide && !s.frontmatter?.disabled)
}

/** The deck's slide count. */
export const slideCount = async (): Promise<number> => (await visibleSlides()).length

/** Every test gets a guarded page and fails if anything left loopback or logged an error. */
export const test = base.extend<{ net: Guard }>({
  net: [async ({ page }, use) => {
    const g = await guard(page)
    await use(g)
    expect(g.external, 'requests that left loopback').toEqual([])
    expect(g.pageErrors, 'uncaught page errors').toEqual([])
    expect(g.consoleErrors, 'console errors').toEqual([])
  }, { auto: true }],
})
export { expect }

/** The number of the first slide whose markdown contains `text`. */
export async function slideOfText(text: string): Promise<number> {
  const index = (await visibleSlides()).findIndex(s => s.source.content.includes(text))
  if (index < 0) throw new Error(`no slide contains "${text}"`)
  return index + 1
}

/** The slide number that holds the live cell `id`. */
export const slideOf = (id: string): Promise<number> => slideOfText(`id="${id}"`)

/** Opens the slide of cell `id` and returns the cell, its editor ready for typing. */
export async function openCell(page: Page, id: string) {
  await page.goto(`/${await slideOf(id)}`)
  const cell = page.locator(`[data-cell="${id}"]`)
  await expect(cell).toBeVisible()
  await expect(cell.locator('.code-editor')).toHaveAttribute('data-ready', 'true')
  return cell
}

/** Reaches cell `id`'s slide with Slidev's "go to" (g, number, Enter), as a speaker can; the cell, its editor ready. */
export async function goToCell(page: Page, id: string): Promise<Locator> {
  const no = await slideOf(id)
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.keyboard.press('g')
  await page.locator('#slidev-goto-input').fill(String(no))
  await page.locator('#slidev-goto-input').press('Enter')
  await expect(page).toHaveURL(new RegExp(`/${no}(\\?.*)?$`))
  const cell = page.locator(`.slidev-page-${no} [data-cell="${id}"]`)
  await expect(cell.locator('.code-editor')).toHaveAttribute('data-ready', 'true')
  return cell
}

/**
 * A spec whose tests share one page, slide to slide, as a speaker uses the deck (the tests
 * run in order): a context of its own (no service worker unless the project allows it),
 * guarded; opened at `start` and left until the deck says it is ready, when given. After the
 * last test: no request off loopback, no page error, no console error.
 */
export function sharedPage(options: { start?: string, clipboard?: boolean } = {}): { readonly page: Page, readonly net: Guard } {
  let page: Page
  let net: Guard
  test.describe.configure({ mode: 'serial' })
  test.beforeAll(async ({ browser }, info) => {
    test.setTimeout(120_000)
    const context = await browser.newContext({ baseURL: info.project.use.baseURL, viewport: { width: 1280, height: 720 }, serviceWorkers: info.project.use.serviceWorkers })
    // Code goes in as a paste where typing would be re-indented by the editor (Python).
    if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    page = await context.newPage()
    net = await guard(page)
    if (options.start === undefined) return
    await page.goto(options.start)
    await expect(page.locator('html')).toHaveAttribute('data-live-cells', 'ready', { timeout: 90_000 })
  })
  test.afterAll(async () => {
    expect(net.external, 'requests that left loopback (no CDN, no package index)').toEqual([])
    expect(net.pageErrors, 'uncaught page errors').toEqual([])
    expect(net.consoleErrors, 'console errors').toEqual([])
    await page.context().close()
  })
  return { get page() { return page }, get net() { return net } }
}

/** Replaces the editor's text the way a speaker would: focus, select all, type. */
export async function typeCode(page: Page, cell: ReturnType<Page['locator']>, code: string) {
  await cell.locator('.monaco-editor .view-lines').click({ position: { x: 30, y: 8 } }) // the first line: the rest may be scrolled out of view
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(code)
}

export { parseTimelineLabel, type TimelineGroup } from './points'

/** Clicks Run and waits for `done`; returns the output text, the timeline's label, groups (if drawn) and text. */
export async function runToDone(cell: ReturnType<Page['locator']>, timeout = 45_000): Promise<CellRun> {
  // Not the previous run's 'done': wait until this Run has changed the state at least once
  // (a prepared run of a quick snippet can be done before a poll would see it running).
  const started = cell.evaluate(el => new Promise<void>((resolve) => {
    new MutationObserver((_, mo) => { mo.disconnect(); resolve() }).observe(el, { attributes: true, attributeFilter: ['data-state'] })
  }))
  await cell.getByRole('button', { name: 'Run' }).click()
  await started
  await expect(cell).toHaveAttribute('data-state', 'done', { timeout })
  const svg = cell.locator('.live-cell__timeline svg[role="img"]')
  const drawn = await svg.count() > 0
  return cellRun({
    log: await cell.getByRole('log').innerText(),
    label: (drawn ? await svg.getAttribute('aria-label') : null) ?? '',
    figure: drawn ? (await svg.textContent()) ?? '' : '',
    state: 'done',
  })
}

/**
 * For CPU speedups on a shared machine: another tenant's load can only slow a run down,
 * never make it faster than the cores allow, so a run is repeated (up to `tries`) until
 * one shows what the code can do. Returns the last result and every run's summary.
 */
export async function bestOf<T>(tries: number, run: () => Promise<T>, good: (r: T) => boolean, describe: (r: T) => string = r => JSON.stringify(r)) {
  const seen: string[] = []
  let last!: T
  for (let i = 0; i < tries; i++) {
    last = await run()
    seen.push(describe(last))
    if (good(last)) break
  }
  return { result: last, seen: seen.join('; ') }
}
