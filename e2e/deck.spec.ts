import { expect, slideCount, test } from './fixtures'

test.describe('the deck', () => {
  test('every slide renders with content, no errors and no request off loopback', async ({ page, net }) => {
    test.setTimeout(300_000)
    const total = await slideCount()
    expect(total).toBeGreaterThan(5)
    for (let no = 1; no <= total; no++) {
      await page.goto(`/${no}`)
      const slide = page.locator(`.slidev-page-${no} .slidev-layout`)
      await expect(slide, `slide ${no}`).toBeVisible()
      await expect.poll(async () => (await slide.innerText()).trim().length, { message: `slide ${no} has text` }).toBeGreaterThan(0)
    }
    expect(net.external).toEqual([])
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
