import type { ChildProcess } from 'node:child_process'
import type { EngineDriver, EnginePage, PageFn, Problems } from './driver'
import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { Builder, Key, type WebDriver, type WebElement } from 'selenium-webdriver'
import { sleep } from './driver'
import { PROBE_KEY, type ProbeEntry, readProbe } from './probe'
import { refusingProxy } from './refusing-proxy'

// WebKit (Safari's engine): WebKitGTK's MiniBrowser, driven over classic WebDriver by
// WebKitWebDriver (Debian's webkit2gtk-driver) through selenium-webdriver, on an Xvfb
// display of its own. One WebKitWebDriver per suite; a new session per page is a fresh
// browser (MiniBrowser in automation mode keeps no data). `sharedArrayBuffer: true` turns
// SharedArrayBuffer on as Safari ships it (JSC_useSharedArrayBuffer=1: WebKitGTK leaves it
// off by default); without it a cross-origin isolated page still has no SharedArrayBuffer.
// Requests: every one not for loopback goes through the refusing proxy (http_proxy and
// https_proxy in its environment). Errors: the in-page probe (probe.ts), since classic WebDriver reports none.

export const MINIBROWSER = process.env.WEBKIT_MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser'
export const WEBKIT_DRIVER = process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver'

const BLIND = [
  'WebKit (classic WebDriver): page errors and console errors come from an in-page probe the test server puts first in every page; '
  + 'what the browser reports without telling the page (a font or request cut off, a CSP report) and uncaught errors inside workers are not seen.',
]

/** Starts Xvfb on a display it picks itself (-displayfd); resolves with the display and the process. */
async function startXvfb(): Promise<{ display: string, process: ChildProcess }> {
  const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] })
  let stderr = ''
  xvfb.stderr!.on('data', (d: Buffer) => { stderr += d })
  const display = await new Promise<string>((resolve, reject) => {
    let out = ''
    const fd3 = xvfb.stdio[3] as NodeJS.ReadableStream
    fd3.on('data', (d: Buffer) => {
      out += d
      if (out.includes('\n')) resolve(`:${out.trim()}`)
    })
    xvfb.once('exit', code => reject(new Error(`Xvfb exited (${code}): ${stderr.slice(-500)}`)))
    setTimeout(() => reject(new Error(`Xvfb did not start in 10 s: ${stderr.slice(-500)}`)), 10_000)
  })
  return { display, process: xvfb }
}

const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const s = createServer()
  s.once('error', reject)
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number }
    s.close(() => resolve(port))
  })
})

function stop(child: ChildProcess | undefined) {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
}

export async function launchWebKit({ sharedArrayBuffer }: { sharedArrayBuffer: boolean }): Promise<EngineDriver> {
  const children: ChildProcess[] = []
  const killAll = () => children.forEach(stop)
  process.once('exit', killAll)
  const proxy = await refusingProxy()
  try {
    const xvfb = await startXvfb()
    children.push(xvfb.process)
    const port = await freePort()
    const env: NodeJS.ProcessEnv = { ...process.env, DISPLAY: xvfb.display, WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS: '1' }
    // The refusing proxy through the environment (WebKitGTK's network process reads it), not
    // WebDriver's proxy capability: with that one, a new session hangs now and then before
    // MiniBrowser starts (seen 3 in 12 sessions; none in 48 without it).
    const via = `http://127.0.0.1:${proxy.port}`
    Object.assign(env, { http_proxy: via, https_proxy: via, HTTP_PROXY: via, HTTPS_PROXY: via, no_proxy: '127.0.0.1,localhost', NO_PROXY: '127.0.0.1,localhost' })
    if (sharedArrayBuffer) env.JSC_useSharedArrayBuffer = '1'
    else delete env.JSC_useSharedArrayBuffer
    const driverProcess = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    children.push(driverProcess)
    let driverErr = ''
    driverProcess.stderr!.on('data', (d: Buffer) => { driverErr = (driverErr + d).slice(-4000) })
    const server = `http://127.0.0.1:${port}`
    for (let i = 0; ; i++) {
      if (await fetch(`${server}/status`).then(r => r.ok, () => false)) break
      if (i > 100 || driverProcess.exitCode !== null) throw new Error(`WebKitWebDriver did not start: ${driverErr}`)
      await sleep(100)
    }
    const name = sharedArrayBuffer ? 'webkit' : 'webkit-no-sab'
    let version = ''
    return {
      name,
      get version() { return version },
      async newPage(size = { width: 1280, height: 800 }) {
        const driver = await withTimeout(new Builder().usingServer(server).withCapabilities({
          'browserName': 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        }).build(), 30_000, () => `WebKitWebDriver opened no MiniBrowser session in 30 s: ${driverErr.slice(-1000)}`)
        version ||= `WebKitGTK ${(await driver.getCapabilities()).get('browserVersion') ?? '?'}`
        await driver.manage().setTimeouts({ script: 120_000, pageLoad: 60_000 })
        await driver.manage().window().setRect({ x: 0, y: 0, ...size })
        return webkitPage(driver, proxy.seen)
      },
      async close() {
        killAll()
        process.removeListener('exit', killAll)
        await proxy.close()
      },
    }
  }
  catch (error) {
    killAll()
    process.removeListener('exit', killAll)
    await proxy.close()
    throw error
  }
}

