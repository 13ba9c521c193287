import type { Locator, Page } from '@playwright/test'
import AxeBuilder from '@axe-core/playwright'
import { chrome, CODE_BACKGROUND, palette, projectorLight } from '../addon/setup/projector-theme'
import { expect, openCell, slideCount, test, typeCode } from './fixtures'

// Legible on a projector, usable by keyboard and screen reader (docs/accessibility.md):
// axe finds nothing serious or critical on any slide, nor on a live cell in each state.

const CELL = 'blocking-vs-awaiting'

/**
 * axe's serious and critical findings on the page (or only in `include`), one readable
 * line each. Legacy mode runs axe in the page itself: no helper page per run (the deck
 * has no frames for the default mode to visit), about twice as fast.
 */
async function seriousViolations(page: Page, include: string[] = []): Promise<string[]> {
  const axe = new AxeBuilder({ page }).setLegacyMode(true)
  for (const selector of include) axe.include(selector)
  const { violations } = await axe.analyze()
  return violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | ')}`)
}

/** Editors draw their text, then colour it once Shiki's tokenizer has run: wait for both. */
async function editorsSettled(slide: Locator) {
  const cells = slide.locator('.code-editor')
  for (let i = 0; i < await cells.count(); i++) await expect(cells.nth(i)).toHaveAttribute('data-ready', 'true')
  if (await slide.locator('.slidev-monaco-container, .code-editor').count()) {
    await expect(slide.locator('.monaco-editor').first()).toBeVisible()
    await expect(slide.locator('.monaco-editor .view-line span[class^="mtk"]:not(.mtk1)').first()).toBeAttached()
  }
}

/** The slide on screen, from the URL. */
const slideOnScreen = (page: Page) => Number(new URL(page.url()).pathname.split('/').pop())

/** Goes to slide `no` from the keyboard (Down/Up: a whole slide), as a speaker would. */
async function goToSlide(page: Page, no: number) {
  for (let i = 0; i < 4 && slideOnScreen(page) !== no; i++) {
    const at = slideOnScreen(page)
    // Out of any editor or button first: Slidev ignores its keys while one has the focus.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.keyboard.press(at < no ? 'ArrowDown' : 'ArrowUp')
    await expect.poll(() => slideOnScreen(page)).not.toBe(at)
  }
  await expect(page).toHaveURL(new RegExp(`/${no}(\\?.*)?$`))
}

