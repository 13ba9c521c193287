import type { Browser, Locator, Page } from '@playwright/test'
import { cpus } from 'node:os'
import { bestOf, expect, guard, parseTimelineLabel, slideOf, test } from './fixtures'

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

interface Run { log: string, label: string, state: string, seen?: Record<string, number> }

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
    run.seen = Object.fromEntries(await Promise.all(Object.entries(count).map(async ([k, sel]) => [k, await cell.locator(sel).count()])))
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
  return {
    log: await cell.getByRole('log').innerText(),
    label: (await svg.count()) ? (await svg.getAttribute('aria-label')) ?? '' : '',
    state: (await cell.getAttribute('data-state')) ?? '',
  }
}

const cores = cpus().length
const flagged = (r: Run) => /Not a fair measurement/.test(r.log)
/** Every speedup the run states, on the timeline or in its printed lines, with its lanes where known. */
function statedSpeedups(r: Run): Array<{ where: string, speedup: number, lanes?: number }> {
  const out: Array<{ where: string, speedup: number, lanes?: number }> = []
  if (r.label.startsWith('Timeline: ')) {
    for (const g of parseTimelineLabel(r.label)) if (g.speedup !== undefined) out.push({ where: `timeline ${g.name}`, speedup: g.speedup, lanes: g.lanes })
  }
  for (const m of r.log.matchAll(/^(.*): \d+ ms \(([\d.]+)x\)$/gm)) out.push({ where: `printed ${m[1]}`, speedup: Number(m[2]) })
  return out
}
const ms = (r: Run, mode: string) => Number(new RegExp(`^${mode}: (\\d+) ms`, 'm').exec(r.log)?.[1] ?? Number.NaN)
const summary = (r: Run) => r.log.replace(/\n/g, ' / ')
/** gil-cpu's speedup without a GIL, from its timeline. */
const noGil = (r: Run) => (r.label.startsWith('Timeline: ') ? parseTimelineLabel(r.label).find(g => g.name === 'threads, no GIL')?.speedup : undefined)

/** The run stated no computing speedup above min(lanes, cores) × 1.05 (waiting speedups are per lane). */
function expectNoImpossibleSpeedup(r: Run, computing: (where: string) => boolean) {
  for (const s of statedSpeedups(r).filter(s => computing(s.where))) {
    const lanes = s.lanes ?? cores
    expect(s.speedup, `${s.where} in: ${summary(r)}`).toBeLessThanOrEqual(Math.min(lanes, cores) * 1.05)
  }
}

