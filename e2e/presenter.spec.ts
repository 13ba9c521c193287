import { expect, slideOf, test, typeCode } from './fixtures'

const CELL = 'event-loop-order'

test.describe('presenter view and projector', () => {
  test('a run started in the presenter view shows on the projector window, and so do edits', async ({ page, context }) => {
    const no = await slideOf(CELL)
    const projector = await context.newPage()
    await projector.goto(`/${no}`)
    const shown = projector.locator(`[data-cell="${CELL}"]`)
    await expect(shown).toHaveAttribute('data-state', 'idle')

    await page.goto(`/presenter/${no}`)
    const cell = page.locator(`.slidev-presenter [data-cell="${CELL}"]`).first()
    await expect(cell.locator('.code-editor')).toHaveAttribute('data-ready', 'true')
    await typeCode(page, cell, 'console.log("from the lectern")\nawait task("wait", () => sleep(300))')
    await expect(shown.locator('.monaco-editor .view-lines')).toContainText('from the lectern')

    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'done')
    await expect(shown).toHaveAttribute('data-state', 'done')
    await expect(shown.getByRole('log')).toContainText('from the lectern')
    await expect(shown.locator('svg[role="img"]')).toHaveAttribute('aria-label', /1 lanes?,? \d+ ms/)
    await cell.getByRole('button', { name: 'Reset' }).click()
    await expect(shown.locator('.monaco-editor .view-lines')).not.toContainText('from the lectern')
  })
})
