import type { Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { expect, slideOf, test } from './fixtures'

// A viewer on a phone who opened a shared link (?viewer: the deck decides by host, and
// this one is loopback) and asked for the slides (?slides: held upright, a phone gets the
// reading view, which e2e/reading.spec.ts checks): a slide fits the width, a swipe goes to
// the next one, a cell's code shows as text (the editor loads when the viewer reaches for
// it), and axe finds nothing serious.
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 })

/** A horizontal swipe with one finger, as touch events (what Slidev's swipe controls read). */
async function swipeLeft(page: Page) {
  const cdp = await page.context().newCDPSession(page)
  const y = 250 // above the slide canvas (on the page around it): content that scrolls sideways keeps its own swipe
  const point = (x: number) => [{ x, y, id: 1 }]
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(320) })
  for (let x = 290; x >= 80; x -= 30) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(x) })
    await new Promise(resolve => setTimeout(resolve, 16)) // a finger moves once a frame
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
  await cdp.detach()
}

const noSideways = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - document.scrollingElement!.clientWidth)

test('a phone asking for the slides: they fit the width, a swipe turns the page, a cell shows its code without the editor, axe is clean', async ({ page }) => {
  const no = await slideOf('blocking-vs-awaiting')
  await page.goto(`/${no - 1}?viewer&slides`)
  await expect(page.locator(`.slidev-page-${no - 1} .slidev-layout`)).toBeVisible()
  expect(await noSideways(page), 'no horizontal scroll').toBeLessThanOrEqual(0)
  await expect(page.locator('html')).toHaveAttribute('data-live-cells', 'ready') // the deck has started

  // Each swipe goes forward (a slide, or its next click), until the cell's slide.
  for (let i = 0; i < 6 && !new RegExp(`/${no}(\\?.*)?$`).test(page.url()); i++) {
    const before = page.url()
    await swipeLeft(page)
    await expect(page).not.toHaveURL(before)
  }
  await expect(page).toHaveURL(new RegExp(`/${no}(\\?.*)?$`))
  const cell = page.locator(`.slidev-page-${no} [data-cell="blocking-vs-awaiting"]`)
  await expect(cell).toBeVisible()
  expect(await noSideways(page), 'no horizontal scroll on a cell slide').toBeLessThanOrEqual(0)

  // The code as text, focusable; no editor until the viewer reaches for it.
  const code = cell.locator('.code-editor__fallback')
  await expect(code).toContainText('blocking')
  await expect(cell.locator('.monaco-editor')).toHaveCount(0)
  const { violations } = await new AxeBuilder({ page }).setLegacyMode(true).include(`.slidev-page-${no}`).analyze()
  expect(violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(' | ')}`)).toEqual([])

  // A tap on the code brings the editor.
  await code.tap()
  await expect(cell.locator('.code-editor')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 })
  await expect(cell.locator('.monaco-editor')).toBeVisible()
})