test.describe('a CPU demo run the moment its slide first shows', () => {
  // A real gain, below the ideal: on this shared 2-core VM the page's own thread and the
  // snippet's worker share the cores with the pool (the bench reports the figures).
  const POOL_AT_LEAST = 0.65
  test('processes-pool: a real speedup, never above min(workers, cores)', async ({ browser }, info) => {
    const { result, seen } = await bestOf(TRIES, () => freshRun(browser, info.project.use.baseURL!, 'processes-pool'),
      r => !flagged(r) && (statedSpeedups(r)[0]?.speedup ?? 0) >= POOL_AT_LEAST * Math.min(2, cores), summary)
    for (const r of [result]) expectNoImpossibleSpeedup(r, () => true)
    expect(flagged(result), seen).toBe(false)
    expect(result.log.match(/primes: 664579/g), seen).toHaveLength(2) // the same answer both ways
    const pool = parseTimelineLabel(result.label).find(g => g.name.startsWith('pool'))!
    expect(pool.lanes).toBe(cores) // one worker per core
    expect(pool.speedup, seen).toBeGreaterThanOrEqual(POOL_AT_LEAST * Math.min(pool.lanes, cores))
  })

  test('gil-cpu: burn(500 × n) takes that long, the GIL gives ~1x, no GIL about the cores', async ({ browser }, info) => {
    const n = Math.max(2, Math.min(cores, 4))
    // The hand-offs show: waits for the lock are drawn hatched on the threads' lanes.
    const { result, seen } = await bestOf(TRIES, () => freshRun(browser, info.project.use.baseURL!, 'gil-cpu', { hatched: 'svg[role="img"] rect[fill^="url("]' }),
      r => !flagged(r) && Math.abs(ms(r, 'one thread') - 500 * n) <= 50 * n && (cores < 2 || (noGil(r) ?? 0) > 1.3), summary)
    expectNoImpossibleSpeedup(result, where => !/GIL/.test(where) || /no GIL/.test(where))
    expect(flagged(result), seen).toBe(false)
    expect(ms(result, 'one thread'), seen).toBeGreaterThanOrEqual(450 * n)
    expect(ms(result, 'one thread'), seen).toBeLessThanOrEqual(550 * n)
    const groups = parseTimelineLabel(result.label)
    expect(groups.find(g => g.name === 'threads + GIL')!.speedup!, seen).toBeLessThanOrEqual(1.15)
    expect(groups.find(g => g.name === 'threads + GIL')!.speedup!, 'the GIL costs a little, it does not halve the speed').toBeGreaterThan(0.6)
    if (cores >= 2) expect(noGil(result), seen).toBeGreaterThan(1.3)
    expect(result.seen!.hatched).toBeGreaterThan(0)
  })

  test('http-parse: the sequential 8 × (100 ms wait + 200 ms parse) takes ~2.4 s; no impossible speedup', async ({ browser }, info) => {
    const { result, seen } = await bestOf(TRIES, () => freshRun(browser, info.project.use.baseURL!, 'http-parse'),
      r => !flagged(r) && Math.abs(ms(r, 'sequential') - 2400) <= 240, summary)
    expectNoImpossibleSpeedup(result, where => /workers/.test(where))
    expect(flagged(result), seen).toBe(false)
    expect(ms(result, 'sequential'), seen).toBeGreaterThanOrEqual(2160)
    expect(ms(result, 'sequential'), seen).toBeLessThanOrEqual(2640)
    // One loop overlaps the waits, not the parsing: at most 2400 / 1600.
    expect(parseTimelineLabel(result.label).find(g => g.name === 'one loop')!.speedup!, seen).toBeLessThanOrEqual(1.6)
  })

  test('io-vs-cpu: three burn(500) take 1.5 s in turn and at once (~1x), waits overlap (~3x)', async ({ browser }, info) => {
    const { result, seen } = await bestOf(TRIES, () => freshRun(browser, info.project.use.baseURL!, 'io-vs-cpu'),
      r => !flagged(r) && Math.abs(ms(r, 'work, in turn') - 1500) <= 150, summary)
    expect(flagged(result), seen).toBe(false)
    for (const mode of ['work, in turn', 'work, at once']) {
      expect(ms(result, mode), `${mode}: ${seen}`).toBeGreaterThanOrEqual(1350)
      expect(ms(result, mode), `${mode}: ${seen}`).toBeLessThanOrEqual(1650)
    }
    const groups = parseTimelineLabel(result.label)
    expect(groups.find(g => g.name === 'work, at once')!.speedup!, seen).toBeLessThanOrEqual(1.05)
    expect(groups.find(g => g.name === 'waits, at once')!.speedup!, seen).toBeGreaterThan(2.5)
  })

  test('amdahl: measured points no higher than the cores allow, and a fit from fair points only', async ({ browser }, info) => {
    const { result, seen } = await bestOf(TRIES, () => freshRun(browser, info.project.use.baseURL!, 'amdahl', { dots: '.live-cell__timeline svg[role="img"] circle.point' }), r => !flagged(r), summary)
    expect(flagged(result), seen).toBe(false)
    const n = Math.max(2, Math.min(cores, 8))
    const points = /measured ([^;]+);/.exec(result.label)?.[1].split(', ').map(p => p.split(': ').map(Number)) ?? []
    expect(points.map(p => p[0]), result.label).toEqual([...Array(n).keys()].map(i => i + 1)) // a point per worker count
    expect(result.seen!.dots).toBe(n) // drawn beside the fitted curve
    for (const [workers, speedup] of points) expect(speedup, result.label).toBeLessThanOrEqual(Math.min(workers, cores) * 1.05)
    expect(result.log, seen).toMatch(new RegExp(`measured up to ${n} workers: p ≈ 0\\.\\d\\d\\n`)) // below 1: not the 0.99 of a slowed first point
    expect(result.log).toMatch(/never above ≈ \d+(\.\d)?x/) // two significant figures
    expect(result.log).not.toMatch(/Infinity|\d\.\d{3}/)
  })
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
    const record = await page.evaluate(() => JSON.parse(localStorage.getItem('cvp:record:processes-pool') ?? 'null'))
    expect(Math.min(...record.groups.map((g: { pace: { speed: number } }) => g.pace.speed))).toBeLessThan(0.8)
    expect(net.external).toEqual([])
    expect(net.pageErrors).toEqual([])
    await context.close()
  })
})
