// `npm run export`: the PDF handout, rendered by `slidev export` in the Chromium
// that scripts/chromium.mjs picks (Debian's, CHROMIUM_PATH, or Playwright's own).
//
// Why the warm-up: `slidev export` starts a dev server and prints as soon as
// <body> exists. On a cold cache (a fresh clone, CI) the dependency optimizer is
// still bundling then, the slides have not rendered, and the PDF comes out blank.
// So we first open the print view once on a dev server of our own and wait for
// the slides to render; that fills the optimizer cache the export then reuses.
import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { createServer, resolveOptions } from '@slidev/cli'
import { chromium } from 'playwright-chromium'
import { chromiumPath, launchOptions } from './chromium.mjs'

const output = process.env.EXPORT_OUTPUT ?? 'concurrency-vs-parallelism.pdf'
const started = performance.now()

async function warmUp() {
  if (existsSync('node_modules/.vite/deps/_metadata.json')) return
  const options = await resolveOptions({ entry: 'slides.md' }, 'dev')
  const server = await createServer(options, { server: { port: 18723, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' })
  await server.listen()
  const { port } = server.httpServer.address()
  const browser = await chromium.launch(launchOptions())
  try {
    const page = await browser.newPage()
    await page.goto(`http://127.0.0.1:${port}/print?print=true`, { waitUntil: 'networkidle', timeout: 180_000 })
    await page.locator('.slidev-page').first().waitFor({ timeout: 120_000 })
  }
  finally {
    await browser.close()
    await server.close()
  }
}

await warmUp()
const exe = chromiumPath()
const args = ['slidev', 'export', '--output', output, '--timeout', '180000', '--wait-until', 'networkidle',
  ...(exe ? ['--executable-path', exe] : []), ...process.argv.slice(2)]
const run = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } })
if (run.status !== 0) process.exit(run.status ?? 1)
const seconds = ((performance.now() - started) / 1000).toFixed(1)
console.log(`export: ${output}, ${(statSync(output).size / 1024).toFixed(0)} KiB in ${seconds} s`)
