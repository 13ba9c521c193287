import { expect, test } from './fixtures'

test.describe('the deck', () => {
  test('is cross-origin isolated (the server sends COOP/COEP), so shared memory works', async ({ page }) => {
    await page.goto('/1')
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true)
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function')
  })

  test('the title slide names the talk, with local fonts and favicon', async ({ page }) => {
    await page.goto('/1')
    await expect(page.locator('.slidev-page-1 h1')).toHaveText(/Concurrency vs Parallelism/)
    await expect(page).toHaveTitle(/Concurrency vs Parallelism/)
    const icon = await page.locator('link[rel="icon"]').getAttribute('href')
    expect(icon).toMatch(/^\/?favicon\.svg$/)
    // The bundled face is really in use (not a silent fallback to a system font).
    await expect.poll(() => page.evaluate(() => document.fonts.check('16px "Nunito Sans"'))).toBe(true)
  })

  test('arrow keys and space navigate', async ({ page }) => {
    // Each key is pressed once the slide it lands on has settled (its transition over).
    const settled = async (no: number) => {
      await expect(page).toHaveURL(new RegExp(`/${no}(\\?.*)?$`))
      await expect(page.locator(`.slidev-page-${no} .slidev-layout`)).toBeVisible()
      await expect(page.locator('[class*="-enter-active"], [class*="-leave-active"]')).toHaveCount(0)
    }
    await page.goto('/1')
    await settled(1)
    await page.keyboard.press('ArrowRight')
    await settled(2)
    await page.keyboard.press('Space')
    await settled(3)
    await page.keyboard.press('ArrowLeft')
    await settled(2)
  })

  test('the presenter view opens with notes', async ({ page }) => {
    await page.goto('/presenter/2')
    await expect(page.locator('.slidev-presenter')).toBeVisible()
    await expect(page.locator('.slidev-note')).not.toHaveCount(0)
  })
})
