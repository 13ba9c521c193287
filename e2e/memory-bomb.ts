// The memory-bomb check (issue 24: nothing a cell runs can take the deck down), written
// for any driver: it needs only a small page interface (`BombPage`), so the Chromium specs
// (puppeteer over CDP: Playwright reports an iframe's crash as the page's and gives the
// page up) and the Firefox and WebKit suites (puppeteer over WebDriver BiDi, selenium) can
// all call it. Bombs in a row, each followed by a good run in the same cell; then the
// slides still move, the edit is kept, and another window of the deck is untouched.
// It throws with what went wrong, and returns what it saw (times, outcomes).
import type { Browser, Page } from 'puppeteer-core'

/** What the check needs of a page, whatever drives it. */
export interface BombPage {
  /** Calls `fn` (a function's source) in the page with `args` (JSON) and returns its result (a promise is awaited). */
  call<T>(fn: string, ...args: unknown[]): Promise<T>
  /** Replaces cell `id`'s code as a person would: focus the editor, select all, type. */
  typeCode(id: string, code: string): Promise<void>
  /** Presses a key (slide navigation). */
  press(key: 'ArrowRight' | 'ArrowLeft'): Promise<void>
  /**
   * Clicks cell `id`'s Run as a person does. @default a click from the page's own script
   * (WebKit's Monaco takes such a click, no user gesture, for a clipboard write it is refused: an error in the console)
   */
  clickRun?(id: string): Promise<void>
}

export const JS_BOMB = 'const hog: number[][] = []\nwhile (true) hog.push(new Array(1_000_000).fill(1))'
export const PY_BOMB = 'hog = []\nwhile True: hog.append(bytearray(50 * 2**20))'

/** One run: the state it ended in, ms from the click, the output's last lines. */
export interface RunSeen { state: string, ms: number, log: string }
export interface BombReport { runs: Array<{ bomb: RunSeen, good: RunSeen }>, runnerLost: number, runnerUp: number[], lostAfterAnswerMs: number[] }

// In the page: get ready to time a run of cell `id` from its Run click (after the click, the state must change first).
function armRun(id: string): void {
  const cell = document.querySelector(`[data-cell="${id}"]`) as HTMLElement
  const run = { t0: performance.now(), moved: false }
  ;(window as unknown as { __bombRun?: typeof run }).__bombRun = run
  cell.addEventListener('click', () => { run.t0 = performance.now() }, { capture: true, once: true })
  new MutationObserver((_, mo) => { run.moved = true; mo.disconnect() }).observe(cell, { attributes: true, attributeFilter: ['data-state'] })
}

// In the page: Run, clicked from the page itself (a driver that clicks as a person does passes its own `clickRun`).
function clickRun(id: string): void {
  ;(document.querySelector(`[data-cell="${id}"] button.run`) as HTMLButtonElement).click()
}

// In the page: waits for the armed run's end.
function runEnded(id: string, timeoutMs: number): Promise<RunSeen> {
  const cell = document.querySelector(`[data-cell="${id}"]`) as HTMLElement
  const run = (window as unknown as { __bombRun: { t0: number, moved: boolean } }).__bombRun
  return new Promise((resolve, reject) => {
    const check = () => {
      const state = cell.dataset.state ?? ''
      if (run.moved && ['done', 'error', 'timeout', 'stopped'].includes(state)) {
        const log = (cell.querySelector('[role="log"]') as HTMLElement).innerText
        return resolve({ state, ms: Math.round(performance.now() - run.t0), log: log.split('\n').slice(-4).join('\n') })
      }
      if (performance.now() - run.t0 > timeoutMs) return reject(new Error(`cell ${id} still ${state} after ${timeoutMs} ms`))
      setTimeout(check, 25)
    }
    check()
  })
}

