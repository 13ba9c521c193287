// Figure 12: Python cells (Pyodide in a module worker): the first Python output after a
// cold load, a warm Run's first output, and the bytes Pyodide adds to the deck.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, join, relative } from 'node:path'
import { cellReady, cellSelector, deckReady, newPage } from './browser.mjs'
import { root } from './build.mjs'
import { deckProbe } from './figures-run.mjs'
import { clickToOutput } from './measure.mjs'

const sleep = ms => new Promise(r => setTimeout(r, ms))
/** Pause between warm trials, as in figure 1. */
const BETWEEN_MS = 150
const sum = xs => xs.reduce((s, x) => s + x, 0)

/**
 * clickToOutput's arguments for a Python cell: the snippet's output, not the deck's own
 * lines ("Getting ready: starting Python (once per page)…" is a system line).
 */
const pythonProbe = (id, timeoutMs) => ({ ...deckProbe(id), item: '.line:not(.line--hint):not(.line--system)', timeoutMs })

/**
 * The Python cell timed: the first in slides.md whose snippet prints at once (a `print(` at
 * top level). The very first, blocking-vs-awaiting-py, prints only after its 3 s "in turn"
 * mode: its first line would time the snippet, not Python.
 */
export function pythonCell(cells) {
  const python = cells.filter(c => c.lang === 'python')
  if (!python.length) throw new Error('fig 12: no Python cell in slides.md')
  const printsAtOnce = c => /^print\(/m.test(readFileSync(join(root, `snippets/${c.id}.py`), 'utf8'))
  return python.find(printsAtOnce) ?? python[0]
}

/** Figure 12: all three parts on the deck copy being served (`dist`). */
export async function pythonCells(browser, { deckBase, cells, dist, n, log }) {
  const cell = pythonCell(cells)
  log(`fig 12: Python, ${cell.id} (slide ${cell.slide}), first output after load`)
  const first = []
  for (let i = 0; i < n; i++) first.push(await firstOutput(browser, `${deckBase}/${cell.slide}`, cell.id))
  log(`fig 12: Python, ${cell.id}, warm Run -> first output`)
  const warm = await warmRuns(browser, `${deckBase}/${cell.slide}`, cell.id, n)
  return { cell, first, warm, files: pyodideFiles(dist) }
}

/**
 * A fresh context (no service worker, empty HTTP cache), the cell's slide opened directly and
 * Run pressed the moment it can be: navigation start -> Run, -> the first output line; and
 * Pyodide's bytes over the network meanwhile.
 */
async function firstOutput(browser, url, id) {
  const page = await newPage(browser)
  const fetched = pyodideFetches(page.context())
  try {
    await page.goto(url, { waitUntil: 'commit' })
    await page.locator(`${cellSelector(id)} button.run:enabled`).waitFor({ timeout: 60_000 })
    const r = await page.evaluate(clickToOutput, pythonProbe(id, 60_000))
    const origin = await page.evaluate(() => performance.timeOrigin)
    return { runAtMs: r.clickAt, firstOutputMs: r.clickAt + r.firstMs, text: r.text, longestTaskMs: r.longestTaskMs, ...(await fetched(origin)) }
  }
  finally { await page.context().close() }
}

/** One page: the deck ready, the cell run once (its interpreter up), then `n` timed Runs. */
async function warmRuns(browser, url, id, n) {
  const page = await newPage(browser)
  try {
    await page.goto(url)
    await cellReady(page, id)
    await deckReady(page)
    await page.evaluate(clickToOutput, pythonProbe(id, 60_000))
    const trials = []
    for (let i = 0; i < n; i++) {
      await sleep(BETWEEN_MS)
      trials.push(await page.evaluate(clickToOutput, pythonProbe(id, 15_000)))
    }
    return trials
  }
  finally { await page.context().close() }
}

/**
 * Watches a context's requests for Pyodide's files (the worker's included); the returned
 * function, given the page's performance.timeOrigin, gives what came over the wire:
 * { pyodideBytes, pyodideRequests, pyodideInMs (the last one's end, since navigation start), pyodideFetched }.
 */
function pyodideFetches(context) {
  const sizes = []
  context.on('requestfinished', (req) => {
    if (!req.url().includes('/pyodide-')) return
    const file = basename(new URL(req.url()).pathname)
    const { startTime, responseEnd } = req.timing()
    sizes.push(req.sizes().then(s => ({ file, bytes: s.responseHeadersSize + s.responseBodySize, endedAt: startTime + responseEnd }), () => ({ file, bytes: 0, endedAt: NaN })))
  })
  return async (origin) => {
    const fetched = await Promise.all(sizes)
    const pyodideInMs = Math.max(...fetched.map(f => f.endedAt)) - origin
    return { pyodideBytes: sum(fetched.map(f => f.bytes)), pyodideRequests: fetched.length, pyodideInMs, pyodideFetched: fetched.map(({ endedAt: _, ...f }) => f) }
  }
}

/** Pyodide's files in the built deck (dist/assets/pyodide-*), per file and in total. */
export function pyodideFiles(dist) {
  const assets = join(dist, 'assets')
  const files = readdirSync(assets).filter(d => d.startsWith('pyodide-'))
    .flatMap(d => readdirSync(join(assets, d), { recursive: true }).map(f => join(assets, d, f)))
    .filter(path => statSync(path).isFile())
    .map(path => ({ file: relative(assets, path), bytes: statSync(path).size }))
  return { files, total: sum(files.map(f => f.bytes)) }
}
