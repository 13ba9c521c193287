import type { Browser } from 'puppeteer-core'
import { chromium } from '@playwright/test'
import { chromiumArgs, launchOptions } from '../addon/scripts/chromium.mjs'
import { expect, isLocal, openCell, slideOf, slideOfText, test, typeCode } from './fixtures'
import { JS_BOMB, launchChromium, memoryBombs, openDeck, PY_BOMB, puppeteerPage } from './memory-bomb'

const CELL = 'blocking-vs-awaiting'

test.describe('a live cell', () => {
  test('runs its snippet in a worker: output, state and wall time', async ({ page }) => {
    const cell = await openCell(page, CELL)
    await expect(cell).toHaveAttribute('role', 'region')
    await expect(cell).toHaveAttribute('aria-label', /^Live cell: /)
    await expect(cell).toHaveAttribute('data-state', 'idle')
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', /compiling|running/)
    await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 20_000 })
    await expect(cell.getByRole('log')).toContainText('awaiting')
    await expect(cell.locator('.live-cell__time')).toHaveText(/wall [\d,]+ ms/)
  })

  test('Ctrl+Enter in the editor runs the edited code, and top-level await works', async ({ page }) => {
    const cell = await openCell(page, CELL)
    await typeCode(page, cell, 'const v = await Promise.resolve(6 * 7)\nconsole.log("answer", v, { nested: [1, { a: "b" }] })')
    await page.keyboard.press('ControlOrMeta+Enter')
    await expect(cell).toHaveAttribute('data-state', 'done')
    await expect(cell.getByRole('log')).toContainText('answer 42')
    await expect(cell.getByRole('log')).toContainText('nested')
  })
})