// In the page: what the runner frame has been through (addon/engine/run/frame.ts leaves marks).
function runnerMarks() {
  const marks = performance.getEntriesByType('mark') as PerformanceMark[]
  const lost = marks.filter(m => m.name === 'live-cells:runner-lost')
  return {
    lost: lost.length,
    up: marks.filter(m => m.name === 'live-cells:runner-up').map(m => Math.round(m.startTime)),
    lostAfterAnswerMs: lost.map(m => Math.round(m.startTime - ((m.detail as { answeredAt?: number })?.answeredAt ?? m.startTime))),
  }
}

const here = () => ({ path: location.pathname, token: (window as unknown as { __bombToken?: number }).__bombToken })
const mark = (token: number) => { (window as unknown as { __bombToken?: number }).__bombToken = token }

/**
 * `bombs` memory bombs in cell `id`, each followed by `good` (which must print `alive`).
 * A bomb may end as `timeout` (the budget came first), or `error`: the run's process ended
 * (the runner frame) or its language said so (Python's MemoryError).
 */
export async function memoryBombs(page: BombPage, { id, bomb, good, bombs = 3, other, log = () => {} }: { id: string, bomb: string, good: string, bombs?: number, other?: BombPage, log?: (line: string) => void }): Promise<BombReport> {
  const token = Date.now()
  await page.call(String(mark), token)
  if (other) await other.call(String(mark), token)
  const before = await page.call<{ path: string }>(String(here))
  const alive = async (what: string) => {
    const now = await page.call<{ token?: number }>(String(here)).catch((e: Error) => { throw new Error(`the page did not survive ${what}: ${e.message}`) })
    if (now.token !== token) throw new Error(`the page was reloaded during ${what}`)
  }
  const runCell = async (timeoutMs: number): Promise<RunSeen> => {
    await page.call(String(armRun), id)
    await (page.clickRun ? page.clickRun(id) : page.call(String(clickRun), id))
    return page.call<RunSeen>(String(runEnded), id, timeoutMs)
  }
  const runs: BombReport['runs'] = []
  const type = async (code: string) => {
    await page.typeCode(id, code)
    // The cell keeps the speaker's edit (composables/useStoredCode.ts): the text typed is the text that runs.
    await page.call(String((key: string, code: string) => new Promise<void>((resolve, reject) => {
      const t0 = performance.now()
      const check = () => localStorage.getItem(key) === code ? resolve() : performance.now() - t0 > 5000 ? reject(new Error(`typed ${JSON.stringify(localStorage.getItem(key))}, not ${JSON.stringify(code)}`)) : setTimeout(check, 25)
      check()
    })), `live-cells:cell:${id}`, code)
  }
  for (let k = 1; k <= bombs; k++) {
    await type(bomb)
    const seen = await runCell(60_000).catch((e: Error) => { throw new Error(`bomb ${k}: ${e.message}`) })
    await alive(`bomb ${k}`)
    const ok = seen.state === 'timeout' || (seen.state === 'error' && /all the memory it could get|MemoryError/.test(seen.log))
    if (!ok) throw new Error(`bomb ${k} ended ${seen.state}: ${seen.log}`)
    await type(good)
    const after = await runCell(60_000)
    if (after.state !== 'done' || !after.log.includes('alive')) throw new Error(`the run after bomb ${k} ended ${after.state}: ${after.log}`)
    runs.push({ bomb: seen, good: after })
    log(`bomb ${k}: ${seen.state} after ${seen.ms} ms (${seen.log.split('\n').at(-1)}); then ${after.state} in ${after.ms} ms`)
  }
  // The slides still move (the keys go to the deck, not the editor), and the edit is still there.
  await page.call(String(() => (document.activeElement as HTMLElement | null)?.blur()))
  await page.press('ArrowRight')
  await page.call(String((from: string) => new Promise<void>((resolve, reject) => {
    const t0 = performance.now()
    const focus = () => `focus: ${document.hasFocus() ? '' : 'not '}on the page, on ${document.activeElement?.tagName}.${document.activeElement?.className}`
    const check = () => location.pathname !== from ? resolve() : performance.now() - t0 > 10_000 ? reject(new Error(`the next slide did not show (still ${from}; ${focus()})`)) : setTimeout(check, 25)
    check()
  })), before.path)
  await page.press('ArrowLeft')
  await alive('the slide change')
  const kept = await page.call<string | null>(String((key: string) => localStorage.getItem(key)), `live-cells:cell:${id}`)
  if (kept !== good) throw new Error(`the edit was not kept: ${JSON.stringify(kept)}`)
  if (other) {
    const seen = await other.call<{ token?: number }>(String(here)).catch((e: Error) => { throw new Error(`the other window did not survive: ${e.message}`) })
    if (seen.token !== token) throw new Error('the other window was reloaded')
  }
  const marks = await page.call<ReturnType<typeof runnerMarks>>(String(runnerMarks))
  return { runs, runnerLost: marks.lost, runnerUp: marks.up, lostAfterAnswerMs: marks.lostAfterAnswerMs }
}

