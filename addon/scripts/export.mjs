#!/usr/bin/env node
// `live-cells-export` (a deck's `npm run export`), run in the deck's folder: the PDF
// handout (Slidev's `exportFilename`.pdf), rendered by `slidev export` in the Chromium
// that scripts/chromium.mjs picks (Debian's, CHROMIUM_PATH, or Playwright's own).
// Each live cell runs during the export, one after another, and its page carries the
// output, the timeline and where and when it was measured; the exporter waits for each
// cell's finished line (`data-waitfor`, components/LiveCell.vue).
//
//   npm run export -- --results runs.json   fills the cells from recorded results (a
//     cell's "Download records" file) instead of running them; a record whose code no
//     longer matches its snippet is refused, and nothing is exported.
//
// Why the check: `slidev export` starts a dev server and prints as soon as <body>
// exists. On a cold or stale dependency cache (a fresh clone, a changed config)
// the optimizer may still be bundling then, and every page comes out blank. A
// blank export is tiny (~0.25 KiB a page against ~5 KiB), so it is caught here;
// then the cache is settled (scripts/warm.mjs) and the export runs again.
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { runnerImport } from 'vite'
import { chromiumPath } from './chromium.mjs'
import { warmUp } from './warm.mjs'
import { handoutName, liveCellsOptions, readDeck } from './deck.mjs'

const deck = await readDeck()
const output = process.env.EXPORT_OUTPUT ?? handoutName(deck.headmatter)
const folder = liveCellsOptions(deck.headmatter).snippets
const started = performance.now()

// --results <file>: checked here, then handed to the deck (vite/plugins.ts reads LIVE_CELLS_RECORDED_RESULTS).
const argv = process.argv.slice(2)
const at = argv.indexOf('--results')
const resultsFile = at >= 0 ? argv.splice(at, 2)[1] : undefined
if (at >= 0 && !resultsFile) fail('--results needs a file (saved by a cell\'s "Download records")')
if (resultsFile) await checkResults(resolve(resultsFile))

function fail(message) {
  console.error(`export: ${message}`)
  process.exit(1)
}

async function checkResults(file) {
  const { module: records } = await runnerImport(new URL('../engine/record/record.ts', import.meta.url).pathname)
  let text
  try { text = readFileSync(file, 'utf8') } catch (e) { fail(`cannot read ${file}: ${e.message}`) }
  let parsed
  try { parsed = records.parseRecordFile(text) } catch (e) { fail(`${file}: ${e.message}`) }
  const snippets = Object.fromEntries(readdirSync(folder).filter(f => /\.(ts|py)$/.test(f) && !/\.(test|d)\.ts$/.test(f))
    .map(f => [f.slice(0, -3), readFileSync(`${folder}/${f}`, 'utf8')]))
  const { current, stale } = await records.checkRecords(parsed.records, snippets)
  if (stale.length) fail(`refusing ${file}: ${stale.map(s => `${s.cell}: ${s.reason}`).join('; ')}. Record those cells again (run them, then "Download records").`)
  console.log(`export: recorded results for ${current.length} cells from ${file}; other cells run live`)
  process.env.LIVE_CELLS_RECORDED_RESULTS = file
}

const exe = chromiumPath()
const args = ['slidev', 'export', '--output', output, '--timeout', '180000', '--wait-until', 'networkidle',
  ...(exe ? ['--executable-path', exe] : []), ...argv]
function exportOnce() {
  const run = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } })
  if (run.status !== 0) process.exit(run.status ?? 1)
}
const blank = async () => statSync(output).size < 1024 * deck.slides

exportOnce()
if (await blank()) {
  console.warn('export: the pages came out blank (the dev server\'s dependency cache was cold); settling it and exporting again')
  await warmUp()
  exportOnce()
  if (await blank()) {
    console.error(`export: ${output} is still blank`)
    process.exit(1)
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(1)
console.log(`export: ${output}, ${(statSync(output).size / 1024).toFixed(0)} KiB in ${seconds} s`)
