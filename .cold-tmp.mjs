import { chromium } from '@playwright/test'
import { launchOptions } from '/work/main/scripts/chromium.mjs'
import { serve } from '/work/main/scripts/serve.mjs'
const slides = { 'io-vs-cpu': 6, 'gil-cpu': 0, 'processes-pool': 0, 'http-parse': 0, 'amdahl': 0 }
import { readFileSync } from 'node:fs'
const md = readFileSync('/work/main/slides.md', 'utf8')
const server = await serve('/work/main/dist', 4199)
const browser = await chromium.launch(launchOptions())
const ids = process.argv.slice(2).length ? process.argv.slice(2) : ['processes-pool', 'gil-cpu', 'http-parse', 'io-vs-cpu', 'amdahl']
// find slide numbers by visiting? use the parser
const { load } = await import('@slidev/parser/fs')
const data = await load({ roots: ['/work/main'], userRoot: '/work/main' }, '/work/main/slides.md')
const vis = data.slides.filter(s => !s.frontmatter?.hide && !s.frontmatter?.disabled)
for (const id of ids) {
  const no = vis.findIndex(s => s.source.content.includes(`id="${id}"`)) + 1
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' })
  const page = await ctx.newPage()
  page.on('console', m => { if (m.type() === 'error' || m.type()==='warning') console.log('  console', m.type(), m.text().slice(0,200)) })
  const t0 = Date.now()
  await page.goto(`http://127.0.0.1:4199/${no}`)
  const cell = page.locator(`[data-cell="${id}"]`)
  await cell.locator('.code-editor[data-ready="true"]').waitFor({ timeout: 60000 })
  const tReady = Date.now() - t0
  if (process.env.WARM) await page.waitForFunction(() => document.documentElement.dataset.liveCells === 'ready', null, { timeout: 90000 })
  for (let k = 0; k < Number(process.env.RUNS ?? 1); k++) {
  if (k) await page.waitForTimeout(500)
  await cell.getByRole('button', { name: 'Run' }).click()
  await page.waitForFunction((id) => ['done','error','timeout'].includes(document.querySelector(`[data-cell="${id}"]`).dataset.state), id, { timeout: 120000 })
  const log = await cell.getByRole('log').innerText()
  const label = await cell.locator('.live-cell__timeline svg[role="img"]').getAttribute('aria-label').catch(() => '')
  const rec = await page.evaluate((id) => JSON.parse(localStorage.getItem('cvp:record:' + id) || 'null'), id)
  const paces = rec?.groups?.map(g => `${g.group}: ${g.pace ? g.pace.speed.toFixed(2) + ' of ' + Math.round(g.pace.workMs) : '-'}`).join(' | ')
  console.log(`${id} (slide ${no}, editor ready ${tReady} ms, done at ${Date.now() - t0} ms):\n  ${log.replace(/\n/g, '\n  ')}\n  LABEL ${label}\n  PACE ${paces}`)
  }
  await ctx.close()
}
await browser.close(); server.close()
