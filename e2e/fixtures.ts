import { join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { load } from '@slidev/parser/fs'

/** Requests to anything but loopback: blocked, and remembered so a test can assert there were none. */
export interface Guard { external: string[], consoleErrors: string[], pageErrors: string[] }

const loopback = /^(https?|wss?):\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//

export function isLocal(url: string): boolean {
  return loopback.test(url) || /^(data|blob|about|chrome-extension):/.test(url)
}

/** Blocks the network outside loopback and collects console and page errors. */
export async function guard(page: Page): Promise<Guard> {
  const g: Guard = { external: [], consoleErrors: [], pageErrors: [] }
  await page.context().route(url => !isLocal(url.href), (route) => {
    g.external.push(route.request().url())
    return route.abort('blockedbyclient')
  })
  page.on('console', (m) => { if (m.type() === 'error') g.consoleErrors.push(m.text()) })
  page.on('pageerror', e => g.pageErrors.push(`${e.name}: ${e.message}`))
  return g
}

/** The slides a viewer sees, read from the same markdown Slidev builds. */
async function visibleSlides() {
  const root = process.cwd()
  const data = await load({ roots: [root], userRoot: root }, join(root, 'slides.md'))
  return data.slides.filter(s => !s.frontmatter?.hide && !s.frontmatter?.disabled)
}

/** The deck's slide count. */
export const slideCount = async (): Promise<number> => (await visibleSlides()).length

/** Every test gets a guarded page and fails if anything left loopback or logged an error. */
export const test = base.extend<{ net: Guard }>({
  net: [async ({ page }, use) => {
    const g = await guard(page)
    await use(g)
    expect(g.external, 'requests that left loopback').toEqual([])
    expect(g.pageErrors, 'uncaught page errors').toEqual([])
    expect(g.consoleErrors, 'console errors').toEqual([])
  }, { auto: true }],
})
export { expect }

/** The number of the first slide whose markdown contains `text`. */
export async function slideOfText(text: string): Promise<number> {
  const index = (await visibleSlides()).findIndex(s => s.source.content.includes(text))
  if (index < 0) throw new Error(`no slide contains "${text}"`)
  return index + 1
}

/** The slide number that holds the live cell `id`. */
export const slideOf = (id: string): Promise<number> => slideOfText(`id="${id}"`)

/** Opens the slide of cell `id` and returns the cell, its editor ready for typing. */
export async function openCell(page: Page, id: string) {
  await page.goto(`/${await slideOf(id)}`)
  const cell = page.locator(`[data-cell="${id}"]`)
  await expect(cell).toBeVisible()
  await expect(cell.locator('.code-editor')).toHaveAttribute('data-ready', 'true')
  return cell
}

/** Replaces the editor's text the way a speaker would: focus, select all, type. */
export async function typeCode(page: Page, cell: ReturnType<Page['locator']>, code: string) {
  await cell.locator('.monaco-editor .view-lines').click({ position: { x: 30, y: 8 } }) // the first line: the rest may be scrolled out of view
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('Delete')
  await page.keyboard.insertText(code)
}
