import type { Locator, Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { expect, slideCount, slideOf, test } from './fixtures'
import { bodyText, boxAgainstViewport, codeText, effectiveTextSizes, READABLE, readingMisses, sidewaysOverflow, smallestText } from './reading-checks'

// The shared link on a phone held upright: the talk as one page that scrolls, each slide
// reflowed to the screen (components/ReadingView.vue). What a reader sees is measured in the
// page by e2e/reading-checks.ts (font size × every scale the page applies), so the WebKit
// suite can run the same checks.
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 }
test.use(PHONE)

const CELL = 'blocking-vs-awaiting'
const PY_CELL = 'blocking-vs-awaiting-py'
/** Editors and compilers a reader does not need until they edit. */
const EDITOR = /monaco|editor\.worker|ts\.worker|esbuild/

const smallestOf = async (page: Page, selector: string) => smallestText(await page.evaluate(effectiveTextSizes, selector))
const smallest = async (page: Page, selector: string) => (await smallestOf(page, selector)).effective

/** Scrolls slide `no` to the top, as a reader gets there, and waits for it to render (and reflow). */
async function readTo(page: Page, no: number) {
  await page.locator(`#slide-${no}`).evaluate(el => el.scrollIntoView({ block: 'start' }))
  await expect(page.locator(`#slide-${no}`)).toHaveAttribute('data-reading', 'ready')
  await expect(page.locator(`.slidev-page-${no} .slidev-layout`)).toBeVisible()
}

/** Whether slide `no` starts at the top of what the reader sees (right under the reading view's bar, within a pixel). */
const atTop = (page: Page, no: number) => page.evaluate(n => Math.abs(document.getElementById(`slide-${n}`)!.getBoundingClientRect().top
  - document.querySelector('.reading-bar')!.getBoundingClientRect().bottom) <= 1, no)

/** The requests the page made whose address matches `pattern`. */
function requests(page: Page, pattern: RegExp) {
  const seen: string[] = []
  page.on('request', (r) => { if (pattern.test(r.url())) seen.push(r.url()) })
  return seen
}

/** Its timeline is inside the screen's width and inside the cell, its labels at least 11 px to the eye. */
async function timelineFits(page: Page, cell: Locator, id: string) {
  const svg = cell.locator('.live-cell__timeline svg[role="img"]')
  await svg.scrollIntoViewIfNeeded()
  const box = (await page.evaluate(boxAgainstViewport, `[data-cell="${id}"] .live-cell__timeline svg[role="img"]`))!
  expect(box.left, 'timeline inside the screen').toBeGreaterThanOrEqual(0)
  expect(box.right, 'timeline inside the screen').toBeLessThanOrEqual(box.viewport)
  const [cellBox, svgBox] = [await cell.boundingBox(), await svg.boundingBox()]
  expect(svgBox!.y + svgBox!.height, 'timeline inside its cell').toBeLessThanOrEqual(cellBox!.y + cellBox!.height + 1)
  const labels = await smallest(page, `[data-cell="${id}"] .live-cell__timeline svg :is(text, tspan)`)
  expect(labels, 'timeline labels, effective px').toBeGreaterThanOrEqual(READABLE.labels)
  return labels
}

