// Raw trials -> table rows, each beside its target. Pure.
import { row, stats } from './table.mjs'

const atMost = (value, text, stat = 'median') => ({ stat, op: '<=', value, text })
const atLeast = (value, text, stat = 'median') => ({ stat, op: '>=', value, text })
const NO_LONG_TASK = atMost(0, 'none > 50 ms', 'max')
const ratio = (a, b) => `built-in/deck ${(stats(a).median / stats(b).median).toFixed(1)}x`
const first = trials => trials.map(t => t.firstMs)
const longest = trials => trials.map(t => t.longestTaskMs)

export function buildRows(r, { machine, nSpeedup, blocked }) {
  const rows = []
  const cores = machine.hardwareConcurrency

  for (const [mode, target] of [['unchanged', atMost(2, '<= 2 ms')], ['edited', atMost(16, '<= 16 ms')]]) {
    for (const { snippet, deck, builtin } of r.latency ?? []) {
      rows.push(row('1', `click -> first output, ${mode} code, deck [${snippet}]`, 'ms', first(deck[mode]), target, ratio(first(builtin[mode]), first(deck[mode]))))
      rows.push(row('1', `  same, built-in {monaco-run} [${snippet}]`, 'ms', first(builtin[mode]), null, mode === 'unchanged' ? 'incl. its 200 ms click debounce' : ''))
    }
  }

  if (r.firstRun) rows.push(row('2', 'first run, cell slide reached 3 s after load', 'ms', first(r.firstRun), atMost(50, '<= 50 ms'), 'new context each; Run clicked on arrival'))

  if (r.latency) {
    const deckRuns = r.latency.flatMap(l => [...l.deck.unchanged, ...l.deck.edited])
    const builtinRuns = r.latency.flatMap(l => [...l.builtin.unchanged, ...l.builtin.edited])
    rows.push(row('3', 'longest main-thread task, deck compile+run (fig 1)', 'ms', longest(deckRuns), NO_LONG_TASK, '0 = no long task'))
    rows.push(row('3', '  same, built-in compile+run (fig 1)', 'ms', longest(builtinRuns), null, 'warm'))
    rows.push(row('3', '  same, built-in first run on a page', 'ms', longest(r.latency.map(l => l.builtin.cold)), null, 'loads typescript'))
  }
  if (r.firstRun) rows.push(row('3', 'longest main-thread task, deck first run after load', 'ms', longest(r.firstRun), NO_LONG_TASK))

  if (r.stop) {
    rows.push(row('4', 'Stop -> data-state "stopped"', 'ms', r.stop.map(t => t.stopMs), null))
    rows.push(row('4', 'Run (at "stopped") -> first output', 'ms', r.stop.map(t => t.runToOutputMs), null))
    rows.push(row('4', 'Stop -> ready (first output of next run)', 'ms', r.stop.map(t => t.stopToOutputMs), atMost(50, '<= 50 ms'), '2.5 s between trials'))
  }

  if (r.pool) rows.push(...speedupRows(r, cores, nSpeedup))
  if (r.firstVisit) rows.push(...firstVisitRows(r.firstVisit))
  if (r.lighthouse) rows.push(...lighthouseRows(r.lighthouse))
  if (r.firstSlide) rows.push(...firstSlideRows(r.firstSlide, r.firstSlideFixture ?? []))
  if (r.export) {
    rows.push(row('7', 'whole-deck PDF export (npm run export)', 's', r.export.ok ? [r.export.seconds] : [Infinity], atMost(60, '<= 60 s'),
      r.export.ok ? `n=1; ${(r.export.bytes / 1024).toFixed(0)} KiB` : `failed: ${r.export.error.split('\n').pop()}`))
  }
  if (r.nav) {
    for (const [name, trials] of Object.entries(r.nav))
      rows.push(row('9', `key -> next slide painted, ${name}`, 'ms', trials, null, name === 'idle' ? 'reference' : 'while a cell runs'))
  }
  if (r.dev) rows.push(...devRows(r.dev))
  if (r.python) rows.push(...pythonRows(r.python))
  rows.push(row('-', 'off-loopback requests (blocked)', 'count', [blocked], atMost(0, '0', 'max'), 'all contexts'))
  return rows
}

