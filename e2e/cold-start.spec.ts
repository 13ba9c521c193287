import type { Browser, Locator, Page } from '@playwright/test'
import { cpus } from 'node:os'
import { bestOf, expect, guard, slideOf, test } from './fixtures'
import { type CellRun, cellRun, cpuPoints, statedSpeedups, summary } from './points'

// The cold path: a CPU demo's slide loaded fresh (after a reload, or from a link to that
// slide) and Run pressed the moment the cell shows, while the deck is still starting up
// (compiler, editor and its language service, burn's rates). The run waits for that
// start-up and then has the cores to itself, so from the first click no number on the
// slide is more than the cores can give, and `burn(ms)` takes ms. CPU speedups take the
// best of a few runs, each on a fresh page: another tenant's load on this shared machine
// only ever slows a run down (and the deck then says so).
test.setTimeout(180_000)
/** Fresh pages per CPU demo at most: a shared VM's neighbours can slow a few runs in a row (each says so). */
const TRIES = 5

type Run = CellRun

/**
 * A fresh context (no rates remembered), the cell's slide, Run as soon as it shows;
 * `count` counts elements in the finished cell (bars, chart points) before the page closes.
 */
async function freshRun(browser: Browser, baseURL: string, id: string, count: Record<string, string> = {}): Promise<Run> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' })
  try {
    const page = await context.newPage()
    const net = await guard(page)
    const run = await runOnArrival(page, id)
    const cell = page.locator(`[data-cell="${id}"]`)
    run.counts = Object.fromEntries(await Promise.all(Object.entries(count).map(async ([k, sel]) => [k, await cell.locator(sel).count()])))
    expect(net.external, 'requests that left loopback').toEqual([])
    expect(net.pageErrors, 'uncaught page errors').toEqual([])
    expect(net.consoleErrors, 'console errors').toEqual([])
    return run
  }
  finally { await context.close() }
}

async function runOnArrival(page: Page, id: string): Promise<Run> {
  await page.goto(`/${await slideOf(id)}`)
  const cell = page.locator(`[data-cell="${id}"]`)
  await cell.getByRole('button', { name: 'Run' }).click() // as soon as it can be clicked
  await expect(cell).toHaveAttribute('data-state', /^(done|error|timeout)$/, { timeout: 120_000 })
  return read(cell)
}

async function read(cell: Locator): Promise<Run> {
  const svg = cell.locator('.live-cell__timeline svg[role="img"]')
  return cellRun({
    log: await cell.getByRole('log').innerText(),
    label: (await svg.count()) ? (await svg.getAttribute('aria-label')) ?? '' : '',
    state: (await cell.getAttribute('data-state')) ?? '',
  })
}

const machine = { cores: cpus().length }
const cores = machine.cores

test.describe('a CPU demo run the moment its slide first shows', () => {
  // Each demo's point is written once, in e2e/points.ts (the Firefox and WebKit suites check
  // the same): no stated speedup above min(lanes, cores), burn(ms) taking ms, a real gain
  // from the pool and no gain under the GIL, Amdahl's fit from fair points only.
  const demos: Array<[string, string]> = [
    ['processes-pool', 'processes-pool: a real speedup, never above min(workers, cores)'],
    ['gil-cpu', 'gil-cpu: burn(500 × n) takes that long, the GIL gives ~1x, no GIL about the cores'],
    ['http-parse', 'http-parse: the sequential 8 × (100 ms wait + 200 ms parse) takes ~2.4 s; no impossible speedup'],
    ['io-vs-cpu', 'io-vs-cpu: three burn(500) take 1.5 s in turn and at once (~1x), waits overlap (~3x)'],
    ['amdahl', 'amdahl: measured points no higher than the cores allow, and a fit from fair points only'],
  ]
  for (const [id, title] of demos) {
    test(title, async ({ browser }, info) => {
      const point = cpuPoints[id]
      const { result, seen } = await bestOf(TRIES, () => freshRun(browser, info.project.use.baseURL!, id, point.count), r => point.fair(r, machine), summary)
      expect(point.check(result, machine), seen).toEqual([])
    })
  }
})

test.describe('other work on the machine', () => {
  let hog: Page | undefined
  test.afterEach(async () => { await hog?.context().close(); hog = undefined })

  test('a run while every core is kept busy from outside the deck says it was slowed, and states no speedup', async ({ browser }, info) => {
    const context = await browser.newContext({ baseURL: info.project.use.baseURL, viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' })
    const page = await context.newPage()
    const net = await guard(page)
    // The speaker's rehearsal: the deck measured a free core's speed on this browser.
    await page.goto('/1')
    await expect(page.locator('html')).toHaveAttribute('data-live-cells', 'ready', { timeout: 90_000 })
    // Then other work takes every core: two busy loops per core, in workers of another tab
    // of this browser (so the OS shares the cores among them and the deck's lanes alike:
    // programs outside the browser may sit in another scheduling group), and the slide is
    // opened again.
    hog = await (await browser.newContext({ baseURL: info.project.use.baseURL })).newPage()
    await hog.goto('/favicon.svg')
    await hog.evaluate((n) => {
      const url = URL.createObjectURL(new Blob(['for (;;) {}'], { type: 'text/javascript' }))
      for (let i = 0; i < n; i++) new Worker(url)
    }, 2 * cores)
    const run = await runOnArrival(page, 'processes-pool')
    expect(run.state).toBe('done')
    // It waited for the cores a while, then ran, measured that it was slowed, and says so.
    // (After the deck's own start-up steps, when the page load restarted them.)
    expect(run.log).toMatch(/^Getting ready, so the run has the cores to itself: /)
    expect(run.log).toMatch(/^Getting ready.*: waiting for the cores to be free/m)
    expect(run.log).toMatch(/: \d+ ms \(slowed by other work: \d+% of a free core's speed\)/)
    expect(run.log).toMatch(/Not a fair measurement: other work on this machine slowed "[^"]+" to \d+%/)
    expect(statedSpeedups(run), summary(run)).toEqual([])
    expect(run.label).toMatch(/slowed by other work/)
    // The record carries it: what Replay, the trace and the handout show.
    const record = await page.evaluate(() => JSON.parse(localStorage.getItem('live-cells:record:processes-pool') ?? 'null'))
    expect(Math.min(...record.groups.map((g: { pace: { speed: number } }) => g.pace.speed))).toBeLessThan(0.8)
    expect(net.external).toEqual([])
    expect(net.pageErrors).toEqual([])
    await context.close()
  })
})
