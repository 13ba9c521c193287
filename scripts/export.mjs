// `npm run export`: the PDF handout, rendered by `slidev export` in the Chromium
// that scripts/chromium.mjs picks (Debian's, CHROMIUM_PATH, or Playwright's own).
//
// Why the check: `slidev export` starts a dev server and prints as soon as <body>
// exists. On a cold or stale dependency cache (a fresh clone, a changed config)
// the optimizer may still be bundling then, and every page comes out blank. A
// blank export is tiny (~0.25 KiB a page against ~5 KiB), so it is caught here;
// then the print view is loaded on a dev server of our own until the cache is
// settled, and the export runs again.
import { spawnSync } from 'node:child_process'
import { statSync } from 'node:fs'
import { createServer, resolveOptions } from '@slidev/cli'
import { load } from '@slidev/parser/fs'
import { chromium } from 'playwright-chromium'
import { chromiumPath, launchOptions } from './chromium.mjs'

const output = process.env.EXPORT_OUTPUT ?? 'concurrency-vs-parallelism.pdf'
const started = performance.now()

async function warmUp() {
  const options = await resolveOptions({ entry: 'slides.md' }, 'dev')
  const server = await createServer(options, { server: { port: 18723, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' })
  await server.listen()
  const { port } = server.httpServer.address()
  const browser = await chromium.launch(launchOptions())
  try {
    const page = await browser.newPage()
    let loads = 0
    page.on('load', () => { loads++ })
    // Dependencies found while a load renders every slide are optimised then, and
    // Vite reloads the page; so load until a pass runs without such a reload.
    for (let pass = 0; pass < 4; pass++) {
      const before = loads
      await page.goto(`http://127.0.0.1:${port}/print?print=true`, { waitUntil: 'networkidle', timeout: 180_000 })
      await page.locator('.slidev-page').last().waitFor({ state: 'attached', timeout: 120_000 })
      await page.waitForFunction(() => !document.querySelector('.slidev-slide-loading'), null, { timeout: 120_000 })
      await page.waitForLoadState('networkidle')
      if (loads - before <= 1) break
    }
  }
  finally {
    await browser.close()
    await server.close()
  }
}

const exe = chromiumPath()
const args = ['slidev', 'export', '--output', output, '--timeout', '180000', '--wait-until', 'networkidle',
  ...(exe ? ['--executable-path', exe] : []), ...process.argv.slice(2)]
function exportOnce() {
  const run = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } })
  if (run.status !== 0) process.exit(run.status ?? 1)
}
const pages = async () => (await load({ roots: [process.cwd()], userRoot: process.cwd() }, 'slides.md')).slides.length
const blank = async () => statSync(output).size < 1024 * (await pages())

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
