// Figure 8: `npm run dev` from the command to the first slide and to the first editor,
// with an empty Vite cache (a fresh clone, or a changed config) and with a warm one.
// The README's exact command, with --no-open (the benchmark brings its own browser).
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { gotoSlide, newPage } from './browser.mjs'
import { root } from './build.mjs'

const PORT = 4783

async function answering(url, child) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm run dev exited (${child.exitCode})`)
    try { if ((await fetch(url)).ok) return } catch {}
    await new Promise(r => setTimeout(r, 25))
  }
}

/** One start: spawn -> first slide visible -> (in-app) the first cell's slide -> its editor ready. */
async function start(browser, { cold, slide }) {
  if (cold) rmSync(join(root, 'node_modules/.vite'), { recursive: true, force: true })
  const page = await newPage(browser) // the browser is up before the command starts, as for a speaker
  const t0 = performance.now()
  const child = spawn('npm', ['run', 'dev', '--', '--port', String(PORT), '--bind', '127.0.0.1', '--no-open'],
    { cwd: root, stdio: 'ignore', detached: true })
  try {
    const base = `http://127.0.0.1:${PORT}`
    await answering(`${base}/`, child)
    const listeningMs = performance.now() - t0
    let reloads = -1
    page.on('load', () => { reloads++ })
    await page.goto(`${base}/1`, { timeout: 120_000 })
    await page.locator('.slidev-page-1 .slidev-layout').waitFor({ timeout: 120_000 })
    const firstSlideMs = performance.now() - t0
    await gotoSlide(page, slide)
    await page.locator(`.slidev-page-${slide} .code-editor[data-ready="true"]`).waitFor({ timeout: 120_000 })
    return { listeningMs, firstSlideMs, firstEditorMs: performance.now() - t0, reloads }
  }
  finally {
    await page.context().close()
    try { process.kill(-child.pid) } catch {}
    await new Promise(r => child.exitCode !== null ? r() : child.once('exit', r))
  }
}

export async function devStarts(browser, { slides, n, log }) {
  log(`fig 8: npm run dev, ${n} cold and ${n} warm starts`)
  const slide = Math.min(...Object.values(slides)) // the deck's first cell
  const trials = { cold: [], warm: [] }
  for (let i = 0; i < n; i++) {
    trials.cold.push(await start(browser, { cold: true, slide }))
    trials.warm.push(await start(browser, { cold: false, slide }))
  }
  return trials
}
