import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { serve } from '../scripts/serve.mjs'
import { expect, slideCount, slideOf, test } from './fixtures'

// The deck as people open it after the talk: built for a sub-path (`--base /talk/`) and
// put on a static host that sends no headers and has no rewrites, like GitHub Pages
// (a folder answers with its index.html, anything else with 404.html and status 404).
// One build for the file; each check gets its own browser context (a fresh browser
// profile: no service worker yet).
const BASE = '/talk/'
const CELL = 'blocking-vs-awaiting' // block() needs cross-origin isolation

const close = (server: Server) => new Promise<void>((done) => {
  server.closeAllConnections()
  server.close(() => done())
})
const siteOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}${BASE}`
const githubPages = (dir: string) => serve(dir, 0, '127.0.0.1', { base: BASE, githubPages: true })
const isolated = (page: Page) => () => page.evaluate(() => crossOriginIsolated).catch(() => false)
/** Counts the page's document loads (not route changes inside the deck). */
function countLoads(page: Page) {
  const count = { loads: 0 }
  page.on('load', () => count.loads++)
  return count
}
/** The deck's precache (Workbox's cache for this scope): the URLs it holds. */
const precached = (page: Page) => page.evaluate(async () => {
  const name = (await caches.keys()).find(n => n.startsWith('workbox-precache'))
  return name ? (await (await caches.open(name)).keys()).map(r => r.url) : []
})

// The service worker is what this file checks (the config blocks it for the others).
test.use({ serviceWorkers: 'allow' })
// A first visit downloads the whole deck (~30 MB) before it is isolated: seconds, more
// on a busy shared machine.
test.describe.configure({ timeout: 120_000 })

let out: string
let server: Server
let site: string

test.beforeAll(async () => {
  test.setTimeout(180_000)
  // A folder of this run's own, outside test-results/: Playwright empties that at the
  // start of every run, and two runs in one checkout would rebuild the same folder
  // under each other's feet.
  out = await mkdtemp(join(tmpdir(), 'cvp-dist-talk-'))
  await promisify(execFile)(process.execPath, ['node_modules/@slidev/cli/bin/slidev.mjs', 'build', '--base', BASE, '--out', out], { maxBuffer: 64 * 1024 * 1024 })
  server = await githubPages(out)
  site = siteOf(server)
})
test.afterAll(async () => {
  if (server) await close(server)
  if (out) await rm(out, { recursive: true, force: true })
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
  expect(await page.evaluate(() => sessionStorage.getItem('cvp:isolation-reload')), 'the reload guard is cleared once isolated').toBeNull()
  expect(count.loads).toBe(before + 1)
})

test('offline after one visit: a reload shows the deck from the cache and a cell runs', async ({ page }) => {
  // A server of its own, so the test can cut the network by stopping it.
  const own = await githubPages(out)
  const url = `${siteOf(own)}${await slideOf(CELL)}`
  await page.goto(url)
  await expect.poll(isolated(page), { timeout: 60_000 }).toBe(true) // the worker is active: the deck is cached
  await close(own)
  await page.context().setOffline(true)

  await page.reload()
  expect(await page.evaluate(() => crossOriginIsolated), 'the cached pages carry the headers').toBe(true)
  const cell = page.locator(`[data-cell="${CELL}"]`)
  await expect(cell.locator('.code-editor')).toHaveAttribute('data-ready', 'true')
  await cell.getByRole('button', { name: 'Run' }).click()
  await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 30_000 })
  await expect(cell.getByRole('log')).toContainText('awaiting')
})

test('a new deploy replaces the old cache entries once the old tabs are closed', async ({ page, context }) => {
  // A copy of the site, whose sw.js is then changed the way a rebuild changes it.
  const dir = `${out}-deploy`
  await rm(dir, { recursive: true, force: true })
  await cp(out, dir, { recursive: true })
  const own = await githubPages(dir)
  try {
    const url = `${siteOf(own)}1`
    await page.goto(url)
    await expect.poll(isolated(page), { timeout: 60_000 }).toBe(true)
    const old = (await precached(page)).find(u => u.includes('index.html?__WB_REVISION__='))
    expect(old, 'index.html is precached with its revision').toBeTruthy()

    // Deploy: index.html changed, so its revision in the manifest does.
    const revision = new URL(old!).searchParams.get('__WB_REVISION__')!
    const sw = await readFile(`${dir}/sw.js`, 'utf8')
    expect(sw).toContain(revision)
    await writeFile(`${dir}/sw.js`, sw.replaceAll(revision, 'new-deploy'))

    // The open tab finds the update, which installs and waits: this tab keeps its version.
    await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())?.update() })
    await expect.poll(() => page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(true)
    expect(await precached(page)).toContain(old)

    // Last tab closed: the new worker takes over; the next visit is isolated at once, and
    // the old entry is gone.
    await page.close()
    const next = await context.newPage()
    const errors: string[] = []
    next.on('console', m => m.type() === 'error' && errors.push(m.text()))
    const count = countLoads(next)
    await next.goto(url)
    expect(await next.evaluate(() => crossOriginIsolated)).toBe(true)
    await expect.poll(() => precached(next)).toContain(old!.replace(revision, 'new-deploy'))
    expect(await precached(next)).not.toContain(old)
    await expect(next.locator('.slidev-page-1 h1')).toHaveText(/Concurrency vs Parallelism/)
    expect(count.loads).toBe(1)
    expect(errors).toEqual([])
  }
  finally {
    await close(own)
    await rm(dir, { recursive: true, force: true })
  }
})
