import type { Locator, Page } from '@playwright/test'
import { expect, openCell, test } from './fixtures'

/** Per compare group, from the timeline's aria-label: name, lanes, wall ms, speedup. */
interface Group { name: string, lanes: number, ms: number, speedup?: number }
function parseLabel(label: string): Group[] {
  return label.replace(/^Timeline: /, '').split('; ').map((part) => {
    const m = /^(.*?)\s*(\d+) lanes?,? ([\d.]+) ms(?:, speedup ([\d.]+)x)?/.exec(part)
    if (!m) throw new Error(`unreadable timeline label part: ${part}`)
    return { name: m[1], lanes: Number(m[2]), ms: Number(m[3]), speedup: m[4] ? Number(m[4]) : undefined }
  })
}

async function runToEnd(cell: Locator, timeout = 45_000) {
  await cell.getByRole('button', { name: 'Run' }).click()
  await expect(cell).toHaveAttribute('data-state', /compiling|running/) // not the previous run's 'done'
  await expect(cell).toHaveAttribute('data-state', 'done', { timeout })
  const svg = cell.locator('svg[role="img"]')
  await expect(svg).toHaveAttribute('aria-label', /^Timeline: .*\d+ lanes?,? \d+ ms/)
  return parseLabel((await svg.getAttribute('aria-label'))!)
}

const cores = (page: Page) => page.evaluate(() => navigator.hardwareConcurrency)

/**
 * Speedups on a shared machine: another tenant's load can only slow a run down,
 * never make it faster than the cores allow, so a run is repeated (up to `tries`, five here)
 * until one shows what the code can do. Every run's figures go in the message.
 */
async function bestOf<T>(tries: number, run: () => Promise<T>, good: (r: T) => boolean): Promise<T> {
  let last!: T
  for (let i = 0; i < tries; i++) {
    last = await run()
    if (good(last)) return last
  }
  return last
}

test.describe('timelines that tell the truth', () => {
  test('the deck is cross-origin isolated, so shared memory works', async ({ page }) => {
    await page.goto('/1')
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function')
  })

  test('blocking waits take turns, awaited waits overlap', async ({ page }) => {
    const cell = await openCell(page, 'blocking-vs-awaiting')
    const [blocking, awaiting] = await runToEnd(cell)
    expect(blocking.ms).toBeGreaterThanOrEqual(2900)
    expect(awaiting.ms).toBeLessThan(1500)
    expect(awaiting.speedup).toBeGreaterThan(2)
  })

  test('a process pool speeds CPU work up by about the core count', async ({ page }) => {
    test.setTimeout(180_000)
    const cell = await openCell(page, 'processes-pool')
    const n = await cores(page)
    const seen: string[] = []
    const best = await bestOf(5, async () => {
      const [sequential, pool] = await runToEnd(cell)
      expect(pool.lanes).toBe(n)
      seen.push(`${pool.speedup}x (pool ${pool.ms} ms, one by one ${sequential.ms} ms)`)
      return pool.speedup ?? 0
    }, x => x >= 0.8 * n)
    expect(best, `best of ${seen.join(', ')} on ${n} cores`).toBeGreaterThanOrEqual(0.8 * n)
  })

  test('CPU-bound threads with the GIL gain nothing; without it they run in parallel', async ({ page }) => {
    test.setTimeout(180_000)
    const cell = await openCell(page, 'gil-cpu')
    const n = await cores(page)
    const seen: string[] = []
    // With the GIL: no gain. Without it: clearly faster than with it (on 2+ cores).
    const ok = (r: { gil: number, free: number }) => r.gil <= 1.15 && (n < 2 || r.free > 1.3 * r.gil)
    const best = await bestOf(5, async () => {
      const groups = await runToEnd(cell)
      const withGil = groups.find(g => /GIL/.test(g.name) && !/no GIL/.test(g.name))!
      const noGil = groups.find(g => /no GIL/.test(g.name))!
      seen.push(`GIL ${withGil.speedup}x, no GIL ${noGil.speedup}x`)
      return { gil: withGil.speedup ?? 0, free: noGil.speedup ?? 0 }
    }, ok)
    expect(ok(best), `runs: ${seen.join('; ')} on ${n} cores`).toBe(true)
    // The hand-offs show: waits for the lock are drawn on the threads' lanes.
    await expect(cell.locator('svg[role="img"] rect[fill^="url("]').first()).toBeAttached()
  })

  test('I/O-bound threads still overlap under the GIL', async ({ page }) => {
    const cell = await openCell(page, 'gil-io')
    const [oneByOne, threads] = await runToEnd(cell)
    expect(threads.speedup, `${threads.ms} ms vs ${oneByOne.ms} ms`).toBeGreaterThan(1.8)
  })

  test('a plain shared counter loses updates; the atomic one and the lock are exact', async ({ page }) => {
    const cell = await openCell(page, 'race-counter')
    // Two threads that happen not to overlap (one descheduled by a busy host) lose
    // nothing, in Python too; so up to five runs, until the plain ++ shows the race.
    const counts = await bestOf(5, async () => {
      await runToEnd(cell)
      const text = await cell.getByRole('log').innerText()
      return [...text.matchAll(/: (\d+) \/ 2000000/g)].map(m => Number(m[1]))
    }, c => c[0] < 2_000_000)
    expect(counts).toHaveLength(3)
    expect(counts[0], 'plain ++ loses updates').toBeLessThan(2_000_000)
    expect(counts[1], 'Atomics.add is exact').toBe(2_000_000)
    expect(counts[2], 'the lock is exact').toBe(2_000_000)
  })

  test('bars appear while the run goes, not only at the end', async ({ page }) => {
    const cell = await openCell(page, 'blocking-vs-awaiting')
    await cell.getByRole('button', { name: 'Run' }).click()
    const svg = cell.locator('svg[role="img"]')
    await expect(svg).toHaveAttribute('data-running', 'true')
    await expect(cell).toHaveAttribute('data-state', 'running')
    await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 20_000 })
    await expect(svg).toHaveAttribute('data-running', 'false')
  })
})
