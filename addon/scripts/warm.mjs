#!/usr/bin/env node
// `npm run warm`: fills Vite's dependency cache before a talk, so `npm run dev` starts
// warm at the venue. It starts the dev server, loads every slide (the print view) in
// headless Chromium until a load ends without Vite finding new dependencies, and stops.
// The export uses it too, when a cold cache gave it blank pages.
import { createServer, resolveOptions } from '@slidev/cli'
import { chromium } from 'playwright-chromium'
import { launchOptions } from './chromium.mjs'
import { isMain } from './main.mjs'

export async function warmUp({ log = () => {} } = {}) {
  const started = performance.now()
  const options = await resolveOptions({ entry: 'slides.md' }, 'dev')
  const server = await createServer(options, { server: { port: 18723, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' })
  await server.listen()
  const { port } = server.httpServer.address()
  const browser = await chromium.launch(launchOptions())
  try {
    const page = await browser.newPage()
    let loads = 0
    page.on('load', () => { loads++ })
    // Dependencies found while a load renders every slide are optimised then, and Vite
    // reloads the page; so load until a pass runs without such a reload.
    for (let pass = 0; pass < 4; pass++) {
      const before = loads
      await page.goto(`http://127.0.0.1:${port}/print?print=true`, { waitUntil: 'networkidle', timeout: 180_000 })
      await page.locator('.slidev-page').last().waitFor({ state: 'attached', timeout: 120_000 })
      await page.waitForFunction(() => !document.querySelector('.slidev-slide-loading'), null, { timeout: 120_000 })
      await page.waitForLoadState('networkidle')
      log(`warm: pass ${pass + 1}, ${loads - before} load(s)`)
      if (loads - before <= 1) break
    }
    // The editor's chunk too (the print view shows no editor).
    await page.goto(`http://127.0.0.1:${port}/1`, { waitUntil: 'networkidle' })
    await page.waitForFunction(() => document.documentElement.dataset.liveCells === 'ready', null, { timeout: 120_000 })
  }
  finally {
    await browser.close()
    await server.close()
  }
  return (performance.now() - started) / 1000
}

if (isMain(import.meta.url)) {
  const seconds = await warmUp({ log: console.log })
  console.log(`warm: the dependency cache is ready (${seconds.toFixed(1)} s); npm run dev now starts warm`)
}