/** WCAG's contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map(i => Number.parseInt(hex.slice(i, i + 2), 16) / 255)
      .map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl
  }
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

test.describe('accessibility', () => {
  test('the code theme: every syntax colour 7:1 on the code background, editor text 4.5:1', () => {
    for (const [role, colour] of Object.entries(palette))
      expect(contrast(colour, CODE_BACKGROUND), `${role} ${colour}`).toBeGreaterThanOrEqual(7)
    for (const [role, colour] of Object.entries(chrome))
      expect(contrast(colour, CODE_BACKGROUND), `${role} ${colour}`).toBeGreaterThanOrEqual(4.5)
    const colours = projectorLight.colors!
    // Every colour Monaco draws text with (whitespace dots, shown in a selection, are marks, not text).
    const keys = Object.keys(colours).filter(k => /foreground\d?$/i.test(k) && k !== 'editorWhitespace.foreground')
    expect(keys.length).toBeGreaterThan(20)
    for (const key of keys)
      expect(contrast(colours[key], CODE_BACKGROUND), `${key} ${colours[key]}`).toBeGreaterThanOrEqual(4.5)
    expect(contrast(colours['editorInlayHint.foreground'], colours['editorInlayHint.background'])).toBeGreaterThanOrEqual(4.5)
  })

  test('every slide renders with content, and axe finds nothing serious on any', async ({ page }) => {
    test.setTimeout(180_000)
    const total = await slideCount()
    const found: string[] = []
    await page.goto('/1')
    // Slides change without their half-second slide-in: nothing to wait for between axe runs.
    await page.addStyleTag({ content: '[class*="-enter-active"], [class*="-leave-active"] { transition-duration: 0s !important; animation-duration: 0s !important }' })
    for (let no = 1; no <= total; no++) {
      await goToSlide(page, no)
      const slide = page.locator(`.slidev-page-${no}`)
      await expect(slide.locator('.slidev-layout').first()).toBeVisible()
      await expect.poll(async () => (await slide.locator('.slidev-layout').first().innerText()).trim().length, { message: `slide ${no} has text` }).toBeGreaterThan(0)
      await expect(page.locator('[class*="-enter-active"], [class*="-leave-active"]')).toHaveCount(0)
      await editorsSettled(slide)
      // The whole page once (title, language, landmarks); then each slide and the navigation
      // bar (Slidev keeps the neighbouring slides in the page, hidden: no need to check them
      // again on every slide).
      const include = no === 1 ? [] : [`.slidev-page-${no}`, 'nav']
      found.push(...(await seriousViolations(page, include)).map(v => `slide ${no}: ${v}`))
    }
    expect(found).toEqual([])
  })

  test('a live cell: idle, done with a timeline, error; reached, run, stopped and reset by keyboard', async ({ page }) => {
    test.setTimeout(120_000)
    const cell = await openCell(page, CELL)
    await editorsSettled(cell)
    const scope = `[data-cell="${CELL}"]` // the rest of its slide is checked above
    const editor = cell.locator('.code-editor')
    const run = cell.getByRole('button', { name: 'Run' })
    const stop = cell.getByRole('button', { name: 'Stop' })
    // The output log is not a live region (it would read every line): one polite line
    // speaks each state change instead, and it has nothing to say yet.
    await expect(cell.getByRole('log')).toHaveAttribute('aria-live', 'off')
    const announcer = cell.locator('[aria-live="polite"]')
    await expect(announcer).toHaveText('')
    await announcer.evaluate((el) => {
      const said: string[] = (window as unknown as { said: string[] }).said = []
      new MutationObserver(() => said.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true })
    })
    const said = () => page.evaluate(() => (window as unknown as { said: string[] }).said.splice(0))
    expect(await seriousViolations(page, [scope]), 'idle').toEqual([])

    // Escape hands focus from the editor to its frame; Shift+Tab then leaves it, back to Run.
    await typeCode(page, cell, [
      'for (let i = 1; i <= 40; i++) console.log(`line ${i}`)',
      'console.warn("a warning")',
      'await compare({',
      '  "one by one": async () => { await task("a", () => sleep(40)); await task("b", () => burn(40)) },',
      '  together: () => Promise.all([task("a", () => sleep(40)), task("b", () => block(40))]),',
      '})',
    ].join('\n'))
    for (let i = 0; i < 3 && !await editor.evaluate(e => e === document.activeElement); i++) await page.keyboard.press('Escape')
    await expect(editor).toBeFocused()
    for (let i = 0; i < 10 && !await run.evaluate(b => b === document.activeElement); i++) await page.keyboard.press('Shift+Tab')
    await expect(run).toBeFocused()
    await expect(run).toHaveCSS('outline-style', 'solid')

    // Enter runs; focus waits on Stop while Run is disabled and comes back when it is done.
    // Forty output lines, one announcement for the run and one for its end.
    await page.keyboard.press('Enter')
    await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 30_000 })
    await expect(run).toBeFocused()
    await expect(cell.locator('svg[role="img"]')).toHaveAttribute('aria-label', /^Timeline: .*\d+ lanes?,? \d+ ms, speedup [\d.]+x/)
    const runSaid = await said()
    expect(runSaid).toHaveLength(2)
    expect(runSaid[0]).toMatch(/^Running /)
    expect(runSaid[1]).toMatch(/^Done: wall [\d,]+ ms, \d+ output lines\.$/)
    expect(await seriousViolations(page, [scope]), 'done, with a timeline').toEqual([])

    // Tab from Run reaches the editor; Ctrl+Enter runs from there; the error is announced.
    for (let i = 0; i < 10 && !await editor.evaluate(e => e.contains(document.activeElement)); i++) await page.keyboard.press('Tab')
    expect(await editor.evaluate(e => e !== document.activeElement && e.contains(document.activeElement)), 'focus in the editor').toBe(true)
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.insertText('const a = 1\nconst b = ;\n')
    await page.keyboard.press('ControlOrMeta+Enter')
    await expect(cell).toHaveAttribute('data-state', 'error')
    await expect(announcer).toHaveText(/^Error: .*line 2:11/)
    expect(await seriousViolations(page, [scope]), 'error').toEqual([])

    // Stop from the keyboard: the focus is on Stop while the run goes.
    await page.keyboard.press('ControlOrMeta+A')
    await page.keyboard.insertText('await sleep(20_000)\n')
    await run.focus()
    await page.keyboard.press('Enter')
    await expect(stop).toBeFocused()
    await expect(cell).toHaveAttribute('data-state', 'running')
    await page.keyboard.press('Enter')
    await expect(cell).toHaveAttribute('data-state', 'stopped')
    await expect(announcer).toHaveText('Stopped.')
    await expect(run).toBeFocused()

    // Reset from the keyboard: the snippet is back, the cell idle.
    for (let i = 0; i < 3 && !await cell.getByRole('button', { name: 'Reset' }).evaluate(b => b === document.activeElement); i++) await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect(cell).toHaveAttribute('data-state', 'idle')
    await expect(cell.locator('.monaco-editor .view-lines')).toContainText('Three pots')
  })

  test('the navigation bar\'s menu buttons are single buttons that still open their menus', async ({ page }) => {
    await page.goto('/2')
    const more = page.locator('button[aria-label="More Options"]')
    await expect(more).toHaveCount(1)
    await expect(page.locator('nav button > button')).not.toHaveCount(0)
    for (const inner of await page.locator('nav button > button').all()) await expect(inner).toHaveAttribute('inert', '')
    // Chromium's accessibility tree (what a screen reader gets): one button per control.
    const cdp = await page.context().newCDPSession(page)
    const { nodes } = await cdp.send('Accessibility.getFullAXTree') as { nodes: Array<{ ignored: boolean, role?: { value: string }, name?: { value: string } }> }
    const buttons = nodes.filter(n => !n.ignored && n.role?.value === 'button').map(n => n.name?.value)
    expect(buttons.filter(name => name === 'More Options')).toHaveLength(1)
    expect(buttons.filter(name => name === 'Change sync settings')).toHaveLength(1)
    await expect(more).toHaveAttribute('aria-expanded', 'false')
    await more.focus()
    await page.keyboard.press('Enter')
    await expect(more).toHaveAttribute('aria-expanded', 'true')
    await expect(page.getByText('Brightness')).toBeVisible()
    expect(await seriousViolations(page, ['nav']), 'the open menu').toEqual([])
  })
})
