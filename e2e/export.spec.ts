import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { createRecord, recordFile } from '../addon/engine/record'
import { slideCount, slideOf } from './fixtures'

// The real `npm run export` (`slidev export` on its own dev server, the chosen Chromium):
// every cell runs during the export and its page carries the measured result; or, with
// --results, the recorded one. The PDF is read back with poppler's pdfinfo/pdftotext.
const pageText = (pdf: string, page: number) => execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], { encoding: 'utf8' })
const cells = () => readFileSync('slides.md', 'utf8').match(/<LiveCell\s+id="[^"]+"/g)!.map(m => m.slice(m.indexOf('"') + 1, -1))
/** A cell's snippet file: snippets/<id>.ts, or .py for a Python cell. */
const snippetOf = (cell: string) => readFileSync(existsSync(`snippets/${cell}.py`) ? `snippets/${cell}.py` : `snippets/${cell}.ts`, 'utf8')

test.describe('npm run export', () => {
  // One export (each takes a minute or more): a third of the cells from a records file
  // (--results), the rest measured live during the export. A stale records file is refused first.
  test('writes the handout: one page per slide, each cell with its live or its recorded result; a stale record is refused', async () => {
    test.setTimeout(360_000)
    mkdirSync('test-results', { recursive: true })
    const T0 = 1_790_000_000_000
    const machine = { cores: 64, isolated: true, timerMs: 0.005, browser: 'Chromium 999', line: '64 cores · isolated · timer 5 µs · Chromium 999' }
    // Records for a third of the cells (TypeScript and Python alike; most of the longest CPU
    // demos, while the pool of processes still runs live), with figures no live run would print.
    const recorded = ['io-vs-cpu', 'round-robin-py', 'futures-gather-py', 'futures-cancel', 'gil-cpu', 'http-calls-py', 'http-parse', 'amdahl']
    expect(cells(), 'every recorded cell is in the deck').toEqual(expect.arrayContaining(recorded))
    expect(recorded.some(c => c.endsWith('-py')) && recorded.some(c => !c.endsWith('-py'))).toBe(true)
    const records = await Promise.all(recorded.map((cell, k) => createRecord({
      cell, code: snippetOf(cell), outcome: 'done', startedAt: T0, wallMs: 4242 + k,
      lines: [{ level: 'log', text: `${cell} recorded: ${31415 + k} ms`, t: T0 + 4242 }],
      spans: [{ lane: 'main', label: 'rehearsed', start: T0, end: T0 + 4242 + k, kind: 'cpu', group: 'rehearsal' }],
      groups: [{ group: 'rehearsal', start: T0, end: T0 + 4242 + k }],
      machine, date: new Date(Date.UTC(2026, 0, 2, 3, 4)),
    })))
    const good = 'test-results/recorded.json'
    writeFileSync(good, JSON.stringify(recordFile(records)))

    const stale = 'test-results/stale.json'
    writeFileSync(stale, JSON.stringify(recordFile([{ ...records[0], codeHash: '0'.repeat(64) }])))
    const refused = spawnSync('npm', ['run', 'export', '--silent', '--', '--results', stale], { encoding: 'utf8', env: { ...process.env, EXPORT_OUTPUT: 'test-results/stale.pdf' } })
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toMatch(new RegExp(`refusing .*stale\\.json: ${records[0].cell}: recorded from other code`))
    expect(existsSync('test-results/stale.pdf')).toBe(false)

    const out = 'test-results/handout.pdf'
    rmSync(out, { force: true })
    execFileSync('npm', ['run', 'export', '--silent', '--', '--results', good], { env: { ...process.env, EXPORT_OUTPUT: out }, stdio: 'inherit' })
    expect(existsSync(out)).toBe(true)
    expect(statSync(out).size, 'a blank export is a few KiB').toBeGreaterThan(50_000)
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [out], { encoding: 'utf8' }))?.[1])
    expect(pages).toBe(await slideCount())
    expect(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })).toContain('Concurrency vs Parallelism')
    for (const id of cells()) {
      const text = pageText(out, await slideOf(id))
      const k = recorded.indexOf(id)
      if (k >= 0) {
        expect(text, `${id}'s page prints its record`).toContain(`${id} recorded: ${31415 + k} ms`)
        expect(text).toMatch(/Recorded result: recorded on 64 cores · isolated · timer 5 µs · Chromium 999, 2026-01-02 03:04 UTC/)
        expect(text).not.toMatch(/Measured live/)
        continue
      }
      expect(text, `${id}'s page says where and when it was measured`).toMatch(/Measured live during the export on \d+ cores? · (isolated|not isolated)[^\n]*· timer [^\n]*, \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
      expect(text, `${id}'s page holds its output`).not.toMatch(/running…/)
      if (!['event-loop-order', 'round-robin', 'event-loop-order-py', 'round-robin-py'].includes(id)) expect(text, `${id}'s page has a wall time`).toMatch(/\d ms\b/)
    }
  })
})
