import type { Locator, Page } from '@playwright/test'
import { cpus } from 'node:os'
import { expect, goToCell, runToDone, sharedPage, slideOf, test } from './fixtures'
import { points, PY_RESTARTED, PY_STOPPED_BY_INTERRUPT, summary } from './points'

// The Python cells (Pyodide, in a worker of the page), run as the speaker runs them and
// checked against the point each slide makes; then what a speaker might type into one: an
// endless loop, deep recursion, a flood of output, a syntax error, an exception, a package
// the browser's Python does not have. As in a talk: one page, opened on the title slide and
// left until the deck says it is ready (the interpreter included), then slide to slide.
const shared = sharedPage({ start: '/1', clipboard: true })
const openCell = (id: string): Promise<Locator> => goToCell(page, id)
let page: Page
test.beforeAll(() => { page = shared.page })

/** Replaces the editor's text as a paste (select all, paste). */
async function pasteCode(cell: Locator, code: string) {
  await page.evaluate(text => navigator.clipboard.writeText(text), code)
  await cell.locator('.code-editor .monaco-editor').click() // its middle: in view however the editor has scrolled
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('ControlOrMeta+V')
}

/** Clicks Run and waits until the run has ended in `state`; returns the output. */
async function runTo(cell: Locator, state: string, timeout = 30_000) {
  const started = cell.evaluate(el => new Promise<void>((resolve) => {
    new MutationObserver((_, mo) => { mo.disconnect(); resolve() }).observe(el, { attributes: true, attributeFilter: ['data-state'] })
  }))
  await cell.getByRole('button', { name: 'Run' }).click()
  await started
  await expect(cell).toHaveAttribute('data-state', state, { timeout })
  return cell.getByRole('log').innerText()
}

const machine = { cores: cpus().length }

test.describe('each Python cell proves its slide\'s point', () => {
  // Each cell's point is written once, in e2e/points.ts (the Firefox and WebKit suites check the same).
  test('gather: three awaited pots take a third of three blocking ones, a lane per task', async () => {
    const cell = await openCell('blocking-vs-awaiting-py')
    await expect(cell).toHaveAttribute('data-lang', 'python')
    await expect(cell).toHaveAttribute('role', 'region')
    await expect(cell).toHaveAttribute('aria-label', 'Live cell: Blocking vs awaiting, in Python')
    await expect(cell.locator('[data-mode-id="python"] .monaco-editor')).toHaveCount(1) // a Python model, highlighted as Python
    await expect(cell.locator('.monaco-editor .view-line span[class^="mtk"]:not(.mtk1)').first()).toBeAttached()
    const run = await runToDone(cell)
    expect(points['blocking-vs-awaiting-py'](run, machine), summary(run)).toEqual([])
  })

  const cells: Array<[string, string]> = [
    ['event-loop-order-py', 'the event loop: top-level code, then the ready queue in order, the timer last'],
    ['round-robin-py', 'a round-robin scheduler interleaves generators, yield from delegating; a lane each'],
    ['futures-gather-py', 'gather: completion order is not start order, results come back in start order'],
    ['futures-wait-py', 'wait: FIRST_COMPLETED with the fastest, FIRST_EXCEPTION with the failure, ALL_COMPLETED last'],
    ['futures-cancel-py', 'cancelled tasks end at the cancel, not when they would have finished'],
    ['futures-timeout-py', 'wait_for gives up on the slow job at its timeout'],
    ['http-calls-py', 'slow calls: one loop overlaps them, far ahead of one after another'],
  ]
  for (const [id, title] of cells) {
    test(title, async () => {
      const run = await runToDone(await openCell(id))
      expect(points[id](run, machine), summary(run)).toEqual([])
    })
  }
})

