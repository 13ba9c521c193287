import type { Locator, Page } from '@playwright/test'
import { expect, goToCell, runToDone, sharedPage, slideOf, test } from './fixtures'

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

const number = (log: string, re: RegExp) => Number(re.exec(log)?.[1] ?? Number.NaN)
const lanes = (label: string) => Number(/(\d+) lanes?/.exec(label)?.[1])

test.describe('each Python cell proves its slide\'s point', () => {
  test('gather: three awaited pots take a third of three blocking ones, a lane per task', async () => {
    const cell = await openCell('blocking-vs-awaiting-py')
    await expect(cell).toHaveAttribute('data-lang', 'python')
    await expect(cell).toHaveAttribute('role', 'region')
    await expect(cell).toHaveAttribute('aria-label', 'Live cell: Blocking vs awaiting, in Python')
    await expect(cell.locator('[data-mode-id="python"] .monaco-editor')).toHaveCount(1) // a Python model, highlighted as Python
    await expect(cell.locator('.monaco-editor .view-line span[class^="mtk"]:not(.mtk1)').first()).toBeAttached()
    const { log, groups } = await runToDone(cell)
    expect(log).toMatch(/^in turn: \d+ ms\ngather: \d+ ms \(\d\.\d\dx\)$/)
    const [inTurn, gather] = groups
    expect(inTurn).toMatchObject({ name: 'in turn', lanes: 3 })
    expect(gather).toMatchObject({ name: 'gather', lanes: 3 })
    expect(inTurn.ms).toBeGreaterThanOrEqual(2950)
    expect(gather.ms).toBeLessThan(1300)
    expect(gather.speedup).toBeGreaterThan(2.5)
  })

  test('the event loop: top-level code, then the ready queue in order, the timer last', async () => {
    const { log } = await runToDone(await openCell('event-loop-order-py'))
    expect(log.split('\n').map(l => l.trim()[0]).join('')).toBe('AGCEDFB')
  })

  test('a round-robin scheduler interleaves generators, yield from delegating; a lane each', async () => {
    const { log, label } = await runToDone(await openCell('round-robin-py'))
    expect(log.split('\n').map(l => l.trim())).toEqual(['rice 1', 'tea 1', 'soup 1', 'rice 2', 'tea 2', 'soup 2', 'rice 3', 'toast 1', 'toast 2'])
    expect(label).toMatch(/^Timeline: 3 lanes, \d+ ms$/)
  })

  test('gather: completion order is not start order, results come back in start order', async () => {
    const { log, label } = await runToDone(await openCell('futures-gather-py'))
    expect([...log.matchAll(/finished (\/\w)/g)].map(m => m[1])).toEqual(['/d', '/b', '/e', '/a', '/c'])
    expect(log).toContain('in start order: /a 200, /b 200, /c 200, /d 200, /e 200')
    expect(lanes(label)).toBe(5)
    expect(number(label, /(\d+) ms/)).toBeLessThan(1300) // the slowest call, not the 2.6 s sum
  })

  test('wait: FIRST_COMPLETED with the fastest, FIRST_EXCEPTION with the failure, ALL_COMPLETED last', async () => {
    const { log } = await runToDone(await openCell('futures-wait-py'))
    expect(log).toMatch(/FIRST_COMPLETED after \d+ ms:\n\s*\/fast ok\n/)
    expect(log).toMatch(/FIRST_EXCEPTION after \d+ ms:\n\s*\/fast ok, \/bad ValueError\n/)
    expect(log).toMatch(/ALL_COMPLETED after \d+ ms:\n\s*\/fast ok, \/bad ValueError, \/slow ok/)
    expect(number(log, /FIRST_COMPLETED after (\d+) ms/)).toBeLessThan(450)
    expect(number(log, /FIRST_EXCEPTION after (\d+) ms/)).toBeGreaterThanOrEqual(550)
    expect(number(log, /FIRST_EXCEPTION after (\d+) ms/)).toBeLessThan(800)
    expect(number(log, /ALL_COMPLETED after (\d+) ms/)).toBeGreaterThanOrEqual(850)
  })

  test('cancelled tasks end at the cancel, not when they would have finished', async () => {
    const { log, label } = await runToDone(await openCell('futures-cancel-py'))
    expect(log).toContain('first done: 300')
    expect(number(log, /1200 ms job: cancelled at (\d+) ms/)).toBeLessThan(450)
    expect(number(log, /2500 ms job: cancelled at (\d+) ms/)).toBeLessThan(450)
    expect(number(log, /all ended after (\d+) ms: done, cancelled, cancelled/)).toBeLessThan(600)
    expect(number(label, /(\d+) ms/)).toBeLessThan(1000) // not 2500
  })

  test('wait_for gives up on the slow job at its timeout', async () => {
    const { log } = await runToDone(await openCell('futures-timeout-py'))
    expect(number(log, /300 ms job: finished after (\d+) ms/)).toBeLessThan(450)
    expect(number(log, /2000 ms job: TimeoutError after (\d+) ms/)).toBeGreaterThanOrEqual(490)
    expect(number(log, /2000 ms job: TimeoutError after (\d+) ms/)).toBeLessThan(800)
  })

  test('slow calls: one loop overlaps them, far ahead of one after another', async () => {
    const { groups } = await runToDone(await openCell('http-calls-py'))
    expect(groups.map(g => [g.name, g.lanes])).toEqual([['sequential', 4], ['one loop', 4]])
    expect(groups[0].ms).toBeGreaterThanOrEqual(1950)
    expect(groups[1].speedup).toBeGreaterThan(3)
  })
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
    await expect(log).toContainText('Stopped: KeyboardInterrupt raised in the cell.')
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
    await expect(cell.getByRole('log')).toContainText(/Stopped: the Python interpreter was restarted \(a fresh start took \d+\.\d s\)\./, { timeout: 30_000 })
    const fresh = /a fresh start took (\d+\.\d s)/.exec(await cell.getByRole('log').innerText())![1]
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
