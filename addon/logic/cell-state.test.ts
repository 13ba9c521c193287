import { describe, expect, it } from 'vitest'
import type { CellPatch, CellView } from './cell-state'
import { applyPatch, emptyView, isBusy, outcomePatch, stateAnnouncement, upsertGroup } from './cell-state'

describe('what a finished run adds to the view', () => {
  it('a done run sets the wall time', () => {
    expect(outcomePatch({ status: 'done', start: 0, end: 12, wallMs: 12 })).toEqual({ state: 'done', wallMs: 12 })
  })
  it('a compile error names line:column and marks the editor', () => {
    const p = outcomePatch({ status: 'compile-error', errors: [{ line: 2, column: 11, message: 'Unexpected ";"' }] })
    expect(p.state).toBe('error')
    expect(p.markers).toEqual([{ line: 2, column: 11, message: 'Unexpected ";"' }])
    expect(p.lines?.[0].text).toBe('Syntax error at line 2:11: Unexpected ";"')
  })
  it('a crash says so; a thrown error was already shown as it happened', () => {
    expect(outcomePatch({ status: 'error', error: { name: 'WorkerCrash', message: 'the worker crashed (out of memory?)', crashed: true } }).lines?.[0].text).toMatch(/crashed/)
    expect(outcomePatch({ status: 'error', error: { name: 'TypeError', message: 'boom' } }).lines).toEqual([])
  })
  it('stop and timeout explain themselves', () => {
    expect(outcomePatch({ status: 'stopped' })).toMatchObject({ state: 'stopped' })
    // A Python Stop says how far it went (engine/run/python.ts).
    expect(outcomePatch({ status: 'stopped', note: 'Stopped: KeyboardInterrupt raised in the cell.' }).lines?.[0].text).toBe('Stopped: KeyboardInterrupt raised in the cell.')
    expect(outcomePatch({ status: 'timeout', budgetMs: 10_000 }).lines?.[0].text).toMatch(/10 s: the cell's time budget ran out/)
  })
})

describe('a cell\'s view, patch by patch (what every window of the deck applies)', () => {
  const run = (...patches: CellPatch[]): CellView => patches.reduce(applyPatch, emptyView)
  const log = (text: string) => ({ level: 'log' as const, text })

  it('starts idle and empty; a Run resets it to compiling, then running, then done with its wall time', () => {
    expect(emptyView).toMatchObject({ state: 'idle', lines: [], spans: [], groups: [], markers: [], replay: '' })
    const v = run({ reset: true, state: 'compiling', startedAt: 5 }, { state: 'running' }, { lines: [log('a')] }, { lines: [log('b')] }, { state: 'done', wallMs: 12 })
    expect(v).toMatchObject({ state: 'done', startedAt: 5, wallMs: 12 })
    expect(v.lines.map(l => l.text)).toEqual(['a', 'b']) // lines append
    expect(isBusy('compiling') && isBusy('running') && !isBusy('done') && !isBusy('idle')).toBe(true)
  })

  it('forgets the previous run on reset: output, bars, markers, chart, wall time and a replay label', () => {
    const before = run(
      { lines: [log('old')], spans: [{ lane: 'main', label: 'x', start: 0, end: 1 }], markers: [{ line: 1, column: 1, message: 'no' }] },
      { plot: { title: 't', x: 'x', y: 'y', series: [] }, wallMs: 9, replay: 'recorded on …', state: 'done' },
    )
    const after = applyPatch(before, { reset: true, state: 'compiling', startedAt: 7 })
    expect(after).toEqual({ ...emptyView, state: 'compiling', startedAt: 7 })
  })

  it('replaces the compare markers as a whole, and a marker by its name', () => {
    const a = { group: 'a', start: 0 }
    const v = run({ groups: [a] }, { groups: upsertGroup([a], { group: 'a', start: 0, end: 10 }) })
    expect(v.groups).toEqual([{ group: 'a', start: 0, end: 10 }])
    expect(upsertGroup(v.groups, { group: 'b', start: 11 }).map(g => g.group)).toEqual(['a', 'b'])
  })

  it('never changes the view it was given (each window keeps its own)', () => {
    const v = run({ lines: [log('a')] })
    const copy = JSON.parse(JSON.stringify(v))
    applyPatch(v, { lines: [log('b')], state: 'running' })
    expect(v).toEqual(copy)
  })

  it('ends a done run whose mode was slowed with a line that says so', () => {
    const p = outcomePatch({ status: 'done', start: 0, end: 900, wallMs: 900 }, [{ group: 'one by one', start: 0, end: 600, pace: { workMs: 600, speed: 0.4 } }], 99)
    expect(p.state).toBe('done')
    expect(p.lines).toEqual([{ level: 'warn', text: expect.stringMatching(/^Not a fair measurement: other work on this machine slowed "one by one" to 40%/), t: 99 }])
    expect(outcomePatch({ status: 'done', start: 0, end: 900, wallMs: 900, pace: { workMs: 800, speed: 0.97 } }).lines).toBeUndefined()
  })
})

describe('what a screen reader hears', () => {
  const c = { title: 'Blocking vs awaiting', time: 'wall 4,008 ms', lines: [], budgetMs: 10_000 }
  it('says each state once, in words', () => {
    expect(stateAnnouncement('idle', c)).toBe('')
    expect(stateAnnouncement('compiling', c)).toBe('Running Blocking vs awaiting.')
    expect(stateAnnouncement('running', c)).toBe('Running Blocking vs awaiting.')
    expect(stateAnnouncement('done', { ...c, lines: [{ level: 'log', text: 'a', t: 0 }] })).toBe('Done: wall 4,008 ms, 1 output line.')
    expect(stateAnnouncement('done', c)).toBe('Done: wall 4,008 ms.')
    expect(stateAnnouncement('error', { ...c, lines: [{ level: 'error', text: 'ReferenceError: x', t: 0 }] })).toBe('Error: ReferenceError: x')
    expect(stateAnnouncement('stopped', c)).toBe('Stopped.')
    expect(stateAnnouncement('timeout', c)).toBe('Timed out: the run passed its 10 s budget.')
  })
})
