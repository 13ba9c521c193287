// Figures 10 and 11: the hosted deck as a visitor meets it. The deck built for a sub-path
// (`--base /talk/`) on a server that plays GitHub Pages (no COOP/COEP, 404.html), over an
// emulated 20 Mbit/s link with 40 ms a request (scripts/serve.mjs `link`), a fresh profile
// each time: the first visit (first slide, isolation, bytes), a second visit, on a laptop
// and on a phone held upright (the reading view); and Lighthouse 12.2.3's mobile run (its
// default simulated throttling) on / and a cell's slide, as the slides and as the reading view.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import lighthouse from 'lighthouse'
import { chromium } from 'playwright-chromium'
import { launchOptions } from '../addon/scripts/chromium.mjs'
import { serve } from '../addon/scripts/serve.mjs'
import { npx } from './build.mjs'

const BASE = '/talk/'

/** The deck built at /talk/ into a temporary folder (removed by `remove`). */
export function buildSubPath() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-talk-'))
  const seconds = npx(['slidev', 'build', '--base', BASE, '--out', dir])
  return { dir, seconds, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

const siteOf = server => `http://127.0.0.1:${server.address().port}${BASE}`

/** A laptop's window, and a phone held upright (which gets the reading view). */
const DEVICES = {
  laptop: { viewport: { width: 1280, height: 720 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 },
}

/**
 * One first visit of `path` (a viewer's: ?viewer) and a second one in the same profile:
 * times from the navigation, and what the server sent. `slide` is the slide the path shows.
 */
async function visit(browser, dir, { path, slide, device = 'laptop', mbps = 20, latencyMs = 40, quietMs = 3000 }) {
  const server = await serve(dir, 0, '127.0.0.1', { base: BASE, githubPages: true, link: { mbps, latencyMs } })
  const context = await browser.newContext({ ...DEVICES[device], serviceWorkers: 'allow' })
  try {
    const page = await context.newPage()
    const start = Date.now()
    await page.goto(`${siteOf(server)}${path}`)
    await page.locator(`.slidev-page-${slide} .slidev-layout`).waitFor({ timeout: 60_000 })
    const slideMs = Date.now() - start
    await page.waitForFunction(() => crossOriginIsolated, null, { timeout: 60_000, polling: 50 })
    const isolatedMs = Date.now() - start
    // The first visit is over once the server has been quiet for a while.
    for (let last = server.stats.bytes, quiet = 0; quiet < quietMs; quiet += 250) {
      await new Promise(r => setTimeout(r, 250))
      if (server.stats.bytes !== last) { last = server.stats.bytes; quiet = 0 }
    }
    const first = { bytes: server.stats.bytes, requests: server.stats.requests }
    await page.reload()
    await page.locator(`.slidev-page-${slide} .slidev-layout`).waitFor()
    const secondSlideMs = Date.now() - start
    await new Promise(r => setTimeout(r, quietMs))
    return { slideMs, isolatedMs, bytes: first.bytes, requests: first.requests, secondBytes: server.stats.bytes - first.bytes, secondSlideMs }
  }
  finally {
    await context.close()
    server.closeAllConnections()
    server.close()
  }
}

/**
 * Figure 10: `n` first visits of a cell's slide and of the title, as a viewer, over the link;
 * and of the cell's slide on a phone held upright (the reading view, scrolled to that slide).
 */
export async function firstVisits(browser, { dir, slide, n, log }) {
  const out = { cell: [], title: [], reading: [] }
  for (let i = 0; i < n; i++) {
    log(`fig 10: first visit ${i + 1}/${n}`)
    out.cell.push(await visit(browser, dir, { path: `${slide}/?viewer`, slide }))
    out.title.push(await visit(browser, dir, { path: '?viewer', slide: 1 }))
    out.reading.push(await visit(browser, dir, { path: `${slide}/?viewer`, slide, device: 'phone' }))
  }
  return out
}

/**
 * Figure 11: Lighthouse (mobile preset: a Moto G Power, simulated 4G and a 4x slower CPU)
 * on / and a cell's slide, as a viewer, one fresh Chromium per run: as the slides (?slides:
 * held upright, the phone would get the reading view) and as the reading view (?read).
 */
export async function lighthouseRuns(_browser, { dir, slide, n, log }) {
  const server = await serve(dir, 0, '127.0.0.1', { base: BASE, githubPages: true })
  const runs = []
  try {
    for (const path of ['?viewer&slides', `${slide}/?viewer&slides`, '?viewer&read', `${slide}/?viewer&read`]) {
      for (let i = 0; i < n; i++) {
        log(`fig 11: Lighthouse ${BASE}${path} ${i + 1}/${n}`)
        const port = 9300 + i
        const chrome = await chromium.launch({ ...launchOptions(), args: [...launchOptions().args, `--remote-debugging-port=${port}`] })
        try {
          const { lhr } = await lighthouse(`${siteOf(server)}${path}`, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'] })
          const score = id => Math.round((lhr.categories[id]?.score ?? Number.NaN) * 100)
          runs.push({
            path: `${BASE}${path}`,
            performance: score('performance'), accessibility: score('accessibility'), bestPractices: score('best-practices'), seo: score('seo'),
            tbtMs: lhr.audits['total-blocking-time']?.numericValue,
            fcpMs: lhr.audits['first-contentful-paint']?.numericValue,
            bytes: lhr.audits['total-byte-weight']?.numericValue,
          })
        }
        finally { await chrome.close() }
      }
    }
  }
  finally {
    server.closeAllConnections()
    server.close()
  }
  return runs
}
