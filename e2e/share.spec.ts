import { expect, openCell, slideOf, test, typeCode } from './fixtures'

// A Share link carries a cell's edited code in the URL's fragment (lz-string): it opens
// that slide with that code, marked as coming from a link, and runs nothing.
const CELL = 'event-loop-order'

test.describe('share links', () => {
  test('round-trip: a fresh browser opens the slide with the code, idle until Run', async ({ page, context, browser }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const cell = await openCell(page, CELL)
    await typeCode(page, cell, 'console.log("shared with you")')
    await cell.getByRole('button', { name: 'Share' }).click()
    await expect(cell.getByRole('status')).toContainText('Link copied')
    const url = await page.evaluate(() => navigator.clipboard.readText())
    expect(new URL(url).pathname).toBe(`/${await slideOf(CELL)}`)
    expect(new URL(url).hash).toMatch(/^#share=event-loop-order:/)

    const fresh = await browser.newContext()
    try {
      const other = await fresh.newPage()
      const errors: string[] = []
      other.on('pageerror', e => errors.push(e.message))
      await other.goto(url)
      const opened = other.locator(`[data-cell="${CELL}"]`)
      await expect(opened.locator('.code-editor')).toHaveAttribute('data-ready', 'true')
      await expect(opened.locator('.monaco-editor .view-lines')).toContainText('shared with you')
      await expect(opened.getByRole('status')).toContainText('Code from a shared link')
      await expect(opened).toHaveAttribute('data-state', 'idle')
      await expect(opened.getByRole('log')).not.toContainText('shared with you') // nothing ran
      expect(new URL(other.url()).hash).toBe('') // a reload keeps later edits, not the link's code
      await opened.getByRole('button', { name: 'Run' }).click()
      await expect(opened.getByRole('log')).toContainText('shared with you')
      await opened.getByRole('button', { name: 'Reset' }).click()
      await expect(opened.locator('.monaco-editor .view-lines')).toContainText('Guess the order')
      await expect(opened.getByRole('status')).toHaveCount(0)
      expect(errors).toEqual([])
    }
    finally { await fresh.close() }
  })

  test('a link cut short says so and breaks nothing', async ({ page }) => {
    const no = await slideOf(CELL)
    await page.goto(`/${no}#share=${CELL}:N4Ig`)
    const notice = page.getByRole('alert').filter({ hasText: 'share link' }) // (Monaco keeps empty alert regions too)
    await expect(notice).toContainText('cut short')
    const cell = page.locator(`[data-cell="${CELL}"]`)
    await expect(cell.locator('.monaco-editor .view-lines')).toContainText('Guess the order')
    await page.getByRole('button', { name: 'Dismiss' }).click()
    await expect(notice).toHaveCount(0)
  })

  test('a link for a cell this deck lacks says so', async ({ page }) => {
    await page.goto(`/${await slideOf(CELL)}#share=no-such-cell:MYewdgziA2CmB00QHMAUBGAlEA`)
    await expect(page.getByRole('alert').filter({ hasText: 'share link' })).toContainText('“no-such-cell”, which this deck does not have')
  })
})