test.describe('the reading view on a phone held upright', () => {
  test('every slide reads: body text at least 16 px and code 13 px to the eye, no sideways scroll, no editor loaded, axe clean', async ({ page }) => {
    test.setTimeout(180_000)
    // Before: the same phone asking for the slides gets the canvas shrunk to the width.
    await page.goto('/4?slides')
    await expect(page.locator('.slidev-page-4 .slidev-layout')).toBeVisible()
    const slides = { body: await smallest(page, bodyText(4)), code: await smallest(page, codeText(4)) }
    expect(slides.body, 'on the slides, body text is small').toBeLessThan(10)

    const editor = requests(page, EDITOR)
    await page.goto('/1')
    await expect(page.locator('.reading-view')).toBeVisible()
    await expect(page.locator('html')).toHaveAttribute('data-deck-mode', 'viewer') // a reader's page, even on the speaker's machine
    const total = await slideCount()
    await expect(page.locator('.reading-slide')).toHaveCount(total)
    const found: string[] = []
    let body = Infinity
    let code = Infinity
    for (let no = 1; no <= total; no++) {
      await readTo(page, no)
      const [b, c] = [await smallestOf(page, bodyText(no)), await smallestOf(page, codeText(no))]
      found.push(...readingMisses(no, b, c, await page.evaluate(sidewaysOverflow)))
      body = Math.min(body, b.effective)
      code = Math.min(code, c.effective)
    }
    expect(found).toEqual([])
    test.info().annotations.push({ type: 'effective text size (px), slides -> reading view', description: `body ${slides.body.toFixed(1)} -> ${body.toFixed(1)}, code ${slides.code.toFixed(1)} -> ${code.toFixed(1)}` })

    // Every slide is on the page now, one of them with its notes open: axe on all of it.
    const notes = page.locator('#slide-2 .reading-notes')
    await notes.locator('summary').tap()
    await expect(notes.locator('.reading-notes__text')).toBeVisible()
    const { violations } = await new AxeBuilder({ page }).setLegacyMode(true).include('.reading-view').analyze()
    expect(violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => `${v.id}: ${v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | ')}`)).toEqual([])
    await expect(page.locator('.monaco-editor')).toHaveCount(0)
    expect(editor, 'no editor or compiler for a reader who has not edited').toEqual([])
  })

  test('a cell runs to done on the phone, Stop stops it, and its timeline fits the screen with labels to read', async ({ page }) => {
    const editor = requests(page, EDITOR)
    await page.goto(`/${await slideOf(CELL)}`)
    const cell = page.locator(`[data-cell="${CELL}"]`)
    await expect(cell).toHaveAttribute('role', 'region')
    await expect(cell.locator('.code-editor__fallback')).toContainText('blocking')
    // Run, Stop while it runs, Run again to the end (a tap each, as on a phone).
    await cell.getByRole('button', { name: 'Run' }).tap()
    await expect(cell).toHaveAttribute('data-state', 'running')
    await cell.getByRole('button', { name: 'Stop' }).tap()
    await expect(cell).toHaveAttribute('data-state', 'stopped')
    await cell.getByRole('button', { name: 'Run' }).tap()
    await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 30_000 })
    await expect(cell.getByRole('log')).toContainText(/blocking: 3\d\d\d ms/)
    await expect(cell.getByRole('log')).toContainText(/awaiting: 1\d\d\d ms/)
    await expect(cell.locator('svg[role="img"]')).toHaveAttribute('aria-label', /speedup \d/)
    const labels = await timelineFits(page, cell, CELL)
    expect((await page.evaluate(sidewaysOverflow)).scroll).toBeLessThanOrEqual(0)
    test.info().annotations.push({ type: 'timeline labels', description: `${labels.toFixed(1)} px effective` })
    const { violations } = await new AxeBuilder({ page }).setLegacyMode(true).include(`[data-cell="${CELL}"]`).analyze()
    expect(violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id)).toEqual([])
    expect(editor, 'Run needs no editor').toEqual([])
  })

  test('a Python cell runs there too: Pyodide loads at its first Run, not before', async ({ page }) => {
    test.setTimeout(120_000)
    const pyodide = requests(page, /pyodide/)
    await page.goto(`/${await slideOf(PY_CELL)}`)
    const cell = page.locator(`[data-cell="${PY_CELL}"]`)
    await expect(cell).toHaveAttribute('data-lang', 'python')
    await expect(page.locator('html')).toHaveAttribute('data-live-cells', 'ready')
    expect(pyodide, 'nothing of Python before a Python Run').toEqual([])
    await cell.getByRole('button', { name: 'Run' }).tap()
    await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 90_000 })
    await expect(cell.getByRole('log')).toContainText(/gather: 1\d\d\d ms/)
    expect(pyodide.some(u => u.endsWith('.wasm'))).toBe(true)
    await timelineFits(page, cell, PY_CELL)
  })

  test('a slide\'s address opens the page at that slide, and reading on moves the address', async ({ page }) => {
    await page.goto('/12?viewer')
    await expect.poll(() => atTop(page, 12)).toBe(true)
    await expect(page.locator('.slidev-page-12 .slidev-layout')).toBeVisible()
    // Slides above render as the page settles: the reader's place does not move.
    await expect(page.locator('.slidev-page-11 .slidev-layout')).toBeAttached()
    expect(await atTop(page, 12)).toBe(true)
    await expect(page).toHaveURL(/\/12\?viewer$/)
    // Reading on: the address follows (and keeps its query), so a copied link opens here.
    await page.locator('#slide-14').evaluate(el => window.scrollBy(0, el.getBoundingClientRect().top - 60))
    await expect(page).toHaveURL(/\/14\?viewer$/)
    await expect(page.locator('.reading-bar')).toContainText('14 /')
    // The last slide cannot reach the top of the screen; its address stays.
    const last = await slideCount()
    await page.goto(`/${last}`)
    await expect(page.locator(`.slidev-page-${last} .slidev-layout`)).toBeVisible()
    await expect(page.locator(`.slidev-page-${last - 1} .slidev-layout`)).toBeVisible()
    // The slide being read is the last one (the bar says so): an address change already
    // waiting is then dropped, as the page is where its address says.
    await expect(page.locator('.reading-bar')).toContainText(`${last} /`)
    await expect(page).toHaveURL(new RegExp(`/${last}$`))
  })

  test('turned to landscape, the phone shows the slides at the slide being read; upright again, the page at that slide', async ({ page }) => {
    const no = await slideOf(CELL)
    await page.goto(`/${no}`)
    await expect(page.locator(`.slidev-page-${no} [data-cell="${CELL}"]`)).toBeVisible()
    await page.setViewportSize({ width: 844, height: 390 })
    await expect(page.locator('.reading-view')).toHaveCount(0)
    await expect(page.locator('#slide-content')).toBeVisible() // Slidev's canvas
    await expect(page.locator(`.slidev-page-${no} .slidev-layout`)).toBeVisible()
    expect(await page.locator('#slide-content').evaluate(el => getComputedStyle(el).transform), 'the canvas, scaled to the screen').toMatch(/^matrix/)
    await page.keyboard.press('ArrowRight')
    await expect(page).toHaveURL(new RegExp(`/${no + 1}$`))
    await page.setViewportSize(PHONE.viewport)
    await expect(page.locator('.reading-view')).toBeVisible()
    await expect.poll(() => atTop(page, no + 1)).toBe(true)
  })
})

test.describe('on request, in a wide window', () => {
  test.use({ viewport: { width: 1280, height: 720 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 })

  test('the slides, until the navigation bar\'s Reading view (?read); its Slides link goes back', async ({ page }) => {
    await page.goto('/3')
    await expect(page.locator('#slide-content')).toBeVisible()
    await expect(page.locator('.reading-view')).toHaveCount(0)
    await page.getByRole('link', { name: 'Reading view' }).click()
    await expect(page).toHaveURL(/\/3\?read$/)
    await expect(page.locator('.reading-view')).toBeVisible()
    await expect.poll(() => atTop(page, 3)).toBe(true)
    expect(await smallest(page, bodyText(3))).toBeGreaterThanOrEqual(16)
    await page.getByRole('link', { name: 'Slides' }).click()
    await expect(page).toHaveURL(/\/3\?slides$/)
    await expect(page.locator('#slide-content')).toBeVisible()
    await expect(page.locator('.reading-view')).toHaveCount(0)
  })
})
