import { describe, expect, it } from 'vitest'
import type { RunRecord } from './index'
import { checkRecords, codeHash, createRecord, parseRecordFile, provenance, recordFile, replayEnd, replaySteps, toTrace } from './index'

const T0 = 1_700_000_000_000
const machine = { cores: 2, isolated: true, timerMs: 0.005, browser: 'Chromium 156', line: '2 cores · isolated · timer 5 µs · Chromium 156' }

async function sample(): Promise<RunRecord> {
  return createRecord({
    cell: 'blocking-vs-awaiting',
    code: 'await sleep(1)',
    outcome: 'done',
    startedAt: T0,
    wallMs: 1300,
    lines: [{ level: 'log', text: 'blocking: 900 ms', t: T0 + 905 }, { level: 'log', text: 'awaiting: 300 ms (3.00x)', t: T0 + 1300 }],
    spans: [
      { lane: 'main', label: 'rice', start: T0, end: T0 + 300, kind: 'wait', group: 'blocking' },
      { lane: 'main', label: 'soup', start: T0 + 300, end: T0 + 600, kind: 'wait', group: 'blocking' },
      { lane: 'main', label: 'tea', start: T0 + 600, end: T0 + 900, kind: 'wait', group: 'blocking' },
      { lane: 'main', label: 'rice', start: T0 + 1000, end: T0 + 1300, kind: 'io', group: 'awaiting' },
      { lane: 'main', label: 'soup', start: T0 + 1000, end: T0 + 1300, kind: 'io', group: 'awaiting' },
    ],
    groups: [
      { group: 'blocking', start: T0, end: T0 + 900 },
      { group: 'awaiting', start: T0 + 1000, end: T0 + 1300, baseline: 'blocking' },
    ],
    machine,
    date: new Date(Date.UTC(2026, 10, 23, 21, 50)),
  })
}

describe('run records', () => {
  it('hash the code that ran (SHA-256, hex)', async () => {
    expect(await codeHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    const r = await sample()
    expect(r.codeHash).toBe(await codeHash('await sleep(1)'))
    expect(r.version).toBe(1)
    expect(r.date).toBe('2026-11-23T21:50:00.000Z')
  })

  it('say where and when they were measured', async () => {
    expect(provenance(await sample())).toBe('recorded on 2 cores · isolated · timer 5 µs · Chromium 156, 2026-11-23 21:50 UTC')
  })

  it('round-trip through a records file, and a bad file says why', async () => {
    const file = recordFile([await sample()])
    expect(parseRecordFile(JSON.stringify(file)).records[0].cell).toBe('blocking-vs-awaiting')
    expect(() => parseRecordFile('{nope')).toThrow(/not a records file/)
    expect(() => parseRecordFile('{"kind":"other"}')).toThrow(/not a records file/)
    expect(() => parseRecordFile(JSON.stringify({ ...file, version: 9 }))).toThrow(/version 9/)
    expect(() => parseRecordFile(JSON.stringify({ ...file, records: [{ cell: 'x' }] }))).toThrow(/incomplete/)
  })

  it('are refused once the snippet\'s code has changed, or the cell is gone', async () => {
    const r = await sample()
    const same = await checkRecords([r], { 'blocking-vs-awaiting': 'await sleep(1)' })
    expect(same.current).toHaveLength(1)
    const changed = await checkRecords([r, { ...r, cell: 'gone' }], { 'blocking-vs-awaiting': 'await sleep(2)' })
    expect(changed.current).toEqual([])
    expect(changed.stale.map(s => s.cell)).toEqual(['blocking-vs-awaiting', 'gone'])
    expect(changed.stale[0].reason).toMatch(/other code/)
  })
})

describe('replay', () => {
  it('shows each part when it happened, shifted to the replay\'s start', async () => {
    const r = await sample()
    const at = 5_000
    const steps = replaySteps(r, at)
    expect(steps.map(s => s.at - at)).toEqual([...steps.map(s => s.at - at)].sort((a, b) => a - b))
    const firstSpan = steps.find(s => 'span' in s)!
    expect(firstSpan.at).toBe(at + 300) // a span shows when it ends, as in a live run
    expect('span' in firstSpan && firstSpan.span.start).toBe(at)
    const groupStarts = steps.filter(s => 'group' in s && s.group.end === undefined)
    expect(groupStarts.map(s => s.at - at)).toEqual([0, 1000])
    const lines = steps.filter(s => 'line' in s)
    expect(lines.map(s => s.at - at)).toEqual([905, 1300])
    expect(replayEnd(r, at)).toBe(at + 1300)
  })
})

describe('trace export (Chrome Trace Event JSON)', () => {
  it('has a process per compare mode, a named thread per lane, microsecond times', async () => {
    const trace = toTrace(await sample())
    const meta = trace.traceEvents.filter(e => e.ph === 'M')
    expect(meta.filter(e => e.name === 'process_name').map(e => e.args?.name)).toEqual(['blocking', 'awaiting'])
    expect(meta.filter(e => e.name === 'thread_name' && e.args?.name === 'main')).toHaveLength(2)
    const blocking = trace.traceEvents.filter(e => e.ph === 'X' && e.pid === 1 && e.tid === 1)
    expect(blocking.map(e => [e.name, e.ts, e.dur])).toEqual([['rice', 0, 300_000], ['soup', 300_000, 300_000], ['tea', 600_000, 300_000]])
    expect(trace.displayTimeUnit).toBe('ms')
    expect(JSON.parse(JSON.stringify(trace)).metadata.cell).toBe('blocking-vs-awaiting')
  })

  it('writes overlapping spans of one lane as nestable async pairs', async () => {
    const trace = toTrace(await sample())
    const awaiting = trace.traceEvents.filter(e => e.pid === 2 && (e.ph === 'b' || e.ph === 'e'))
    expect(awaiting.map(e => e.ph)).toEqual(['b', 'e', 'b', 'e'])
    expect(new Set(awaiting.map(e => e.id)).size).toBe(2)
    expect(awaiting.filter(e => e.ph === 'b').map(e => e.ts)).toEqual([1_000_000, 1_000_000])
    expect(awaiting.filter(e => e.ph === 'e').map(e => e.ts)).toEqual([1_300_000, 1_300_000])
  })

  it('puts console output on a console thread, in the mode that printed it', async () => {
    const trace = toTrace(await sample())
    const logs = trace.traceEvents.filter(e => e.ph === 'i')
    expect(logs.map(e => [e.pid, e.ts, e.args?.text])).toEqual([[1, 905_000, 'blocking: 900 ms'], [2, 1_300_000, 'awaiting: 300 ms (3.00x)']])
  })

  it('gives each mode its wall time on its own thread', async () => {
    const trace = toTrace(await sample())
    const walls = trace.traceEvents.filter(e => e.cat === 'wall')
    expect(walls.map(e => [e.pid, e.ts, e.dur])).toEqual([[1, 0, 900_000], [2, 1_000_000, 300_000]])
  })

  it('carries a mode that other work slowed: how fast its work went, and no speedup against it', async () => {
    const r = await sample()
    r.groups[0] = { ...r.groups[0], pace: { workMs: 900, speed: 0.42 } }
    const walls = toTrace(r).traceEvents.filter(e => e.cat === 'wall')
    expect(walls[0].args).toEqual({ freeCoreSpeed: 0.42, workMs: 900, notFair: 'slowed by other work: 42% of a free core\'s speed' })
    expect(walls[1].args).toEqual({ notFair: 'no speedup shown: "blocking" was not measured fairly' })
  })
})