test.describe('bad input gets a clear message and loses nothing', () => {
  test('errors, one after another in one cell: each with a clear message, the cell ready for the next', async ({ page }) => {
    const cell = await openCell(page, CELL)
    const log = cell.getByRole('log')
    const run = async (code: string) => {
      await typeCode(page, cell, code)
      await cell.getByRole('button', { name: 'Run' }).click()
    }
    await test.step('a syntax error names line:column and marks the editor', async () => {
      await run('const a = 1\nconst b = ;\n')
      await expect(cell).toHaveAttribute('data-state', 'error')
      await expect(log).toContainText(/line 2:11/)
      await expect(cell.locator('.monaco-editor .squiggly-error').first()).toBeVisible()
    })
    await test.step('a thrown error is shown with its snippet line', async () => {
      await run('const x: number = 1\n\nfunction f(): void {\n  throw new TypeError("boom " + x)\n}\nf()')
      await expect(log).toContainText('TypeError: boom 1')
      await expect(cell).toHaveAttribute('data-state', 'error')
      await expect(log).toContainText('line 4')
    })
    await test.step('an unhandled rejection is shown', async () => {
      await run('console.log("before")\nPromise.reject(new Error("nobody caught me"))\nawait sleep(50)')
      await expect(log).toContainText('nobody caught me')
      await expect(log).toContainText(/rejection/i)
    })
    await test.step('deep recursion shows the RangeError', async () => {
      await run('function f(n: number): number { return f(n + 1) + 1 }\nf(0)')
      await expect(log).toContainText('RangeError')
      await expect(cell).toHaveAttribute('data-state', 'error')
    })
    await test.step('memory that cannot be had is an error with its message', async () => {
      await run('const big = new ArrayBuffer(2 ** 45)\nconsole.log(big.byteLength)')
      await expect(log).toContainText(/Uncaught RangeError: .*(allocation|length)/i)
      await expect(cell).toHaveAttribute('data-state', 'error')
    })
  })

  test('an endless loop is stopped by Stop, and the slides keep moving meanwhile', async ({ page }) => {
    const cell = await openCell(page, CELL)
    const no = await slideOf(CELL)
    await typeCode(page, cell, 'console.log("spinning")\nwhile (true) {}')
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'running')
    await expect(cell.getByRole('log')).toContainText('spinning')
    // The loop runs in a worker: the deck still answers a key within 500 ms,
    // timed in the page from the key's arrival to the slide's change.
    await page.evaluate(() => {
      const w = window as unknown as { keyAt?: number, changedAt?: number }
      const from = location.pathname
      addEventListener('keydown', () => { w.keyAt ??= performance.now() }, { capture: true, once: true })
      const watch = () => { if (location.pathname !== from) w.changedAt = performance.now(); else requestAnimationFrame(watch) }
      requestAnimationFrame(watch)
    })
    await page.keyboard.press('ArrowRight')
    await expect(page).toHaveURL(new RegExp(`/${no + 1}(\\?.*)?$`))
    // The watcher notes the change at its next frame (frames come slowly on a busy 2-core machine).
    const answer = await (await page.waitForFunction(() => { const w = window as unknown as { keyAt?: number, changedAt?: number }; return w.changedAt !== undefined && w.keyAt !== undefined && { ms: w.changedAt - w.keyAt } })).jsonValue()
    expect(answer && answer.ms, 'ms from the key to the next slide while the loop spins').toBeLessThan(500)
    await page.keyboard.press('ArrowLeft')
    await expect(page).toHaveURL(new RegExp(`/${no}(\\?.*)?$`))
    await cell.getByRole('button', { name: 'Stop' }).click()
    await expect(cell).toHaveAttribute('data-state', 'stopped')
    // Run again at once: the notice about the stopped thread comes first, then the run's own output.
    await cell.getByRole('button', { name: 'Run' }).click()
    const lines = cell.getByRole('log').locator('.line')
    await expect(lines.nth(1)).toHaveText('spinning')
    await expect(lines.first()).toContainText(/A run stopped [0-2]\.\d s ago may still hold a core/) // within its 2.5 s window
    await cell.getByRole('button', { name: 'Stop' }).click()
    await expect(cell).toHaveAttribute('data-state', 'stopped')
    // Ready again at once: the next run works.
    await typeCode(page, cell, 'console.log("fresh")')
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'done')
    await expect(cell.getByRole('log')).toContainText('fresh')
  })

  test('a flood of output is capped with a count, and the page stays smooth', async ({ page }) => {
    const cell = await openCell(page, CELL)
    await typeCode(page, cell, 'for (let i = 0; i < 1_000_000; i++) console.log("line", i)')
    await page.evaluate(() => {
      const w = window as unknown as { longest: number }
      w.longest = 0
      let last = performance.now()
      const tick = (t: number) => { w.longest = Math.max(w.longest, t - last); last = t; if (t < 60_000) requestAnimationFrame(tick) }
      requestAnimationFrame(tick)
    })
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 30_000 })
    await expect(cell.getByRole('log')).toContainText(/more lines not shown/)
    const lines = await cell.getByRole('log').locator('.line').count()
    expect(lines).toBeLessThan(2_000)
    const longest = await page.evaluate(() => (window as unknown as { longest: number }).longest)
    expect(longest, 'longest frame while a million lines arrive').toBeLessThan(500)
  })

  test('an endless loop is ended by the time budget, and the cell runs again after', async ({ page }) => {
    test.setTimeout(60_000)
    const cell = await openCell(page, CELL)
    await typeCode(page, cell, 'while (true) {}')
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'timeout', { timeout: 25_000 })
    await expect(cell.getByRole('log')).toContainText(/time budget/)
    await typeCode(page, cell, 'console.log("alive")')
    await cell.getByRole('button', { name: 'Run' }).click()
    await expect(cell).toHaveAttribute('data-state', 'done')
    await expect(cell.getByRole('log')).toContainText('alive')
  })

})

