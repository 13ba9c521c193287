// Figure 9: a key press -> the next slide painted, with the deck idle, while a cell runs an
// endless loop, and while `parallel` keeps every core busy. Timed in the page: the key's
// keydown (capture) to the first frame after the next slide is visible.
import { cellReady, cellSelector, deckReady, gotoSlide, newPage, typeCode } from './browser.mjs'

const CELL = 'blocking-vs-awaiting'
const LOADS = {
  idle: null,
  'endless loop': 'while (true) {}',
  'parallel, every core': 'await parallel(() => { while (true) {} }, Array(machine.cores).fill(0))',
}

/**
 * Installed before a key press: resolves with ms from keydown to the next slide's first painted
 * frame (rejects after 15 s, so a slide that never arrives fails the bench instead of hanging it).
 */
function keyToPaint(next) {
  return new Promise((resolve, reject) => {
    let t0 = 0
    const give = setTimeout(() => reject(new Error(`slide ${next} not painted 15 s after the key`)), 15_000)
    addEventListener('keydown', () => { t0 = performance.now() }, { capture: true, once: true })
    const watch = () => {
      const el = document.querySelector(`.slidev-page-${next} .slidev-layout`)
      if (t0 && el && el.checkVisibility({ opacityProperty: true }) && location.pathname.endsWith(`/${next}`))
        requestAnimationFrame(() => { clearTimeout(give); resolve(performance.now() - t0) })
      else requestAnimationFrame(watch)
    }
    requestAnimationFrame(watch)
  })
}

export async function navigation(browser, { deckBase, slides, n, log }) {
  log('fig 9: key -> next slide painted, idle and while cells compute')
  const slide = slides[CELL]
  const page = await newPage(browser)
  const results = {}
  const wait = { timeout: 20_000 }
  try {
    await page.goto(`${deckBase}/1`)
    await deckReady(page)
    await gotoSlide(page, slide)
    await cellReady(page, CELL)
    const scope = cellSelector(CELL)
    for (const [name, code] of Object.entries(LOADS)) {
      if (code) await typeCode(page, scope, code)
      const trials = []
      for (let i = 0; i < n; i++) {
        // A fresh load for each trial: the cell's time budget (10 s) would end a long one halfway.
        if (code) {
          await page.locator(`${scope} button.run`).click()
          await page.locator(`${scope}[data-state="running"]`).waitFor(wait)
          await page.waitForTimeout(1000) // let the load reach every core (this is the condition measured)
        }
        // Installed (and awaited) before the key, so the keydown cannot beat the listener.
        await page.evaluate(`window.__keyToPaint = (${keyToPaint})(${slide + 1}); undefined`)
        await page.keyboard.press('ArrowRight')
        trials.push(await page.evaluate(() => window.__keyToPaint))
        await page.keyboard.press('ArrowLeft')
        await page.waitForURL(url => new URL(url).pathname === `/${slide}`, wait)
        await page.locator('[class*="-leave-active"]').first().waitFor({ state: 'detached', ...wait }).catch(() => {})
        if (code) {
          await page.locator(`${scope} button.stop`).click(wait)
          await page.locator(`${scope}[data-state="stopped"]`).waitFor(wait)
        }
      }
      results[name] = trials
    }
  }
  finally { await page.context().close() }
  return results
}