/** Figure 10: a viewer's first visit of the hosted deck over a 20 Mbit/s, 40 ms link. */
function firstVisitRows(v) {
  const mib = b => b / 2 ** 20
  const note = 'at /talk/, no COOP/COEP (GitHub-Pages-like), fresh profile'
  return [
    row('10', 'first visit, cell slide: first slide shown', 'ms', v.cell.map(t => t.slideMs), atMost(2000, '<= 2 s'), note),
    row('10', 'first visit, cell slide: cross-origin isolated', 'ms', v.cell.map(t => t.isolatedMs), atMost(5000, '<= 5 s'), 'one reload through the service worker'),
    row('10', 'first visit, cell slide: bytes moved', 'MiB', v.cell.map(t => mib(t.bytes)), null, `${Math.round(v.cell[0]?.requests ?? 0)} requests; the offline copy comes later`),
    row('10', 'second visit, cell slide: bytes moved', 'KiB', v.cell.map(t => t.secondBytes / 1024), null, 'the page itself and the worker\'s update check'),
    row('10', 'first visit, title slide: first slide shown', 'ms', v.title.map(t => t.slideMs), atMost(2000, '<= 2 s'), ''),
    row('10', 'first visit, title slide: bytes moved', 'MiB', v.title.map(t => mib(t.bytes)), null, ''),
    ...(v.reading?.length
      ? [
          row('10', 'first visit on a phone, reading view at a cell slide: slide shown', 'ms', v.reading.map(t => t.slideMs), atMost(2000, '<= 2 s'), '390 x 844, touch; scrolled to the slide'),
          row('10', 'first visit on a phone, reading view: cross-origin isolated', 'ms', v.reading.map(t => t.isolatedMs), atMost(5000, '<= 5 s'), ''),
          row('10', 'first visit on a phone, reading view: bytes moved', 'MiB', v.reading.map(t => mib(t.bytes)), null, `${Math.round(v.reading[0]?.requests ?? 0)} requests`),
        ]
      : []),
  ]
}

/** Figure 11: Lighthouse 12.2.3, mobile, on / and a cell's slide (a viewer's page), as the slides and as the reading view. */
function lighthouseRows(runs) {
  const rows = []
  for (const path of [...new Set(runs.map(r => r.path))]) {
    const these = runs.filter(r => r.path === path)
    rows.push(row('11', `Lighthouse mobile ${path}: performance`, 'score', these.map(r => r.performance), null, `a11y ${these.map(r => r.accessibility).join('/')}, best practices ${these.map(r => r.bestPractices).join('/')}, SEO ${these.map(r => r.seo).join('/')}`))
    rows.push(row('11', `Lighthouse mobile ${path}: total blocking time`, 'ms', these.map(r => r.tbtMs), atMost(600, '<= 600 ms'), `${(these[0].bytes / 2 ** 20).toFixed(2)} MiB transferred`))
  }
  return rows
}

/** Figure 5: each compare group's speedup against min(lanes, cores). */
function speedupRows(r, cores, nSpeedup) {
  const group = (runs, name) => runs.map(x => x.groups.find(g => g.name.startsWith(name))).filter(Boolean)
  const target = (lanes) => {
    const ideal = Math.min(lanes, cores)
    return atLeast(0.95 * ideal, `>= ${(0.95 * ideal).toFixed(2)}x`)
  }
  const pool = group(r.pool, 'pool')
  const workers = pool[0]?.lanes ?? cores
  const noGil = group(r.gil, 'threads, no GIL')
  const threads = noGil[0]?.lanes ?? 2
  return [
    row('5', `processes-pool speedup, ${workers} workers`, 'x', pool.map(g => g.speedup), target(workers), `n=${nSpeedup} (a run takes seconds); ideal ${Math.min(workers, cores)}x`),
    row('5', `gil-cpu speedup, ${threads} threads, no GIL`, 'x', noGil.map(g => g.speedup), target(threads), `n=${nSpeedup}; ideal ${Math.min(threads, cores)}x`),
    row('5', `gil-cpu speedup, ${threads} threads + GIL`, 'x', group(r.gil, 'threads + GIL').map(g => g.speedup), null, `n=${nSpeedup}; a GIL should give ~1x`),
    ...firstRunRows(r.poolFirst, 'pool', `processes-pool speedup, first run after load`, workers),
    ...firstRunRows(r.gilFirst, 'threads, no GIL', `gil-cpu no-GIL speedup, first run after load`, threads),
  ]
  /** The cold path: speedup over its ideal (no run may pass 1.05), flagged runs, the wait for start-up. */
  function firstRunRows(runs, name, label, lanes) {
    if (!runs?.length) return []
    const ideal = Math.min(lanes, cores)
    const stated = group(runs, name).filter(g => g.speedup !== undefined).map(g => g.speedup / ideal)
    const flagged = runs.filter(x => x.flagged).length
    const waited = stats(runs.map(x => x.waitedMs)).median
    return [row('5', `${label} / ideal`, 'ratio', stated, atMost(1.05, '<= 1.05', 'max'), `n=${runs.length}; ${flagged} flagged as slowed; waited ${(waited / 1000).toFixed(1)} s for start-up`)]
  }
}