// Issue 24: nothing a cell runs can take the deck down. In Chromium a worker that runs out of
// memory ends its whole process; the cells' workers and Python live in the runner frame, a
// process of its own (addon/engine/run/frame.ts), so a bomb ends that process alone. Playwright
// gives a page up when any of its frames' processes ends, so these checks drive a Chromium
// of their own through puppeteer (e2e/memory-bomb.ts; the Firefox and WebKit suites call the
// same check). A speaker's page, with Python loaded; another window of the deck stays open.
test.describe('a cell that fills memory ends alone, and the talk goes on', () => {
  const executablePath = launchOptions().executablePath ?? chromium.executablePath()
  let browser: Browser
  test.beforeAll(async () => { browser = await launchChromium({ executablePath, args: chromiumArgs }) })
  test.afterAll(async () => { await browser?.close() })

  test('three JavaScript bombs in a row, each followed by a good run; the slides, the edit and another window untouched', async ({ baseURL }) => {
    test.setTimeout(240_000)
    const other = await openDeck(browser, `${baseURL}/1`, isLocal)
    const deck = await openDeck(browser, `${baseURL}/${await slideOf(CELL)}`, isLocal)
    expect(await deck.page.$$eval('iframe.live-cells-runner', f => f.length), 'the runs live in the runner frame').toBe(1)
    const report = await memoryBombs(puppeteerPage(deck.page), { id: CELL, bomb: JS_BOMB, good: 'console.log("alive")', other: puppeteerPage(other.page), log: line => console.log(`    ${line}`) })
    // The frame's end, when a bomb took it, was noticed within about a second of its last answer.
    for (const ms of report.lostAfterAnswerMs) expect(ms).toBeLessThan(2_500)
    expect([...deck.external, ...other.external], 'requests that left loopback').toEqual([])
    expect([...deck.errors, ...other.errors], 'console and page errors').toEqual([])
    await Promise.all([deck.page.close(), other.page.close()])
  })

  test('a Python bomb ends as a MemoryError (or with its process), and Python comes back on the next run', async ({ baseURL }) => {
    test.setTimeout(180_000)
    const deck = await openDeck(browser, `${baseURL}/${await slideOf('blocking-vs-awaiting-py')}`, isLocal)
    const report = await memoryBombs(puppeteerPage(deck.page), { id: 'blocking-vs-awaiting-py', bomb: PY_BOMB, good: 'print("alive")', bombs: 1, log: line => console.log(`    ${line}`) })
    const [{ bomb, good }] = report.runs
    // After a MemoryError the interpreter goes (its memory cannot shrink); after the budget it was restarted.
    if (bomb.state === 'error' && /MemoryError/.test(bomb.log)) expect(bomb.log).toContain('a fresh one starts at the next run')
    expect(good.log).toMatch(/starting a fresh Python interpreter…\nalive(\nThe Python interpreter was restarted \(a fresh start took \d+\.\d s\)\.)?$/)
    expect(deck.external, 'requests that left loopback').toEqual([])
    expect(deck.errors, 'console and page errors').toEqual([])
    await deck.page.close()
  })
})

test.describe('the speaker\'s edits', () => {
  test('survive a reload and navigation; Reset restores the file', async ({ page }) => {
    let cell = await openCell(page, CELL)
    const original = await cell.locator('.monaco-editor .view-lines').innerText()
    await typeCode(page, cell, 'console.log("my edit survives")')
    await expect(cell.locator('.monaco-editor .view-lines')).toContainText('my edit survives')
    await page.reload()
    cell = page.locator(`[data-cell="${CELL}"]`)
    await expect(cell.locator('.code-editor')).toHaveAttribute('data-ready', 'true')
    await expect(cell.locator('.monaco-editor .view-lines')).toContainText('my edit survives')
    await page.goto('/1')
    cell = await openCell(page, CELL)
    await expect(cell.locator('.monaco-editor .view-lines')).toContainText('my edit survives')
    await cell.getByRole('button', { name: 'Reset' }).click()
    await expect(cell.locator('.monaco-editor .view-lines')).not.toContainText('my edit survives')
    await expect.poll(() => cell.locator('.monaco-editor .view-lines').innerText()).toBe(original)
  })
})

test.describe('the speaker\'s edits, early', () => {
  test('an edit typed while the deck is still starting up is kept once it has built its editors', async ({ page }) => {
    // A direct load of the cell's slide: its editor is up before the deck has built the
    // other editors ahead (html[data-live-cells="ready"]), which must not touch this one.
    const cell = await openCell(page, CELL)
    await typeCode(page, cell, 'console.log("typed early")')
    await expect(page.locator('html')).toHaveAttribute('data-live-cells', 'ready', { timeout: 90_000 })
    await expect(cell.locator('.monaco-editor .view-lines')).toContainText('typed early')
    expect(await page.evaluate(id => localStorage.getItem(`live-cells:cell:${id}`), CELL)).toBe('console.log("typed early")')
  })
})

test.describe('plain {monaco-run} blocks', () => {
  test('run through the same engine, in a worker', async ({ page }) => {
    await page.goto(`/${await slideOfText('Python\'s yield from')}`)
    const slide = page.locator('.slidev-page').filter({ hasText: 'The same generators, in TypeScript' })
    await slide.getByTitle('Run code').click()
    const output = slide.locator('.slidev-runner-output')
    await expect(output).toContainText('ran in')
    await expect(output).toContainText('a Web Worker')
    await expect(output).toContainText(/\[ ?2, 1, 1 ?\]/)
  })
})
