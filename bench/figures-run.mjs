// Figures measured by running cells: 1 (click -> first output), 3 (long tasks),
// 4 (Stop -> ready) and 5 (parallel speedup).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cellReady, cellSelector, deckReady, newPage, typeCode, typeFirstLine, waitCodeStored, waitEditorShows } from './browser.mjs'
import { root } from './build.mjs'
import { clickToOutput, stopThenRun } from './measure.mjs'

const sleep = ms => new Promise(r => setTimeout(r, ms))
/** Pause between trials: the pool starts a replacement worker after each run. */
const BETWEEN_MS = 150
/** The deck cell the benchmark types the fixture's snippets into. */
export const HOST_CELL = 'event-loop-order'
const FINISHED = ['done', 'error', 'timeout', 'stopped'].map(s => `[data-state="${s}"]`).join(', ')

/** clickToOutput's arguments for a deck cell: first output = a `.line` that is not the hint. */
export const deckProbe = id => ({
  scope: cellSelector(id), button: 'button.run', output: '[role="log"]', item: '.line:not(.line--hint)', done: FINISHED, timeoutMs: 15_000,
})

/** An edited first line (a number changed, or one added), so no compile cache can answer. */
const editLine = (line, k) => /\d+\s*$/.test(line) ? line.replace(/\d+(\s*)$/, `${k}$1`) : `${line} ${k}`

/** How each runner is driven: where to click, where the output appears. */
function deckTarget(base, slide) {
  const scope = cellSelector(HOST_CELL)
  return {
    url: `${base}/${slide}`, scope,
    ready: async (page) => { await cellReady(page, HOST_CELL); await deckReady(page) },
    probe: deckProbe(HOST_CELL),
    async setCode(page, code, firstLineOnly) {
      await (firstLineOnly ? typeFirstLine(page, scope, code.split('\n')[0]) : typeCode(page, scope, code))
      await waitCodeStored(page, HOST_CELL, code, readFileSync(join(root, `snippets/${HOST_CELL}.ts`), 'utf8'))
    },
  }
}
function builtinTarget(base, slide) {
  const scope = `.slidev-page-${slide}`
  return {
    url: `${base}/${slide}`, scope,
    ready: page => page.locator(`${scope} .monaco-editor .view-lines`).waitFor({ timeout: 90_000 }),
    // CodeRunner.vue: a new .slidev-runner-output (keyed by run count) per run; no done state,
    // so wait a little after the first line for timers/microtasks to print the rest.
    probe: { scope, button: 'button[title="Run code"]', output: '[data-waitfor=".slidev-runner-output"]', item: '.slidev-runner-output > *', done: null, settleMs: 150, timeoutMs: 15_000 },
    async setCode(page, code, firstLineOnly) {
      const lines = code.split('\n')
      await (firstLineOnly ? typeFirstLine(page, scope, lines[0]) : typeCode(page, scope, code))
      await waitEditorShows(page, scope, firstLineOnly ? lines[0] : lines.findLast(l => l.trim()))
    },
  }
}

/**
 * One runner, one snippet, one fresh page: a cold run, `n` unchanged runs, `n` edited runs
 * (pasted once in full, then each edit typed into the first line).
 */
async function runSeries(browser, target, snippet, n, kBase) {
  const page = await newPage(browser)
  try {
    await page.goto(target.url)
    await target.ready(page)
    await sleep(1500) // as on a slide someone has been reading (the built-in runner has no ready signal)
    const code = snippet.code.trimEnd()
    await target.setCode(page, code)
    const cold = await page.evaluate(clickToOutput, target.probe)
    const unchanged = []
    for (let i = 0; i < n; i++) {
      await sleep(BETWEEN_MS)
      unchanged.push(await page.evaluate(clickToOutput, target.probe))
    }
    const edited = []
    for (let i = 0; i < n; i++) {
      const k = kBase + i
      const [line, ...rest] = code.split('\n')
      await target.setCode(page, [editLine(line, k), ...rest].join('\n'), true)
      await sleep(BETWEEN_MS)
      const r = await page.evaluate(clickToOutput, target.probe)
      // The log snippet prints n * 2: proof that the edited text is what ran.
      if (snippet.name === 'log' && !r.text.includes(String(2 * k))) throw new Error(`edit not applied: "${r.text}" lacks ${2 * k}`)
      edited.push(r)
    }
    return { cold, unchanged, edited }
  }
  finally { await page.context().close() }
}

