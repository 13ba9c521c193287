// One way to drive a page, whatever the browser: Firefox (puppeteer-core over WebDriver
// BiDi, firefox.ts) and WebKit (selenium-webdriver over WebKitGTK's classic WebDriver,
// webkit.ts) each implement `EngineDriver`; the suite (e2e/engines.spec.ts) is written once
// against it. Elements are found in the page by the same contracts the Chromium specs use
// (data-cell, roles, accessible names), by a finder that runs in the page.

/** Which browser a project of playwright.config.ts runs e2e/engines.spec.ts in. */
export type Engine = 'firefox' | 'webkit' | 'webkit-no-sab'
export interface EngineOptions { engine: Engine }

/** A function that runs in the page: it must not reference anything outside itself. */
export type PageFn<A, R> = (arg: A) => R | Promise<R>

/** What a page reported that a test must see empty: as Playwright's guard in e2e/fixtures.ts collects for Chromium. */
export interface Problems {
  /** Uncaught errors and unhandled rejections. */
  pageErrors: string[]
  /** console.error, and resources that failed to load. */
  consoleErrors: string[]
  /** Requests that tried to leave loopback (all were refused). */
  external: string[]
  /** Errors from a document the isolation reload replaced (reported apart, so a test can say which). */
  beforeReload: string[]
  /** What the driver cannot see, said once per suite. */
  blind: string[]
}

export interface EnginePage {
  goto: (url: string) => Promise<void>
  /** Runs `fn(arg)` in the page (awaiting a promise it returns) and returns its JSON result. */
  evaluate: <A, R>(fn: PageFn<A, R>, arg: A) => Promise<R>
  /** Clicks the element `find(arg)` returns in the page (scrolled into view, at its centre), as a mouse does; false if it found none. */
  clickFound: <A>(find: PageFn<A, Element | null>, arg: A) => Promise<boolean>
  /** Presses a key or a chord on the focused element: 'Enter', 'Delete', 'Control+a', 'g'. */
  press: (keys: string) => Promise<void>
  /** Types `text` on the focused element, key by key ('\n' is Enter). */
  type: (text: string) => Promise<void>
  screenshot: (path: string) => Promise<void>
  /**
   * The page's current document is the one that stays (it is isolated, or the test says so):
   * errors from documents before it are reported apart, as `beforeReload`.
   */
  settled: () => Promise<void>
  problems: () => Promise<Problems>
  close: () => Promise<void>
}

/** A window's size, CSS px. */
export interface WindowSize { width: number, height: number }

export interface EngineDriver {
  /** 'firefox', 'webkit' or 'webkit-no-sab', and the browser's own version. */
  readonly name: string
  readonly version: string
  /**
   * A fresh page in a fresh profile (no service worker, no storage, no cache), in a window
   * (Firefox: a viewport) of `size` CSS px. @default a laptop's 1280 x 720 (WebKit: 1280 x 800)
   */
  newPage: (size?: WindowSize) => Promise<EnginePage>
  close: () => Promise<void>
}

export const sleep = (ms: number): Promise<void> => new Promise(done => setTimeout(done, ms))

/**
 * Polls `fn(arg)` in the page until it returns something truthy, through navigations (a
 * page that is reloading answers nothing for a moment); returns it. Fails after `timeout`
 * with `message` and the last thing the page said.
 */
export async function waitFor<A, R>(page: EnginePage, fn: PageFn<A, R>, arg: A, { timeout = 30_000, interval = 100, message = 'page condition' }: { timeout?: number, interval?: number, message?: string } = {}): Promise<NonNullable<R>> {
  const until = Date.now() + timeout
  let last: unknown
  for (;;) {
    try {
      const value = await page.evaluate(fn, arg)
      if (value) return value as NonNullable<R>
      last = value
    }
    catch (error) { last = (error as Error).message }
    if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${message} (last: ${JSON.stringify(last)?.slice(0, 500)})`)
    await sleep(interval)
  }
}

/**
 * In the page: the first visible element matching `selector` or, with `name`, the first
 * enabled, visible button or link inside one whose accessible name (aria-label, else its
 * trimmed text) is `name`; only once a click at its centre would reach it (in the viewport,
 * nothing on top) and it stands still (the same box 100 ms and two frames apart: a slide
 * still sliding in would take the click somewhere else). Null if there is none yet.
 */
export async function findByName({ selector, name }: { selector: string, name?: string }): Promise<Element | null> {
  const shown = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
  const find = () => {
    const roots = [...document.querySelectorAll(selector)].filter(shown)
    if (name === undefined) return roots[0] ?? null
    for (const root of roots) {
      for (const el of root.querySelectorAll('button, a[href], [role="button"]')) {
        const label = el.getAttribute('aria-label') ?? el.textContent?.trim()
        if (label === name && shown(el) && !(el as HTMLButtonElement).disabled) return el
      }
    }
    return null
  }
  const box = (el: Element) => JSON.stringify(el.getBoundingClientRect())
  const reachable = (el: Element) => {
    const r = el.getBoundingClientRect()
    const x = r.left + r.width / 2
    const y = r.top + r.height / 2
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false
    const hit = document.elementFromPoint(x, y)
    return hit !== null && (el === hit || el.contains(hit))
  }
  const first = find()
  if (!first || !reachable(first)) return null
  const before = box(first)
  await new Promise(done => setTimeout(done, 100))
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))
  return find() === first && box(first) === before && reachable(first) ? first : null
}

/** Waits for `findByName` to find something, then clicks it. */
export async function click(page: EnginePage, selector: string, name?: string, timeout = 30_000): Promise<void> {
  const until = Date.now() + timeout
  for (;;) {
    if (await page.clickFound(findByName, { selector, name }).catch(() => false)) return
    if (Date.now() > until) throw new Error(`no ${name === undefined ? 'element' : `enabled "${name}"`} in ${selector} after ${timeout} ms`)
    await sleep(100)
  }
}