/** A BombPage over puppeteer (Chromium over CDP, Firefox over WebDriver BiDi). */
export function puppeteerPage(page: Page): BombPage {
  return {
    call: <T>(fn: string, ...args: unknown[]) => page.evaluate(`(${fn})(...${JSON.stringify(args)})`) as Promise<T>,
    async typeCode(id, code) {
      const editor = `[data-cell="${id}"] .monaco-editor`
      await page.waitForSelector(`[data-cell="${id}"] .code-editor[data-ready="true"]`)
      await page.click(`${editor} .view-lines`)
      await page.keyboard.down('ControlLeft')
      await page.keyboard.press('KeyA')
      await page.keyboard.up('ControlLeft')
      await page.keyboard.press('Delete')
      // As an input method would (no auto-indent, no closing brackets); over WebDriver BiDi,
      // which sends no more than one character so, typed (the editor overtypes its brackets).
      await page.keyboard.sendCharacter(code).catch(() => page.keyboard.type(code))
    },
    async press(key) {
      await page.bringToFront() // the speaker's window is the one in front (another window of the deck may be open)
      await page.keyboard.press(key)
    },
  }
}

/**
 * Chromium for the check: as Playwright's (CHROMIUM_PATH, Debian's, the same flags), but
 * driven by puppeteer, whose page outlives an iframe's crash. Puppeteer's defaults disable
 * IsolateSandboxedIframes (so every sandboxed frame would share the page's process), so
 * its --disable-features switch is left out (`args` must not have one).
 */
export async function launchChromium(options: { executablePath: string, args: string[] }): Promise<Browser> {
  const { default: puppeteer } = await import('puppeteer-core')
  const features = puppeteer.defaultArgs({ headless: true, args: [] }).filter(a => a.startsWith('--disable-features='))
  return puppeteer.launch({ headless: true, executablePath: options.executablePath, ignoreDefaultArgs: features, args: options.args })
}

/**
 * A page of the deck at `url` (puppeteer), left until the deck is ready (a speaker's page:
 * the editors and the Python interpreter are up). What leaves loopback (by `isLocal`) and
 * what the page reports as an error are kept for the test to check.
 */
export async function openDeck(browser: Browser, url: string, isLocal: (url: string) => boolean): Promise<{ page: Page, external: string[], errors: string[] }> {
  const page = await browser.newPage()
  await page.setViewport({ width: 1280, height: 720 })
  const external: string[] = []
  const errors: string[] = []
  page.on('request', (r) => { if (!isLocal(r.url())) external.push(r.url()) })
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  // (Slidev's wake lock, refused headless, is not the deck's error; logic/wake-lock.ts keeps it from being one.)
  page.on('pageerror', (e) => { if (!/Wake Lock/.test(String(e))) errors.push(String(e)) })
  await page.goto(url)
  await page.waitForFunction(() => document.documentElement.dataset.liveCells === 'ready', { timeout: 120_000 })
  return { page, external, errors }
}
