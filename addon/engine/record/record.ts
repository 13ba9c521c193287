// The run record: one typed, versioned shape for a finished run. The cell that ran
// produces it (createRecord); the PDF handout, recorded results, replay and trace export
// read it, and none of them reaches back into the engine.
import type { PlotSpec, Span } from '../protocol'
import type { GroupMarker } from '../timeline'

export const RECORD_VERSION = 1
/** What `Download records` saves and `npm run export -- --results` reads. */
export const RECORD_FILE_KIND = 'concurrency-vs-parallelism/run-records'

export type RecordOutcome = 'done' | 'error' | 'stopped' | 'timeout'
export interface RecordLine {
  level: 'log' | 'info' | 'warn' | 'error' | 'system'
  text: string
  /** Absolute ms (timeOrigin + now) the line was printed, where known. */
  t?: number
}
export interface RecordMachine {
  cores: number
  isolated: boolean
  /** Timer resolution in ms, where measured. */
  timerMs?: number
  /** "Chromium 156" */
  browser: string
  /** The badge's line: "2 cores · isolated · timer 5 µs · Chromium 156" */
  line: string
}

export interface RunRecord {
  version: typeof RECORD_VERSION
  /** The snippet id (snippets/<cell>.ts, or .py for a Python cell). */
  cell: string
  /** SHA-256 (hex) of the code that ran: a record only describes that code. */
  codeHash: string
  outcome: RecordOutcome
  /** Absolute ms (timeOrigin + now) the run started; every time below is on this clock. */
  startedAt: number
  /** Wall time of a finished run, ms. */
  wallMs?: number
  lines: RecordLine[]
  spans: Span[]
  groups: GroupMarker[]
  plot?: PlotSpec
  machine: RecordMachine
  /** When it ran (ISO 8601, UTC). */
  date: string
}

export interface RecordFile {
  kind: typeof RECORD_FILE_KIND
  version: typeof RECORD_VERSION
  records: RunRecord[]
}

/** SHA-256 of a snippet's text, hex (Web Crypto: the same in the browser and in Node). */
export async function codeHash(code: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(code))
  return [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join('')
}

export type RecordInput = Omit<RunRecord, 'version' | 'codeHash' | 'date'> & { code: string, date?: Date }

/** The record of a finished run. */
export async function createRecord({ code, date = new Date(), ...run }: RecordInput): Promise<RunRecord> {
  return { version: RECORD_VERSION, ...run, codeHash: await codeHash(code), date: date.toISOString() }
}

export function recordFile(records: RunRecord[]): RecordFile {
  return { kind: RECORD_FILE_KIND, version: RECORD_VERSION, records }
}

/** Reads a records file, or says plainly why it cannot. */
export function parseRecordFile(text: string): RecordFile {
  let data: unknown
  try { data = JSON.parse(text) } catch (e) { throw new Error(`not a records file: ${(e as Error).message}`) }
  const file = data as Partial<RecordFile>
  if (file?.kind !== RECORD_FILE_KIND) throw new Error('not a records file (saved by a cell\'s "Download records")')
  if (file.version !== RECORD_VERSION) throw new Error(`records file version ${String(file.version)}; this deck reads version ${RECORD_VERSION}`)
  if (!Array.isArray(file.records)) throw new Error('records file without records')
  for (const r of file.records) {
    if (typeof r?.cell !== 'string' || typeof r.codeHash !== 'string' || !Array.isArray(r.lines) || !Array.isArray(r.spans))
      throw new Error(`a record in the file is incomplete (${JSON.stringify(r)?.slice(0, 80)})`)
  }
  return file as RecordFile
}

export interface StaleRecord { cell: string, reason: string }

/**
 * Splits records into those that still describe the snippets' code and those that do not
 * (the code changed since, or the snippet is gone): a stale record is never shown as current.
 */
export async function checkRecords(records: RunRecord[], snippets: Record<string, string>): Promise<{ current: RunRecord[], stale: StaleRecord[] }> {
  const current: RunRecord[] = []
  const stale: StaleRecord[] = []
  for (const r of records) {
    const code = snippets[r.cell]
    if (code === undefined) stale.push({ cell: r.cell, reason: 'no such cell in this deck' })
    else if (await codeHash(code) !== r.codeHash) stale.push({ cell: r.cell, reason: `recorded from other code than its snippet (snippets/${r.cell}.ts or .py) has now (edited before the run, or changed since)` })
    else current.push(r)
  }
  return { current, stale }
}

/** "recorded on 2 cores · isolated · timer 5 µs · Chromium 156, 2026-11-23 21:50 UTC" */
export function provenance(r: RunRecord, verb = 'recorded'): string {
  return `${verb} on ${r.machine.line}, ${r.date.slice(0, 16).replace('T', ' ')} UTC`
}