test.describe('what a speaker might type into a Python cell', () => {
  const ID = 'futures-gather-py'
  let cell: Locator
  test.beforeAll(async () => { cell = await openCell(ID) })
  test.afterAll(async () => { await cell.getByRole('button', { name: 'Reset' }).click() })

  test('an endless loop: Stop raises KeyboardInterrupt in it, and the cell runs again at once', async () => {
    await pasteCode(cell, 'n = 0; print("spinning", flush=True)\nwhile True:\n    n += 1\n')
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'running')
    await expect(cell.getByRole('log')).toContainText('spinning') // in the loop now
    await cell.getByRole('button', { name: 'Stop' }).click()
    await expect(cell).toHaveAttribute('data-state', 'stopped', { timeout: 2000 })
    const log = cell.getByRole('log')
    await expect(log).toContainText('File "<cell>", line 3, in <module>')
    await expect(log).toContainText(PY_STOPPED_BY_INTERRUPT)
    await pasteCode(cell, 'import asyncio\nawait asyncio.sleep(0.05)\nprint("alive")\n')
    expect(await runTo(cell, 'done', 5000)).toContain('alive')
  })

  test('a loop that swallows KeyboardInterrupt: Stop terminates the interpreter, and says how long a fresh one took', async () => {
    await pasteCode(cell, 'print("spinning", flush=True)\nwhile True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        print("ignored")\n')
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'running')
    await expect(cell.getByRole('log')).toContainText('spinning') // in the loop now
    await cell.getByRole('button', { name: 'Stop' }).click()
    await expect(cell).toHaveAttribute('data-state', 'stopped', { timeout: 3000 })
    await expect(cell.getByRole('log')).toContainText(PY_RESTARTED, { timeout: 30_000 })
    const fresh = PY_RESTARTED.exec(await cell.getByRole('log').innerText())![1]
    test.info().annotations.push({ type: 'a fresh interpreter', description: fresh })
    console.log(`python: a fresh interpreter started in ${fresh}`)
    await pasteCode(cell, 'print("fresh")\n')
    expect(await runTo(cell, 'done')).toContain('fresh')
  })

  test('deep recursion: RecursionError, with the cell\'s own frames', async () => {
    await pasteCode(cell, 'def f(n):\n    return f(n + 1)\n\nf(0)\n')
    const log = await runTo(cell, 'error')
    expect(log).toContain('File "<cell>", line 2, in f')
    expect(log).toMatch(/\[Previous line repeated \d+ more times\]/)
    expect(log).toContain('Uncaught RecursionError: maximum recursion depth exceeded (line 2')
    expect(log).not.toMatch(/talk\.py|asyncio|_pyodide/) // no frames of the deck's own
  })

  test('a flood of output is capped, with a count of what was left out', async () => {
    await pasteCode(cell, 'for i in range(100_000):\n    print(i)\n')
    const log = await runTo(cell, 'done')
    expect(log).toMatch(/… 99,\d{3} more lines not shown \(output capped\)/)
    expect(log.split('\n').length).toBeLessThan(1100)
  })

  test('a syntax error names line:column and is marked in the editor', async () => {
    await pasteCode(cell, 'print("ok")\ndef f(:\n    pass\n')
    const log = await runTo(cell, 'error')
    expect(log).toMatch(/^Syntax error at line 2:7: invalid syntax/)
    await expect(cell.locator('.monaco-editor .squiggly-error')).toHaveCount(1)
    expect(log).not.toContain('ok') // nothing ran
  })

  test('an exception shows its traceback with the cell\'s lines', async () => {
    await pasteCode(cell, 'def parse(text):\n    return int(text)\n\nprint(parse("1"))\nprint(parse("two"))\n')
    const log = await runTo(cell, 'error')
    expect(log).toMatch(/^1\nTraceback \(most recent call last\):\n {2}File "<cell>", line 5, in <module>\n/)
    expect(log).toContain('File "<cell>", line 2, in parse')
    expect(log).toContain('Uncaught ValueError: invalid literal for int() with base 10: \'two\' (line 2:12)')
  })

  test('import numpy: a clear message at once, and nothing fetched', async () => {
    await pasteCode(cell, 'import numpy as np\n')
    const log = await runTo(cell, 'error', 5000)
    expect(log).toContain('Uncaught ModuleNotFoundError: No module named \'numpy\' (line 1')
    expect(log).toContain('the standard library only, no packages')
    expect(shared.net.external).toEqual([])
  })

  test('an edit is kept across navigation, runs as edited, and Reset restores the file', async () => {
    await pasteCode(cell, 'print("edited", 6 * 7)\n')
    // Away and back with the navigation bar's buttons (the editor keeps the keyboard's arrows).
    await page.getByRole('button', { name: 'Go to next slide' }).click()
    await expect(page).not.toHaveURL(new RegExp(`/${await slideOf(ID)}(\\?.*)?$`))
    await page.getByRole('button', { name: 'Go to previous slide' }).click()
    await expect(page).toHaveURL(new RegExp(`/${await slideOf(ID)}(\\?.*)?$`))
    await expect(cell.locator('.monaco-editor .view-lines')).toContainText('print("edited", 6 * 7)')
    expect(await runTo(cell, 'done')).toBe('edited 42')
    await cell.getByRole('button', { name: 'Reset' }).click()
    await expect(cell.locator('.monaco-editor .view-lines')).toContainText('gather: start all, await all')
  })
})
