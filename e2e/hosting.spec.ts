import type { Browser, Page } from '@playwright/test'
import { cp, readFile, rm, writeFile } from 'node:fs/promises'
import { serve } from '../addon/scripts/serve.mjs'
import { expect, goToCell, isLocal, runToDone, slideCount, slideOf, test } from './fixtures'
import { BASE, close, githubPages, type Site, siteOf, talkBuild } from './talk-site'

// The deck as people open it after the talk: built for a sub-path (`--base /talk/`) and
// put on a static host that sends no headers and has no rewrites, like GitHub Pages
// (a folder answers with its index.html, anything else with 404.html and status 404).
// The build is the run's one `/talk/` build (e2e/talk-site.ts, shared with the Firefox and
// WebKit suites); each check gets its own browser context (a fresh browser profile: no
// service worker yet).
const CELL = 'blocking-vs-awaiting' // block() needs cross-origin isolation

const isolated = (page: Page) => () => page.evaluate(() => crossOriginIsolated).catch(() => false)
/**
 * A fresh profile that keeps its HTTP cache (request interception would turn it off, and
 * then a reload would download the deck again where no visitor's browser would); requests
 * off loopback are watched instead of blocked (none may be made).
 */
async function visitor(browser: Browser) {
  const context = await browser.newContext({ serviceWorkers: 'allow' })
  const external: string[] = []
  context.on('request', (r) => { if (!isLocal(r.url())) external.push(r.url()) })
  return { context, external }
}
/** Counts the page's document loads (not route changes inside the deck). */
function countLoads(page: Page) {
  const count = { loads: 0 }
  page.on('load', () => count.loads++)
  return count
}

// The service worker is what this file checks (the config blocks it for the others).
test.use({ serviceWorkers: 'allow' })
// A first visit downloads the whole deck (~30 MB) before it is isolated: seconds, more
// on a busy shared machine.
test.describe.configure({ timeout: 120_000 })

let out: string
let server: Site
let site: string

test.beforeAll(async () => {
  test.setTimeout(180_000) // the run's first spec to ask builds it
  out = await talkBuild()
  server = await githubPages(out)
  site = siteOf(server)
})
test.afterAll(async () => {
  if (server) await close(server)
})

test('every slide, the overview and the presenter view answer 200 from a host without rewrites', async ({ request }) => {
  const total = await slideCount()
  const paths = [...Array.from({ length: total }, (_, i) => `${i + 1}`), 'overview/', 'presenter/', 'presenter/2', '']
  for (const path of paths) {
    const response = await request.get(`${site}${path}`) // /talk/5 -> 301 /talk/5/, as GitHub Pages does
    expect(response.status(), `${BASE}${path}`).toBe(200)
    expect(await response.text(), `${BASE}${path} is the deck`).toContain('<div id="app">')
    expect(response.headers()['cross-origin-embedder-policy'], 'the host sends no isolation headers').toBeUndefined()
  }
  // Other paths keep the host's 404 (Slidev's 404.html, which the deck's router also handles).
  expect((await request.get(`${site}${total + 1}`)).status()).toBe(404)
})

test('a first visit is isolated by the service worker after one reload, and a further reload stays', async ({ page }) => {
  const no = await slideOf(CELL)
  const cell = page.locator(`[data-cell="${CELL}"]`)
  const count = countLoads(page)
  const start = Date.now()
  const response = await page.goto(`${site}${no}`)
  expect(response?.headers()['cross-origin-embedder-policy']).toBeUndefined()
  await expect.poll(isolated(page), { timeout: 60_000 }).toBe(true)
  test.info().annotations.push({ type: 'time to isolation', description: `${Date.now() - start} ms, ${count.loads} loads` })
  expect(count.loads, 'the first load and at most one reload').toBeLessThanOrEqual(2)
  await expect(page.locator(`.slidev-page-${no} .slidev-layout`)).toBeVisible()
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function')

  // Already under the worker: isolated at once, and the deck does not reload itself
  // (checked once it has settled: the cell's editor is up, the worker controls the page).
  const before = count.loads
  await page.reload()
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
  await expect(cell.locator('.code-editor')).toHaveAttribute('data-ready', 'true')
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated')
  expect(await page.evaluate(() => sessionStorage.getItem('live-cells:isolation-reload')), 'the reload guard is cleared once isolated').toBeNull()
  expect(count.loads).toBe(before + 1)
})