/** Figure 6: cold load to slide 1, and whether any heavy chunk came before it. */
function firstSlideRows(trials, fixture) {
  const heavyIn = ts => ts.map(t => t.names.filter(x => /monaco|editor|esbuild/i.test(x)))
  const heavy = heavyIn(trials)
  const names = ts => [...new Set(heavyIn(ts).flat())].join(' ').slice(0, 60)
  const biggest = `largest: ${trials[0]?.largest ?? '-'}`
  const rows = [
    row('6', 'first slide visible, cold load', 'ms', trials.map(t => t.visibleMs), atMost(1000, '<= 1 s'), 'navigation start -> layout visible'),
    row('6', 'script before first slide (decoded)', 'KiB', trials.map(t => t.decoded / 1024), null, biggest),
    row('6', 'monaco/editor/esbuild chunks among them', 'count', heavy.map(h => h.length), atMost(0, 'none', 'max'), names(trials)),
  ]
  if (fixture.length) {
    rows.push(row('6', '  same load, fixture (plain Slidev, monaco: true)', 'ms', fixture.map(t => t.visibleMs), null, 'reference'))
    rows.push(row('6', '  its script before first slide', 'KiB', fixture.map(t => t.decoded / 1024), null, names(fixture)))
  }
  return rows
}

/** Figure 8: `npm run dev` -> first slide and first editor, cold and warm Vite cache. */
function devRows(dev) {
  const listening = ts => `server answers at ${(stats(ts.map(t => t.listeningMs)).median / 1000).toFixed(1)} s`
  const reloads = ts => Math.max(...ts.map(t => t.reloads))
  return [
    row('8', 'npm run dev -> first slide, cold cache', 'ms', dev.cold.map(t => t.firstSlideMs), atMost(3000, '<= 3 s'), listening(dev.cold)),
    row('8', 'npm run dev -> first editor, cold cache', 'ms', dev.cold.map(t => t.firstEditorMs), atMost(5000, '<= 5 s'), `page reloads: ${reloads(dev.cold)}`),
    row('8', 'npm run dev -> first slide, warm cache', 'ms', dev.warm.map(t => t.firstSlideMs), atMost(1000, '<= 1 s'), listening(dev.warm)),
    row('8', 'npm run dev -> first editor, warm cache', 'ms', dev.warm.map(t => t.firstEditorMs), atMost(2000, '<= 2 s'), `page reloads: ${reloads(dev.warm)}`),
  ]
}

/** Figure 12: Python cells: first output after a cold load, a warm Run, Pyodide's bytes. */
function pythonRows({ cell, first, warm, files }) {
  const mib = b => b / 2 ** 20
  const at = (ms) => { const s = stats(ms); return `${(s.median / 1000).toFixed(1)} s (${(s.min / 1000).toFixed(1)}-${(s.max / 1000).toFixed(1)})` }
  const requests = first.length ? Math.max(...first.map(t => t.pyodideRequests)) : 0
  return [
    row('12', `first Python output after load [${cell.id}]`, 'ms', first.map(t => t.firstOutputMs), null, 'navigation start -> first line; new context each'),
    row('12', '  Run pressed, after navigation start', 'ms', first.map(t => t.runAtMs), null, 'the moment the Run button can be clicked'),
    row('12', `warm Run -> first output [${cell.id}]`, 'ms', warm.map(t => t.firstMs), null, 'the cell ran once on the page'),
    row('12', 'Pyodide bytes fetched, first output after load', 'MiB', first.map(t => mib(t.pyodideBytes)), null, `${requests} requests to /pyodide-*/, all in by ${at(first.map(t => t.pyodideInMs))}`),
    row('12', 'Pyodide files in dist/', 'MiB', [mib(files.total)], null, `${files.total.toLocaleString('en')} B in ${files.files.length} files`),
    ...files.files.map(f => row('12', `  ${f.file}`, 'KiB', [f.bytes / 1024], null, `${f.bytes.toLocaleString('en')} B`)),
  ]
}
