// The deck's run records: the last run of each cell in this browser (kept across reloads),
// and the recorded results a speaker started the deck with (LIVE_CELLS_RECORDED_RESULTS, see
// vite/plugins.ts), checked against the snippets so a stale one is never shown as current.
import type { RecordMachine, RunRecord, StaleRecord } from '../engine/record'
import recorded from 'virtual:live-cells/recorded-results'
import { checkRecords, parseRecordFile, recordFile, toTrace } from '../engine/record'
import { snippets } from './snippets'
import { useMachine } from './useMachine'

const prefix = 'live-cells:record:'

/** The machine line a record carries: the same facts as the badge above each cell. */
export const recordMachine = (): RecordMachine => useMachine().record

/** Keeps a cell's last record (storage full or off: it is kept for this page only). */
const session = new Map<string, RunRecord>()
export function saveRecord(r: RunRecord): void {
  session.set(r.cell, r)
  try { localStorage.setItem(prefix + r.cell, JSON.stringify(r)) } catch {}
}

/** This browser's last run of `cell`, if any. */
export function lastRun(cell: string): RunRecord | undefined {
  if (session.has(cell)) return session.get(cell)
  try {
    const text = localStorage.getItem(prefix + cell)
    return text ? JSON.parse(text) as RunRecord : undefined
  } catch { return undefined }
}

function allLastRuns(): RunRecord[] {
  const cells = new Set(session.keys())
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)
      if (key?.startsWith(prefix)) cells.add(key.slice(prefix.length))
    }
  } catch {}
  return [...cells].sort().map(lastRun).filter((r): r is RunRecord => r !== undefined)
}

export interface RecordedResults {
  /** Records that match the snippets as they are now, by cell. */
  current: Map<string, RunRecord>
  stale: StaleRecord[]
  /** The file could not be read at all. */
  error?: string
}

let checked: Promise<RecordedResults> | undefined
/** The recorded results the deck was started with (none unless LIVE_CELLS_RECORDED_RESULTS was set). */
export function recordedResults(): Promise<RecordedResults> {
  checked ??= (async () => {
    if (!recorded.text) return { current: new Map(), stale: [], error: recorded.error }
    try {
      const { current, stale } = await checkRecords(parseRecordFile(recorded.text).records, snippets)
      return { current: new Map(current.map(r => [r.cell, r])), stale }
    }
    catch (e) { return { current: new Map(), stale: [], error: `${recorded.path}: ${(e as Error).message}` } }
  })()
  return checked
}

function download(name: string, data: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 1)], { type: 'application/json' }))
  const a = Object.assign(document.createElement('a'), { href: url, download: name })
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** One file with every cell's last run in this browser (what `npm run export -- --results` reads). */
export function downloadRecords(): void {
  download(`concurrency-vs-parallelism-runs-${new Date().toISOString().slice(0, 10)}.json`, recordFile(allLastRuns()))
}

/** A run as Chrome Trace Event JSON, for Perfetto or chrome://tracing. */
export function downloadTrace(r: RunRecord): void {
  download(`${r.cell}-trace.json`, toTrace(r))
}