test('a first visit over a 20 Mbit/s link: the slide at once, isolated in seconds, an early Run done, the deck not downloaded twice', async ({ browser }) => {
  // As a viewer opens a shared link (?viewer: the deck decides by host, and this one is
  // loopback), over a paced link, in a fresh profile (no service worker yet).
  const paced = await serve(out, 0, '127.0.0.1', { base: BASE, githubPages: true, link: { mbps: 20, latencyMs: 40 } })
  const { context, external } = await visitor(browser)
  try {
    const page = await context.newPage()
    const no = await slideOf(CELL)
    const cell = page.locator(`[data-cell="${CELL}"]`)
    const start = Date.now()
    await page.goto(`${siteOf(paced)}${no}/?viewer`)
    await expect(page.locator(`.slidev-page-${no} .slidev-layout`)).toBeVisible({ timeout: 30_000 })
    const slideMs = Date.now() - start
    // Run at once: block() needs isolation, so the Run waits for the one reload and is
    // carried across it (never the "not cross-origin isolated" error).
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect.poll(isolated(page), { timeout: 10_000 }).toBe(true)
    const isolatedMs = Date.now() - start
    await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 30_000 })
    await expect(cell.getByRole('log')).toContainText(/blocking: 3\d\d\d ms/)
    await expect(cell.getByRole('log')).toContainText(/awaiting: 1\d\d\d ms/)
    expect(paced.stats.paths.filter(p => p === `/${no}/index.html`), 'the first load and one reload').toHaveLength(2)
    const firstVisit = paced.stats.bytes
    // A viewer's page loads what it shows: no editor, no compiler, no offline copy yet.
    const editor = paced.stats.paths.filter(p => /monaco|esbuild|ts\.worker/.test(p))
    expect(editor, 'nothing of the editor or esbuild').toEqual([])
    expect(firstVisit).toBeLessThan(3 * 2 ** 20)
    // A second visit fetches only the page itself (to see a new deploy) and nothing it has.
    const had = new Set(paced.stats.paths)
    const firstCount = paced.stats.paths.length
    await page.reload()
    await expect(page.locator(`.slidev-page-${no} .slidev-layout`)).toBeVisible()
    const again = paced.stats.paths.slice(firstCount)
    expect(again.filter(p => had.has(p) && !/index\.html$|sw\.js$/.test(p)), 'second visit: nothing it already has').toEqual([])
    test.info().annotations.push({ type: 'first visit at 20 Mbit/s, 40 ms', description: `slide ${slideMs} ms, isolated ${isolatedMs} ms, ${(firstVisit / 2 ** 20).toFixed(2)} MiB in ${paced.stats.requests} requests` })
    expect(external).toEqual([])
  }
  finally {
    await context.close()
    await close(paced)
  }
})

test('a phone opens a shared slide link over a 10 Mbit/s link: the reading view at that slide, still there after the isolation reload, a Run done, no editor', async ({ browser }) => {
  // The phone: upright, touch, a slower link; no ?viewer: the reading view makes it a viewer's page.
  const paced = await serve(out, 0, '127.0.0.1', { base: BASE, githubPages: true, link: { mbps: 10, latencyMs: 40 } })
  const context = await browser.newContext({ serviceWorkers: 'allow', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 })
  const external: string[] = []
  context.on('request', (r) => { if (!isLocal(r.url())) external.push(r.url()) })
  try {
    const page = await context.newPage()
    const no = await slideOf(CELL)
    const cell = page.locator(`[data-cell="${CELL}"]`)
    const start = Date.now()
    await page.goto(`${siteOf(paced)}${no}/`)
    await expect(page.locator(`.reading-view .slidev-page-${no} .slidev-layout`)).toBeVisible({ timeout: 30_000 })
    const slideMs = Date.now() - start
    // The page reloads once through the service worker; the reader is still at the shared
    // slide (no scroll position put back from before), under the sub-path, the address unchanged.
    await expect.poll(isolated(page), { timeout: 20_000 }).toBe(true)
    const isolatedMs = Date.now() - start
    await expect(page.locator(`#slide-${no}`)).toHaveAttribute('data-reading', 'ready')
    await expect.poll(() => page.locator(`#slide-${no}`).evaluate(el => Math.abs(el.getBoundingClientRect().top - document.querySelector('.reading-bar')!.getBoundingClientRect().bottom))).toBeLessThanOrEqual(1)
    await expect(page).toHaveURL(new RegExp(`${BASE}${no}/?$`))
    // (A tap scrolls what it taps into view: the Run comes after the placement is checked.)
    await cell.getByRole('button', { name: 'Run' }).tap()
    await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 30_000 })
    await expect(cell.getByRole('log')).toContainText(/awaiting: 1\d\d\d ms/)
    const editor = paced.stats.paths.filter(p => /monaco|esbuild|ts\.worker/.test(p))
    expect(editor, 'nothing of the editor or esbuild').toEqual([])
    expect(paced.stats.bytes).toBeLessThan(3 * 2 ** 20)
    test.info().annotations.push({ type: 'phone, reading view, first visit at 10 Mbit/s, 40 ms', description: `slide ${slideMs} ms, isolated ${isolatedMs} ms, ${(paced.stats.bytes / 2 ** 20).toFixed(2)} MiB in ${paced.stats.requests} requests` })
    expect(external).toEqual([])
  }
  finally {
    await context.close()
    await close(paced)
  }
})

