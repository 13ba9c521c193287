import type { Page } from '@playwright/test'
import { chromium } from '@playwright/test'
import { chromiumArgs, launchOptions } from '../addon/scripts/chromium.mjs'
import { expect, goToCell, guard, isLocal, sharedPage, slideOf, slideOfText, test } from './fixtures'
import { JS_BOMB, launchChromium, memoryBombs, openDeck, puppeteerPage } from './memory-bomb'

// The README's first command: `npm run dev` (Slidev's dev server, started by the
// playwright config from an empty dependency cache). Cells compile with esbuild-wasm as
// the dev server serves it, run in workers, and shared memory works under its headers;
// Python cells run on the Pyodide files the dev server serves (vite/pyodide.ts).
// As a speaker uses it: one page, slide to slide (each page load of a cold dev server
// fetches hundreds of modules). No console error, page error or request off loopback.
const shared = sharedPage()
let page: Page
test.beforeAll(() => { page = shared.page })

/** The slide of cell `id`: loaded the first time, then reached with Slidev's "go to". */
async function openCell(id: string) {
  if (/\/\d+/.test(page.url())) return goToCell(page, id)
  const no = await slideOf(id)
  await page.goto(`/${no}`)
  const cell = page.locator(`.slidev-page-${no} [data-cell="${id}"]`)
  await expect(cell.locator('.code-editor')).toHaveAttribute('data-ready', 'true')
  return cell
}

test.describe('npm run dev', () => {
  test('the first cell runs: three blocking waits take about 3x three awaited ones', async () => {
    const cell = await openCell('blocking-vs-awaiting')
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'done')
    await expect(cell.getByRole('log')).toContainText(/awaiting: \d+ ms \((2\.[5-9]\d|3\.\d\d)x\)/)
    await expect(cell.locator('svg[role="img"]')).toHaveAttribute('aria-label', /^Timeline: blocking 1 lanes? \d+ ms; awaiting 1 lanes? \d+ ms, speedup/)
  })

  test('a parallel cell runs its pool of workers', async () => {
    const cell = await openCell('processes-pool')
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'done')
    const lanes = await page.evaluate(() => navigator.hardwareConcurrency)
    await expect(cell.locator('svg[role="img"]')).toHaveAttribute('aria-label', new RegExp(`pool of ${lanes} ${lanes} lanes`))
    await expect(cell.getByRole('log')).toContainText(/primes: \d+[\s\S]*primes: \d+/)
  })

  test('a threads cell runs over shared memory: the atomic and locked counts are exact', async () => {
    const cell = await openCell('race-counter')
    expect(await page.evaluate(() => crossOriginIsolated), 'the dev server sends COOP/COEP').toBe(true)
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'done')
    await expect(cell.getByRole('log')).toContainText('Atomics.add: 2000000 / 2000000')
    await expect(cell.getByRole('log')).toContainText('a lock: 2000000 / 2000000')
  })

  test('a Python cell runs on Pyodide, served by the dev server itself', async () => {
    const cell = await openCell('futures-gather-py')
    await expect(cell).toHaveAttribute('data-lang', 'python')
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'done')
    await expect(cell.getByRole('log')).toContainText('in start order: /a 200, /b 200, /c 200, /d 200, /e 200')
    await expect(cell.locator('svg[role="img"]')).toHaveAttribute('aria-label', /^Timeline: 5 lanes, \d+ ms$/)
  })

  test('the runs live in the runner frame, its code bundled by the dev server; three memory bombs end alone', async () => {
    test.setTimeout(240_000)
    expect(await page.locator('iframe.live-cells-runner').count(), 'the runner frame (Chromium)').toBe(1)
    // Puppeteer, not Playwright: Playwright gives a page up when one of its frames' processes ends (e2e/memory-bomb.ts).
    const browser = await launchChromium({ executablePath: launchOptions().executablePath ?? chromium.executablePath(), args: chromiumArgs })
    try {
      const deck = await openDeck(browser, new URL(`/${await slideOf('blocking-vs-awaiting')}`, page.url()).href, isLocal)
      await memoryBombs(puppeteerPage(deck.page), { id: 'blocking-vs-awaiting', bomb: JS_BOMB, good: 'console.log("alive")', log: line => console.log(`    ${line}`) })
      expect([...deck.external, ...deck.errors], 'requests off loopback, console and page errors').toEqual([])
    }
    finally { await browser.close() }
  })

  test('a {monaco-run} block shows its code at once, then runs in a worker', async () => {
    // A page of its own: the block's code must be readable from its first frame.
    const fresh = await page.context().newPage()
    const net2 = await guard(fresh)
    await fresh.goto(`/${await slideOfText('Python\'s yield from')}`)
    const slide = fresh.locator('.slidev-page').filter({ hasText: 'The same generators, in TypeScript' })
    await expect(slide.locator('.slidev-layout')).toBeVisible()
    expect(await slide.locator('.slidev-monaco-container').innerText()).toContain('function* countdown')
    await slide.getByTitle('Run code').click()
    const output = slide.locator('.slidev-runner-output')
    await expect(output).toContainText('ran in a Web Worker')
    await expect(output).toContainText(/\[ ?2, 1, 1 ?\]/)
    expect([...net2.external, ...net2.pageErrors, ...net2.consoleErrors]).toEqual([])
    await fresh.close()
  })
})
