// Drives the harness page in Chromium: node engine/.harness/drive.mjs [url] [only-case]
import { chromium } from 'playwright-chromium'
const url = process.argv[2] ?? 'http://127.0.0.1:5183/'
const only = process.argv[3]
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] })
const page = await browser.newPage()
page.on('console', m => console.log('  [page]', m.type(), m.text().slice(0, 300)))
page.on('pageerror', e => console.log('  [pageerror]', e.message))
await page.goto(url)
const t = Date.now()
for (let i = 0; ; i++) { try { await page.evaluate(() => window.ready); break } catch (e) { if (i > 3) throw e; await page.waitForLoadState('load') } }
console.log('prewarm ms', Date.now() - t, 'isolated', await page.evaluate(() => crossOriginIsolated))
const run = (src, opts) => page.evaluate(([s, o]) => window.runIt(s, o), [src, opts ?? {}])
const sleep = ms => new Promise(r => setTimeout(r, ms))
const logs = r => r.events.filter(e => e.type === 'log').map(e => e.text)
const show = (name, r, extra = '') => console.log(`${name}: ${JSON.stringify(r.outcome).slice(0, 300)} first=${r.firstOutput?.toFixed(0)} end=${r.tEnd.toFixed(0)} next=${r.nextRunMs.toFixed(0)} probe=${r.probe} ${extra}`)
const cases = { ...(await import('./cases.mjs')).default, ...(await import('./cases2.mjs')).default, ...(await import('./cases3.mjs')).default, ...(await import('./cases4.mjs')).default }
for (const [name, fn] of Object.entries(cases)) {
  if (only && !name.includes(only)) continue
  console.log('case', name); try { await fn({ run, show, logs, sleep, page }) } catch (e) { console.log(name, 'FAILED', e) }; console.log('end', name)
}
await browser.close()