test('offline after one visit: the deck saves itself, says so, and a reload without a network runs a cell', async ({ browser }) => {
  // A server of its own, so the test can cut the network by stopping it.
  const own = await githubPages(out)
  const url = `${siteOf(own)}${await slideOf(CELL)}`
  const { context, external } = await visitor(browser)
  const page = await context.newPage()
  await page.goto(url)
  // The speaker's machine (loopback): start-up, then the offline copy, file by file.
  await expect(page.locator('html')).toHaveAttribute('data-offline', 'ready', { timeout: 90_000 })
  await expect(page.getByRole('status').filter({ hasText: /Saved for offline use \(\d+ MB\)/ })).toBeVisible()
  // Every file the build lists was fetched once: the site's files, none twice.
  const fetched = own.stats.paths.filter(p => p.includes('/assets/'))
  expect(fetched.filter((p, i) => fetched.indexOf(p) !== i), 'no file fetched twice').toEqual([])
  await close(own)
  await page.context().setOffline(true)

  await page.reload()
  expect(await page.evaluate(() => crossOriginIsolated), 'the cached pages carry the headers').toBe(true)
  const cell = page.locator(`[data-cell="${CELL}"]`)
  await expect(cell.locator('.code-editor')).toHaveAttribute('data-ready', 'true')
  await cell.getByRole('button', { name: 'Run' }).click()
  await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 30_000 })
  await expect(cell.getByRole('log')).toContainText('awaiting')
  // Python too: in Chromium it runs in the runner frame, an opaque origin the service worker does
  // not serve; the page hands it the runner's code and Pyodide's files.
  expect((await runToDone(await goToCell(page, 'blocking-vs-awaiting-py'), 60_000)).log).toContain('gather')
  expect(external).toEqual([])
  await context.close()
})

test('a new deploy takes over once the old tabs are closed, and drops the files it no longer lists', async ({ page, context }) => {
  // A copy of the site, whose sw.js is then changed the way a rebuild changes it.
  const dir = `${out}-deploy`
  await rm(dir, { recursive: true, force: true })
  await cp(out, dir, { recursive: true })
  const own = await githubPages(dir)
  try {
    const url = `${siteOf(own)}1`
    await page.goto(url)
    await expect.poll(isolated(page), { timeout: 60_000 }).toBe(true)
    // A file an older deploy left in the cache.
    const stale = `${siteOf(own)}assets/from-an-older-deploy.js`
    await page.evaluate(async (u) => { await (await caches.open((await caches.keys()).find(n => n.startsWith('live-cells-deck'))!)).put(u, new Response('old')) }, stale)

    // Deploy: the worker's script changes (its manifest would), so the open tab finds an
    // update, which installs and waits: this tab keeps its version.
    const sw = await readFile(`${dir}/sw.js`, 'utf8')
    await writeFile(`${dir}/sw.js`, `${sw}\n// a new deploy\n`)
    await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())?.update() })
    await expect.poll(() => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(true)

    // Last tab closed: the new worker takes over; the next visit is isolated at once, and
    // the older deploy's file is gone.
    await page.close()
    const next = await context.newPage()
    const errors: string[] = []
    next.on('console', m => m.type() === 'error' && errors.push(m.text()))
    const count = countLoads(next)
    await next.goto(url)
    expect(await next.evaluate(() => crossOriginIsolated)).toBe(true)
    await expect.poll(() => next.evaluate(async u => Boolean(await caches.match(u)), stale)).toBe(false)
    await expect(next.locator('.slidev-page-1 h1')).toHaveText(/Concurrency vs Parallelism/)
    expect(count.loads).toBe(1)
    expect(errors).toEqual([])
  }
  finally {
    await close(own)
    await rm(dir, { recursive: true, force: true })
  }
})
