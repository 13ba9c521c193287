// Figures measured across page loads: 2 (first run after load, prewarm at work),
// 6 (first slide visible, script bytes before it), and 7 (PDF export).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gotoSlide, newPage } from './browser.mjs'
import { root } from './build.mjs'
import { deckProbe, HOST_CELL } from './figures-run.mjs'
import { clickToOutput, scriptsBefore } from './measure.mjs'

const sleep = ms => new Promise(r => setTimeout(r, ms))

/**
 * Figures 2 and 6 share their page loads: a cold load of slide 1 (new context) gives the
 * time to the first slide and the script fetched before it; then ~3 s of reading, the
 * cell's slide, and one Run at once (the engine's idle-time prewarm has had its chance).
 */
export async function coldLoads(browser, { deckBase, slides, n, log }) {
  log('fig 2 + 6: cold loads, first slide, first run')
  const trials = []
  for (let i = 0; i < n; i++) {
    const page = await newPage(browser)
    try {
      await page.goto(`${deckBase}/1`)
      const visibleMs = await (await page.waitForFunction(() => window.__benchFirstVisible, null, { polling: 50 })).jsonValue()
      const firstSlide = { visibleMs, ...(await page.evaluate(scriptsBefore, visibleMs)) }
      await sleep(3000)
      await gotoSlide(page, slides[HOST_CELL])
      // Clicked as soon as the Run button shows, as a presenter might: Monaco may still be loading.
      await page.locator(`${deckProbe(HOST_CELL).scope} button.run`).waitFor()
      trials.push({ firstSlide, firstRun: await page.evaluate(clickToOutput, deckProbe(HOST_CELL)) })
    }
    finally { await page.context().close() }
  }
  return { firstSlide: trials.map(t => t.firstSlide), firstRun: trials.map(t => t.firstRun) }
}

/** Figure 6's reference: the same cold load of the fixture (a plain Slidev deck with monaco: true). */
export async function coldLoadsFixture(browser, { fixtureBase, n, log }) {
  log('fig 6: cold loads, fixture deck (reference)')
  const trials = []
  for (let i = 0; i < n; i++) {
    const page = await newPage(browser)
    try {
      await page.goto(`${fixtureBase}/1`)
      const visibleMs = await (await page.waitForFunction(() => window.__benchFirstVisible, null, { polling: 50 })).jsonValue()
      trials.push({ visibleMs, ...(await page.evaluate(scriptsBefore, visibleMs)) })
    }
    finally { await page.context().close() }
  }
  return trials
}

/** Figure 7: one `npm run export` of the whole deck into a temporary file. */
export function pdfExport({ log }) {
  log('fig 7: PDF export (npm run export)')
  const dir = mkdtempSync(join(tmpdir(), 'bench-export-'))
  const output = join(dir, 'deck.pdf')
  const started = performance.now()
  const run = spawnSync('npm', ['run', 'export'], { cwd: root, env: { ...process.env, EXPORT_OUTPUT: output }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
  const seconds = (performance.now() - started) / 1000
  try {
    if (run.status !== 0) return { ok: false, seconds, error: run.stderr.slice(-500) }
    return { ok: true, seconds, bytes: statSync(output).size }
  }
  finally { rmSync(dir, { recursive: true, force: true }) }
}
