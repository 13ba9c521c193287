// In-page probes. Each function here is serialised into the page by page.evaluate or
// addInitScript, so it must be self-contained (no closures over this module).

/**
 * Installed before any page script: long tasks (buffered from the start) into
 * window.__benchLongTasks, and the first frame in which slide 1's layout is visible
 * into window.__benchFirstVisible (performance.now(), i.e. ms since navigation start).
 */
export function pageProbes() {
  window.__benchLongTasks = []
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__benchLongTasks.push({ start: e.startTime, duration: e.duration })
    }).observe({ type: 'longtask', buffered: true })
  }
  catch {}
  const frame = () => {
    const el = document.querySelector('.slidev-page-1 .slidev-layout')
    if (el && el.getBoundingClientRect().width > 0 && el.checkVisibility({ opacityProperty: true, visibilityProperty: true }))
      window.__benchFirstVisible = performance.now()
    else requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)
}

/**
 * Clicks a Run button and times click dispatch -> first new output node (a MutationObserver
 * on the output), then waits for the run to finish and reports the longest main-thread task
 * that started in between, and when the click came (clickAt, ms since navigation start).
 * Args: { scope, button, output, item, done, settleMs, timeoutMs }:
 * `item` matches an output node, `done` a finished scope (or null: wait settleMs after output).
 */
export function clickToOutput(a) {
  const scope = document.querySelector(a.scope)
  const log = scope.querySelector(a.output)
  const before = new Set(log.querySelectorAll(a.item))
  const fresh = () => [...log.querySelectorAll(a.item)].find(n => !before.has(n))
  const longest = (from, to) => Math.max(0, ...window.__benchLongTasks
    .filter(t => t.start + t.duration >= from && t.start <= to).map(t => t.duration))
  return new Promise((resolve, reject) => {
    let t0 = 0
    let first = 0
    let text = ''
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error(`no output in ${a.timeoutMs} ms (${a.scope})`)) }, a.timeoutMs)
    const finish = () => {
      clearTimeout(timer)
      const end = performance.now()
      // Long-task entries are delivered after the task: give the observer a moment.
      setTimeout(() => resolve({ clickAt: t0, firstMs: first - t0, doneMs: end - t0, text, longestTaskMs: longest(t0, end) }), 80)
    }
    const isDone = () => a.done && scope.matches(a.done)
    const mo = new MutationObserver(() => {
      if (!first) {
        const node = fresh()
        if (!node) return
        first = performance.now()
        text = node.textContent
        if (!a.done) { mo.disconnect(); setTimeout(finish, a.settleMs); return }
      }
      if (isDone()) { mo.disconnect(); finish() }
    })
    mo.observe(scope, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-state'] })
    t0 = performance.now()
    scope.querySelector(a.button).click()
  })
}

/**
 * A deck cell that is running (a `while (true) {}`): click Stop, time until data-state is
 * 'stopped', click Run at that moment and time until the new run's first output line.
 */
export function stopThenRun(cellSelector) {
  const cell = document.querySelector(cellSelector)
  const log = cell.querySelector('[role="log"]')
  const button = name => [...cell.querySelectorAll('button')].find(b => b.textContent.trim() === name)
  return new Promise((resolve, reject) => {
    let stopped = 0
    let runAt = 0
    let before
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error(`stop/run timed out (state ${cell.dataset.state})`)) }, 10_000)
    const mo = new MutationObserver(() => {
      if (!stopped) {
        if (cell.dataset.state !== 'stopped') return
        stopped = performance.now()
        before = new Set(log.querySelectorAll('.line'))
        runAt = performance.now()
        button('Run').click()
        return
      }
      const line = [...log.querySelectorAll('.line:not(.line--hint):not(.line--system)')].find(n => !before.has(n))
      if (!line) return
      const out = performance.now()
      clearTimeout(timer)
      mo.disconnect()
      resolve({ stopMs: stopped - t0, runToOutputMs: out - runAt, stopToOutputMs: out - t0 })
    })
    mo.observe(cell, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-state'] })
    const t0 = performance.now()
    button('Stop').click()
  })
}

/** Script bytes fetched up to `until` (ms since navigation start), and which chunks. */
export function scriptsBefore(until) {
  const js = performance.getEntriesByType('resource').filter(e =>
    e.responseEnd <= until && (e.initiatorType === 'script' || /\.m?js$/.test(new URL(e.name).pathname)))
  const name = e => new URL(e.name).pathname.replace(/^\/assets\//, '')
  const largest = js.reduce((a, e) => (!a || e.decodedBodySize > a.decodedBodySize ? e : a), null)
  return {
    largest: largest && `${name(largest)} ${Math.round(largest.decodedBodySize / 1024)} KiB`,
    decoded: js.reduce((s, e) => s + e.decodedBodySize, 0),
    transfer: js.reduce((s, e) => s + e.transferSize, 0),
    names: js.map(name),
  }
}