/** The promise, or an error after `ms` (a driver that never answers fails the test, not the run). */
function withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([promise, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(message())), ms) })]).finally(() => clearTimeout(timer))
}

const KEYS: Record<string, string> = {
  Control: Key.CONTROL, Shift: Key.SHIFT, Alt: Key.ALT, Meta: Key.META,
  Enter: Key.ENTER, Delete: Key.DELETE, Backspace: Key.BACK_SPACE, Escape: Key.ESCAPE, Tab: Key.TAB,
  ArrowLeft: Key.ARROW_LEFT, ArrowRight: Key.ARROW_RIGHT, ArrowUp: Key.ARROW_UP, ArrowDown: Key.ARROW_DOWN,
}
const key = (name: string) => KEYS[name] ?? name

function webkitPage(driver: WebDriver, proxySeen: string[]): EnginePage {
  const proxyFrom = proxySeen.length
  let stays: number | undefined
  const run = <A, R>(fn: PageFn<A, R>, arg: A) => driver.executeScript<R>(`return (${fn.toString()}).apply(null, arguments)`, arg)
  return {
    async goto(url) {
      await driver.get(url)
    },
    evaluate: run,
    async clickFound(find, arg) {
      const element = await driver.executeScript<WebElement | null>(
        `return (async (arg) => { const el = await (${find.toString()})(arg); el?.scrollIntoView({ block: 'nearest', inline: 'nearest' }); return el })(arguments[0])`, arg)
      if (!element) return false
      // WebKitWebDriver now and then drops a pointer click under Xvfb (the element never sees
      // it: no click event at all). The element says whether one arrived; a click that never
      // reached the page is sent again, one that reached it and did nothing is the deck's to answer for.
      await driver.executeScript('arguments[0].__e2eClicked = false; arguments[0].addEventListener("click", () => { arguments[0].__e2eClicked = true }, { capture: true, once: true })', element)
      for (let tries = 0; tries < 3; tries++) {
        await driver.actions({ async: true }).move({ origin: element }).click().perform()
        for (let waited = 0; waited < 1000; waited += 100) {
          if (await driver.executeScript<boolean>('return arguments[0].__e2eClicked !== false', element).catch(() => true)) return true
          await sleep(100)
        }
      }
      throw new Error('WebKitWebDriver sent three clicks; none reached the element')
    },
    async press(keys) {
      const parts = keys.split('+')
      const last = parts.pop()!
      let actions = driver.actions({ async: true })
      for (const m of parts) actions = actions.keyDown(key(m))
      actions = actions.keyDown(key(last)).keyUp(key(last))
      for (const m of parts.reverse()) actions = actions.keyUp(key(m))
      await actions.perform()
    },
    async type(text) {
      await driver.actions({ async: true }).sendKeys(...[...text].map(c => (c === '\n' ? Key.ENTER : c))).perform()
    },
    async screenshot(path) {
      await writeFile(path, Buffer.from(await driver.takeScreenshot(), 'base64'))
    },
    async settled() {
      stays = await run((k: string) => JSON.parse(sessionStorage.getItem(k) ?? 'null')?.docs as number | undefined, PROBE_KEY)
    },
    async problems(): Promise<Problems> {
      const entries: ProbeEntry[] = await run(readProbe, PROBE_KEY).catch(() => [])
      const before = (e: ProbeEntry) => stays !== undefined && e.doc < stays
      return {
        pageErrors: entries.filter(e => e.kind === 'pageerror' && !before(e)).map(e => e.text),
        consoleErrors: entries.filter(e => e.kind === 'console' && !before(e)).map(e => e.text),
        beforeReload: entries.filter(before).map(e => `${e.kind}: ${e.text}${e.leaving ? ' (while leaving)' : ''}`),
        external: proxySeen.slice(proxyFrom),
        blind: BLIND,
      }
    },
    async close() {
      await driver.quit().catch(() => {})
    },
  }
}
