// `npm run bench`: the deck's live cells against Slidev's built-in {monaco-run} runner,
// in headless Chromium on loopback only. Prints a table and writes bench/results.json
// (bench/results-partial.json for --quick or --only runs).
//   --quick    n = 5 (fig 5 and 8: 2) for iterating; the committed numbers come from a full run
//   --build    rebuild dist/ and the fixture deck even when they exist
//   --no-export  skip figure 7 (the PDF export takes a while)
//   --only=1,4   run only these figures (3 comes with 1 and 2), for iterating
//   figures 10 and 11 (the hosted deck's first visit, Lighthouse) build the deck at /talk/ first
//   figure 12 (Python cells): first Python output after a cold load, a warm Run's first output,
//     and the bytes Pyodide adds (its files in dist/, and what the cold load fetched of them)
import { statSync, writeFileSync } from 'node:fs'
import { execSync } from 'node:child_process'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-chromium'
import { launchOptions } from '../addon/scripts/chromium.mjs'
import { serve } from '../addon/scripts/serve.mjs'
import { blocked, newPage } from './browser.mjs'
import { buildFixture, cellSlides, ensureDeck, fixtureDist, fixtureSnippets, liveCells, root, snapshotDeck } from './build.mjs'
import { coldLoads, coldLoadsFixture, pdfExport } from './figures-load.mjs'
import { devStarts } from './figures-dev.mjs'
import { navigation } from './figures-nav.mjs'
import { firstRuns, runLatency, speedups, stopReady } from './figures-run.mjs'
import { buildSubPath, firstVisits, lighthouseRuns } from './figures-hosting.mjs'
import { pythonCells } from './figures-python.mjs'
import { formatTable } from './table.mjs'
import { buildRows } from './rows.mjs'

const args = new Set(process.argv.slice(2))
const quick = args.has('--quick')
const n = quick ? 5 : 20
const nSpeedup = quick ? 2 : 5
const onlyArg = process.argv.find(a => a.startsWith('--only='))
const want = fig => !onlyArg || onlyArg.slice(7).split(',').includes(String(fig))
const started = performance.now()
const log = msg => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${msg}`)
const load = () => loadavg().map(x => x.toFixed(2)).join(' ')

const loadBefore = load()
log(`load average before: ${loadBefore}`)
const built = { deck: ensureDeck(args.has('--build')), fixture: buildFixture(args.has('--build')) }
if (built.deck || built.fixture) log(`built: deck ${built.deck.toFixed(0)} s, fixture ${built.fixture.toFixed(0)} s`)

const deckCopy = await snapshotDeck()
// What was measured: dist/ may be rebuilt by others; name its build time and the commit.
const deck = {
  builtAt: statSync(join(deckCopy.dir, 'index.html')).mtime.toISOString(),
  commit: execSync('git rev-parse --short HEAD', { cwd: root, encoding: 'utf8' }).trim(),
  dirtyTree: execSync('git status --porcelain --untracked-files=no', { cwd: root, encoding: 'utf8' }).trim() !== '',
}
const [deckServer, fixtureServer] = await Promise.all([serve(deckCopy.dir, 4781), serve(fixtureDist, 4782)])
const deckBase = 'http://127.0.0.1:4781'
const fixtureBase = 'http://127.0.0.1:4782'
const browser = await chromium.launch(launchOptions())
const results = {}
let machine
try {
  const probe = await newPage(browser)
  await probe.goto(`${deckBase}/1`)
  machine = {
    cpuModel: cpus()[0]?.model, osCpus: cpus().length,
    hardwareConcurrency: await probe.evaluate(() => navigator.hardwareConcurrency),
    crossOriginIsolated: await probe.evaluate(() => crossOriginIsolated),
    browser: `Chromium ${browser.version()}`, node: process.version, date: new Date().toISOString(),
  }
  await probe.context().close()

  const cells = await liveCells()
  const ctx = { deckBase, fixtureBase, cells, slides: await cellSlides(cells), snippets: fixtureSnippets(), n, log }
  if (want(2) || want(6)) Object.assign(results, await coldLoads(browser, ctx))
  if (want(6)) results.firstSlideFixture = await coldLoadsFixture(browser, { ...ctx, n: Math.max(5, n / 4) })
  if (want(1)) results.latency = await runLatency(browser, ctx)
  if (want(4)) results.stop = await stopReady(browser, ctx)
  if (want(5)) results.pool = await speedups(browser, { ...ctx, id: 'processes-pool', n: nSpeedup })
  if (want(5)) results.gil = await speedups(browser, { ...ctx, id: 'gil-cpu', n: nSpeedup })
  if (want(5)) results.poolFirst = await firstRuns(browser, { ...ctx, id: 'processes-pool', n: nSpeedup })
  if (want(5)) results.gilFirst = await firstRuns(browser, { ...ctx, id: 'gil-cpu', n: nSpeedup })
  if (want(9)) results.nav = await navigation(browser, { ...ctx, n: quick ? 3 : 10 })
  if (want(8)) results.dev = await devStarts(browser, { ...ctx, n: quick ? 2 : 5 })
  if (want(12)) results.python = await pythonCells(browser, { ...ctx, dist: deckCopy.dir })
  if (want(10) || want(11)) {
    const talk = buildSubPath()
    log(`built /talk/ in ${talk.seconds.toFixed(0)} s`)
    try {
      const slide = ctx.slides['blocking-vs-awaiting']
      if (want(10)) results.firstVisit = await firstVisits(browser, { ...ctx, dir: talk.dir, slide, n: quick ? 1 : 3 })
      if (want(11)) results.lighthouse = await lighthouseRuns(browser, { ...ctx, dir: talk.dir, slide, n: quick ? 1 : 2 })
    }
    finally { talk.remove() }
  }
}
finally {
  await browser.close()
  deckServer.close()
  fixtureServer.close()
  deckCopy.remove()
}
if (!args.has('--no-export') && want(7)) results.export = pdfExport({ log })

const loadAfter = load()
const rows = buildRows(results, { machine, n, nSpeedup, blocked: blocked.count })
const machineLine = `${machine.cpuModel}; os.cpus() ${machine.osCpus}, navigator.hardwareConcurrency ${machine.hardwareConcurrency}; `
  + `${machine.browser} (headless), Node ${machine.node}; ${machine.date.slice(0, 16).replace('T', ' ')} UTC`
const loadLine = `load average (1/5/15 min) before: ${loadBefore}; after: ${loadAfter}\n`
  + `deck: dist/ built ${deck.builtAt.slice(0, 16).replace('T', ' ')} UTC at ${deck.commit}${deck.dirtyTree ? ' (+ uncommitted changes)' : ''}`
console.log(`\nMachine: ${machineLine}\n${loadLine}${quick ? '\n(--quick: n = 5)' : ''}\n`)
console.log(formatTable(rows))
if (blocked.count) console.log(`\nblocked off-loopback requests: ${blocked.urls.join(', ')}`)

// A --quick or partial run must not overwrite the committed full results the README quotes.
const resultsFile = quick || onlyArg ? 'bench/results-partial.json' : 'bench/results.json'
writeFileSync(join(root, resultsFile), `${JSON.stringify({
  machine: { ...machine, loadBefore, loadAfter }, deck, quick, seconds: Math.round((performance.now() - started) / 1000),
  blockedRequests: blocked.count, rows: rows.map(({ values, ...r }) => ({ ...r, values: values.map(v => Math.round(v * 100) / 100) })), raw: results,
}, null, 2)}\n`)
log(`wrote ${resultsFile}`)