/** Figures 1 and 3: both runners on each fixture snippet. */
export async function runLatency(browser, { deckBase, fixtureBase, slides, snippets, n, log }) {
  const out = []
  for (const [i, snippet] of snippets.entries()) {
    log(`fig 1/3: ${snippet.name}, deck`)
    const deck = await runSeries(browser, deckTarget(deckBase, slides[HOST_CELL]), snippet, n, 1000 * (i + 1))
    log(`fig 1/3: ${snippet.name}, built-in`)
    const builtin = await runSeries(browser, builtinTarget(fixtureBase, snippet.slide), snippet, n, 1000 * (i + 1))
    out.push({ snippet: snippet.name, deck, builtin })
  }
  return out
}

/** Figure 4: Stop -> stopped, and Run -> first output right after, `n` times on one page. */
export async function stopReady(browser, { deckBase, slides, n, log }) {
  log('fig 4: stop -> ready')
  const page = await newPage(browser)
  const scope = cellSelector(HOST_CELL)
  const original = readFileSync(join(root, `snippets/${HOST_CELL}.ts`), 'utf8')
  const code = `console.log('go')\nwhile (true) {}`
  const state = () => page.locator(scope).getAttribute('data-state')
  try {
    await page.goto(`${deckBase}/${slides[HOST_CELL]}`)
    await cellReady(page, HOST_CELL)
    await deckReady(page)
    await typeCode(page, scope, code)
    await waitCodeStored(page, HOST_CELL, code, original)
    const trials = []
    for (let i = 0; i < n; i++) {
      await page.locator(`${scope} button.run`).click()
      await page.waitForFunction(s => document.querySelector(s).dataset.state === 'running'
        && document.querySelector(`${s} [role="log"] .line:not(.line--hint)`), scope, { polling: 20 })
      await sleep(200)
      trials.push(await page.evaluate(stopThenRun, scope))
      // The second run is looping too: stop it, then let Chromium retire both burning threads.
      await page.locator(`${scope} button.stop`).click()
      await page.waitForFunction(s => document.querySelector(s).dataset.state === 'stopped', scope)
      await sleep(2500)
    }
    if ((await state()) !== 'stopped') throw new Error('cell did not end stopped')
    return trials
  }
  finally { await page.context().close() }
}

/** Parses "Timeline: one by one 1 lanes 2400 ms; pool of 2 2 lanes 1250 ms, speedup 1.92x". */
export function parseTimeline(label) {
  return label.replace(/^Timeline:\s*/, '').split('; ').map((part) => {
    const m = part.match(/^(.*?)\s*(\d+) lanes (\d+) ms(?:, speedup ([\d.]+)x)?/)
    return m && { name: m[1], lanes: Number(m[2]), wallMs: Number(m[3]), speedup: m[4] ? Number(m[4]) : undefined }
  }).filter(Boolean)
}

/** Figure 5: run a compare cell `n` times; the timeline's aria-label gives each group's speedup. */
export async function speedups(browser, { deckBase, slides, id, n, log }) {
  log(`fig 5: ${id}`)
  const page = await newPage(browser)
  const scope = cellSelector(id)
  try {
    await page.goto(`${deckBase}/${slides[id]}`)
    await cellReady(page, id)
    await deckReady(page)
    const runs = []
    for (let i = 0; i < n; i++) {
      await page.locator(`${scope} button.run`).click()
      await page.waitForFunction(s => document.querySelector(s).dataset.state === 'done', scope, { timeout: 60_000, polling: 100 })
      const label = await page.locator(`${scope} svg[role="img"]`).getAttribute('aria-label')
      runs.push({ label, groups: parseTimeline(label) })
      await sleep(1000)
    }
    return runs
  }
  finally { await page.context().close() }
}

/**
 * Figure 5, the cold path: a fresh page per trial, the cell's slide opened directly and Run
 * clicked the moment it can be (the deck is still starting up); the run's speedups, whether
 * the deck flagged it as slowed, and how long it waited for the start-up before it began.
 */
export async function firstRuns(browser, { deckBase, slides, id, n, log }) {
  log(`fig 5: ${id}, first run after load`)
  const scope = cellSelector(id)
  const runs = []
  for (let i = 0; i < n; i++) {
    const page = await newPage(browser)
    try {
      await page.goto(`${deckBase}/${slides[id]}`)
      await page.locator(`${scope} button.run`).click()
      const clicked = Date.now()
      await page.waitForFunction(s => document.querySelector(s).dataset.state === 'running', scope, { timeout: 60_000, polling: 20 })
      const waitedMs = Date.now() - clicked
      await page.waitForFunction(s => document.querySelector(s).dataset.state === 'done', scope, { timeout: 90_000, polling: 100 })
      const label = await page.locator(`${scope} svg[role="img"]`).getAttribute('aria-label')
      const log = await page.locator(`${scope} [role="log"]`).innerText()
      runs.push({ label, groups: parseTimeline(label), flagged: /Not a fair measurement/.test(log), waitedMs })
    }
    finally { await page.context().close() }
  }
  return runs
}
