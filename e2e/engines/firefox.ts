import type { Browser, ElementHandle, KeyInput, Page } from 'puppeteer-core'
import type { EngineDriver, EnginePage, PageFn, Problems } from './driver'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import puppeteer from 'puppeteer-core'
import { isLocal } from '../fixtures'
import { refusingProxy } from './refusing-proxy'

// Firefox: Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi (Playwright
// 1.65's own BiDi channel launches ESR 153, but its newContext sends a command ESR lacks:
// `emulation.setMediaFeaturesOverride`). One browser per suite, a BiDi user context (a fresh
// profile: no service worker, storage or cache) per page. Requests: the page's own through
// BiDi's network events, and every connection off loopback through the refusing proxy.
// Errors: BiDi log entries, each with the realm (document) it came from.

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'

interface LogEntry { level: string, type: string, text: string | null, source: { realm: string }, stackTrace?: { callFrames: Array<{ url: string, functionName: string, lineNumber: number, columnNumber: number }> } }
/** An entry's text, and where it came from when the browser says. */
const describe = (entry: LogEntry): string => {
  const at = entry.stackTrace?.callFrames?.[0]
  return `${entry.text ?? ''}${at ? ` (at ${at.functionName || '?'} ${at.url.replace(/^.*\//, '')}:${at.lineNumber + 1}:${at.columnNumber + 1})` : ''}`
}
interface CoreContext {
  on: (event: 'log', listener: (e: { entry: LogEntry }) => void) => void
  defaultRealm: { id: string }
}

export async function launchFirefox(): Promise<EngineDriver> {
  // Firefox writes into $HOME even with a profile of its own: a folder this suite owns.
  const home = await mkdtemp(join(tmpdir(), 'live-cells-firefox-home-'))
  const proxy = await refusingProxy()
  let browser: Browser
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      protocol: 'webDriverBiDi',
      // MOZ_REMOTE_SETTINGS_DEVTOOLS: a release build takes services.settings.server only with it.
      env: { ...process.env, HOME: home, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
      extraPrefsFirefox: {
        // Everything not for loopback goes to the refusing proxy (Firefox never sends
        // loopback through a proxy).
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': false,
        'network.dns.disablePrefetch': true,
        // The browser's own background traffic, which is none of the deck's.
        'network.captive-portal-service.enabled': false,
        'network.connectivity-service.enabled': false,
        'browser.region.network.url': '',
        'browser.region.update.enabled': false,
        'services.settings.server': 'http://127.0.0.1:9/',
        'toolkit.telemetry.enabled': false,
        'toolkit.telemetry.server': '',
        'app.normandy.enabled': false,
        'security.OCSP.enabled': 0,
      },
    })
  }
  catch (error) {
    await proxy.close()
    await rm(home, { recursive: true, force: true })
    throw error
  }
  const version = await browser.version()
  return {
    name: 'firefox',
    version,
    async newPage(size = { width: 1280, height: 720 }) {
      const context = await browser.createBrowserContext()
      const page = await context.newPage()
      await page.setViewport(size)
      return firefoxPage(page, () => context.close(), proxy.seen)
    },
    async close() {
      await browser.close().catch(() => {})
      await proxy.close()
      await rm(home, { recursive: true, force: true })
    },
  }
}

function firefoxPage(page: Page, closeContext: () => Promise<void>, proxySeen: string[]): EnginePage {
  const proxyFrom = proxySeen.length
  const external: string[] = []
  const errors: Array<{ kind: 'pageerror' | 'console', text: string, realm: string }> = []
  let stays: string | undefined
  page.on('request', (r) => { if (!isLocal(r.url())) external.push(r.url()) })
  // puppeteer's BidiFrame keeps its core browsing context; its log entries say which realm
  // (document) they came from, which the page-level events do not.
  const core = (page.mainFrame() as unknown as { browsingContext: CoreContext }).browsingContext
  core.on('log', ({ entry }) => {
    if (entry.level !== 'error') return
    if (entry.type === 'javascript') errors.push({ kind: 'pageerror', text: describe(entry), realm: entry.source.realm })
    else if (entry.type === 'console') errors.push({ kind: 'console', text: describe(entry), realm: entry.source.realm })
  })
  const self: EnginePage = {
    async goto(url) {
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 })
    },
    async evaluate<A, R>(fn: PageFn<A, R>, arg: A): Promise<R> {
      return await page.evaluate(fn as (a: unknown) => R, arg as unknown) as R
    },
    async clickFound(find, arg) {
      const handle = await page.evaluateHandle(find as (a: unknown) => Element | null, arg as unknown)
      const element = handle.asElement() as ElementHandle<Element> | null
      if (!element) { await handle.dispose(); return false }
      try { await element.click() }
      finally { await element.dispose() }
      return true
    },
    async press(keys) {
      const parts = keys.split('+') as KeyInput[]
      const key = parts.pop()!
      for (const m of parts) await page.keyboard.down(m)
      await page.keyboard.press(key)
      for (const m of parts.reverse()) await page.keyboard.up(m)
    },
    async type(text) {
      await page.keyboard.type(text)
    },
    async screenshot(path) {
      await page.screenshot({ path: path as `${string}.png` })
    },
    async settled() {
      stays = core.defaultRealm.id
    },
    async problems(): Promise<Problems> {
      // The suite settles a page once, after its one load and the isolation reload, and
      // then moves only inside the deck: every other document came before.
      const before = (realm: string) => stays !== undefined && realm !== stays
      return {
        pageErrors: errors.filter(e => e.kind === 'pageerror' && !before(e.realm)).map(e => e.text),
        consoleErrors: errors.filter(e => e.kind === 'console' && !before(e.realm)).map(e => e.text),
        beforeReload: errors.filter(e => before(e.realm)).map(e => `${e.kind}: ${e.text}`),
        external: [...external, ...proxySeen.slice(proxyFrom)],
        blind: [],
      }
    },
    async close() {
      await closeContext().catch(() => {})
    },
  }
  return self
}
