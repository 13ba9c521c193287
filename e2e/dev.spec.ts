import { expect, openCell, slideOfText, test } from './fixtures'

// The README's first command: `npm run dev` (Slidev's dev server, started by the
// playwright config from an empty dependency cache). Cells compile with esbuild-wasm as
// the dev server serves it, run in workers, and shared memory works under its headers;
// Python cells run on the Pyodide files the dev server serves (vite/pyodide.ts).
// The fixture fails a test on any console error, page error or request off loopback.
test.describe('npm run dev', () => {
  test('the first cell runs: three blocking waits take about 3x three awaited ones', async ({ page }) => {
    const cell = await openCell(page, 'blocking-vs-awaiting')
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'done')
    await expect(cell.getByRole('log')).toContainText(/awaiting: \d+ ms \((2\.[5-9]\d|3\.\d\d)x\)/)
    await expect(cell.locator('svg[role="img"]')).toHaveAttribute('aria-label', /^Timeline: blocking 1 lanes? \d+ ms; awaiting 1 lanes? \d+ ms, speedup/)
  })

  test('a parallel cell runs its pool of workers', async ({ page }) => {
    const cell = await openCell(page, 'processes-pool')
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'done')
    const lanes = await page.evaluate(() => navigator.hardwareConcurrency)
    await expect(cell.locator('svg[role="img"]')).toHaveAttribute('aria-label', new RegExp(`pool of ${lanes} ${lanes} lanes`))
    await expect(cell.getByRole('log')).toContainText(/primes: \d+[\s\S]*primes: \d+/)
  })

  test('a threads cell runs over shared memory: the atomic and locked counts are exact', async ({ page }) => {
    const cell = await openCell(page, 'race-counter')
    expect(await page.evaluate(() => crossOriginIsolated), 'the dev server sends COOP/COEP').toBe(true)
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'done')
    await expect(cell.getByRole('log')).toContainText('Atomics.add: 2000000 / 2000000')
    await expect(cell.getByRole('log')).toContainText('a lock: 2000000 / 2000000')
  })

  test('a Python cell runs on Pyodide, served by the dev server itself', async ({ page }) => {
    const cell = await openCell(page, 'futures-gather-py')
    await expect(cell).toHaveAttribute('data-lang', 'python')
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'done')
    await expect(cell.getByRole('log')).toContainText('in start order: /a 200, /b 200, /c 200, /d 200, /e 200')
    await expect(cell.locator('svg[role="img"]')).toHaveAttribute('aria-label', /^Timeline: 5 lanes, \d+ ms$/)
  })

  test('a {monaco-run} block shows its code at once, then runs in a worker', async ({ page }) => {
    await page.goto(`/${await slideOfText('Python\'s yield from')}`)
    const slide = page.locator('.slidev-page').filter({ hasText: 'The same generators, in TypeScript' })
    await expect(slide.locator('.slidev-layout')).toBeVisible()
    // Readable from the first frame: the plain text stands in while Monaco loads.
    expect(await slide.locator('.slidev-monaco-container').innerText()).toContain('function* countdown')
    await slide.getByTitle('Run code').click()
    const output = slide.locator('.slidev-runner-output')
    await expect(output).toContainText('ran in a Web Worker')
    await expect(output).toContainText(/\[ ?2, 1, 1 ?\]/)
  })
})
