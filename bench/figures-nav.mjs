// Figure 9: a key press -> the next slide painted, with the deck idle, while a cell runs an
// endless loop, and while `parallel` keeps every core busy. Timed in the page: the key's
// keydown (capture) to the first frame after the next slide is visible.
import { cellReady, cellSelector, gotoSlide, newPage, typeCode } from './browser.mjs'

const CELL = 'blocking-vs-awaiting'
const LOADS = {
  idle: null,
  'endless loop': 'while (true) {}',
  'parallel, every core': 'await parallel(() => { while (true) {} }, Array(machine.cores).fill(0))',
}

/** Installed before a key press: resolves with ms from keydown to the next slide's first painted frame. */
function keyToPaint(next) {
  return new Promise((resolve) => {
    let t0 = 0
    addEventListener('keydown', () => { t0 = performance.now() }, { capture: true, once: true })
    const watch = () => {
      const el = document.querySelector(`.slidev-page-${next} .slidev-layout`)
      if (t0 && el && el.checkVisibility({ opacityProperty: true }) && location.pathname.endsWith(`/${next}`))
        requestAnimationFrame(() => resolve(performance.now() - t0))
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
  try {
    await page.goto(`${deckBase}/1`)
    await page.waitForFunction(() => document.documentElement.dataset.liveCells === 'ready', null, { timeout: 90_000 })
    await gotoSlide(page, slide)
    await cellReady(page, CELL)
    const scope = cellSelector(CELL)
    for (const [name, code] of Object.entries(LOADS)) {
      if (code) {
        await typeCode(page, scope, code)
        await page.locator(`${scope} button.run`).click()
        await page.locator(`${scope}[data-state="running"]`).waitFor()
        await page.waitForTimeout(1000) // let the load reach every core (this is the condition measured)
      }
      const trials = []
      for (let i = 0; i < n; i++) {
        const answer = page.evaluate(keyToPaint, slide + 1)
        await page.keyboard.press('ArrowRight')
        trials.push(await answer)
        await page.keyboard.press('ArrowLeft')
        await page.waitForURL(url => new URL(url).pathname === `/${slide}`)
        await page.locator('[class*="-leave-active"]').first().waitFor({ state: 'detached' }).catch(() => {})
      }
      results[name] = trials
      if (code) {
        await page.locator(`${scope} button.stop`).click()
        await page.locator(`${scope}[data-state="stopped"]`).waitFor()
      }
    }
  }
  finally { await page.context().close() }
  return results
}
