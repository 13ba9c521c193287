// A live cell on paper (the PDF handout): its recorded result if the deck was started
// with one for it, else one live run. Runs go one at a time, in the order of the slides,
// so they do not compete for the cores; the exporter waits for each cell's finished line
// (the cell's `data-waitfor`, in page order), an explicit signal, not a fixed sleep.
import type { Ref } from 'vue'
import type { SnippetLang } from '../engine'
import type { RunRecord } from '../engine/record'
import { computed, onMounted, shallowRef } from 'vue'
import { provenance } from '../engine/record'
import { getEngine } from './engine'
import { recordedResults } from './records'
import { useLiveCell } from './useLiveCell'
import { countedCores } from './useMachine'

interface Job { slide: number, run: () => Promise<void> }
const jobs: Job[] = []
let running = false

/** The print page's slides mount lazily, in any order: start once none is still loading. */
async function settled(): Promise<void> {
  for (let i = 0; i < 200 && document.querySelector('.slidev-slide-loading'); i++)
    await new Promise(resolve => setTimeout(resolve, 50))
}

/** Runs queued jobs one at a time, the lowest slide first; the rates are measured before any. */
async function drain(): Promise<void> {
  if (running) return
  running = true
  try {
    await settled()
    // Once, before any cell runs: the rates, and the cores free of the page's own start-up
    // (the export renders every slide first); then the cells run one after another.
    const engine = await getEngine()
    await engine.rates()
    await engine.settle()
    for (let job = next(); job; job = next()) await job.run().catch(() => {})
  }
  finally { running = false }
}
function next(): Job | undefined {
  if (!jobs.length) return undefined
  jobs.sort((a, b) => a.slide - b.slide)
  return jobs.shift()
}

/** The slide a print-view element sits on (Slidev's `data-slidev-no`, or its print container's id "<no>-<clicks>"). */
function slideOf(el: Element | undefined): number {
  const no = el?.closest('[data-slidev-no]')?.getAttribute('data-slidev-no') ?? el?.closest('.print-slide-container')?.id.split('-')[0]
  return Number(no) || Number.MAX_SAFE_INTEGER
}

export function usePrintCell(id: string, code: string, budgetMs: number, root: Ref<HTMLElement | undefined>, lang: SnippetLang = 'typescript') {
  const cell = useLiveCell(id, { budgetMs, lang })
  const recorded = shallowRef<RunRecord>()
  /** Where and when the numbers on the page come from; set once the cell has finished. */
  const finished = shallowRef('')

  const run = async () => {
    const results = await recordedResults()
    const record = results.current.get(id)
    if (record) {
      recorded.value = record
      finished.value = `Recorded result: ${provenance(record)} (${record.outcome})`
      return
    }
    await cell.run(code)
    const r = cell.lastRecord.value
    const outcome = cell.state.value === 'done' ? '' : ` (${cell.state.value}: see the output)`
    finished.value = r ? `${provenance(r, 'Measured live during the export')}${outcome}` : `Ran during the export${outcome}`
  }
  onMounted(() => {
    jobs.push({ slide: slideOf(root.value), run: () => run().catch((e) => { finished.value = `Could not run during the export: ${(e as Error).message}` }) })
    void drain()
  })

  // The view reads the record when there is one, else the live run's state.
  const view = computed(() => recorded.value
    ? { state: recorded.value.outcome, lines: recorded.value.lines, spans: recorded.value.spans, groups: recorded.value.groups, plot: recorded.value.plot, wallMs: recorded.value.wallMs }
    : { state: cell.state.value, lines: cell.lines.value, spans: cell.spans.value, groups: cell.groups.value, plot: cell.plot.value, wallMs: cell.wallMs.value })
  return { view, finished, cores: computed(() => recorded.value?.machine.cores ?? countedCores.value ?? navigator.hardwareConcurrency) }
}
