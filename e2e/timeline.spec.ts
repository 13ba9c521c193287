import { expect, openCell, test } from './fixtures'

test.describe('timelines that tell the truth', () => {
  test('the deck is cross-origin isolated, so shared memory works', async ({ page }) => {
    await page.goto('/1')
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function')
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
