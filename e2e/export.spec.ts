import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { createRecord, recordFile } from '../engine/record'
import { slideCount, slideOf } from './fixtures'

// The real `npm run export` (`slidev export` on its own dev server, the chosen Chromium):
// every cell runs during the export and its page carries the measured result; or, with
// --results, the recorded one. The PDF is read back with poppler's pdfinfo/pdftotext.
const pageText = (pdf: string, page: number) => execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], { encoding: 'utf8' })
const cells = () => readFileSync('slides.md', 'utf8').match(/<LiveCell\s+id="[^"]+"/g)!.map(m => m.slice(m.indexOf('"') + 1, -1))

test.describe('npm run export', () => {
  test('writes the handout: one page per slide, every cell with its measured result', async () => {
    test.setTimeout(360_000)
    const out = 'test-results/handout.pdf'
    rmSync(out, { force: true })
    execFileSync('npm', ['run', 'export', '--silent'], { env: { ...process.env, EXPORT_OUTPUT: out }, stdio: 'inherit' })
    expect(existsSync(out)).toBe(true)
    expect(statSync(out).size, 'a blank export is a few KiB').toBeGreaterThan(50_000)
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [out], { encoding: 'utf8' }))?.[1])
    expect(pages).toBe(await slideCount())
    expect(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })).toContain('Concurrency vs Parallelism')
    for (const id of cells()) {
      const text = pageText(out, await slideOf(id))
      expect(text, `${id}'s page says where and when it was measured`).toMatch(/Measured live during the export on \d+ cores? · (isolated|not isolated)[^\n]*· timer [^\n]*, \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
      expect(text, `${id}'s page holds its output`).not.toMatch(/running…/)
      if (!['event-loop-order', 'round-robin'].includes(id)) expect(text, `${id}'s page has a wall time`).toMatch(/\d ms\b/)
    }
  })

  test('--results prints recorded figures, labelled as recorded; a stale record is refused', async () => {
    test.setTimeout(240_000)
    mkdirSync('test-results', { recursive: true })
    const T0 = 1_790_000_000_000
    const machine = { cores: 64, isolated: true, timerMs: 0.005, browser: 'Chromium 999', line: '64 cores · isolated · timer 5 µs · Chromium 999' }
    const record = await createRecord({
      cell: 'blocking-vs-awaiting', code: readFileSync('snippets/blocking-vs-awaiting.ts', 'utf8'), outcome: 'done', startedAt: T0, wallMs: 4242,
      lines: [{ level: 'log', text: 'blocking: 3141 ms', t: T0 + 3141 }, { level: 'log', text: 'awaiting: 1101 ms (2.85x)', t: T0 + 4242 }],
      spans: [{ lane: 'main', label: 'rice', start: T0, end: T0 + 3141, kind: 'wait', group: 'blocking' }, { lane: 'main', label: 'rice', start: T0 + 3141, end: T0 + 4242, kind: 'io', group: 'awaiting' }],
      groups: [{ group: 'blocking', start: T0, end: T0 + 3141 }, { group: 'awaiting', start: T0 + 3141, end: T0 + 4242, baseline: 'blocking' }],
      machine, date: new Date(Date.UTC(2026, 0, 2, 3, 4)),
    })
    const good = 'test-results/recorded.json'
    writeFileSync(good, JSON.stringify(recordFile([record])))

    const stale = 'test-results/stale.json'
    writeFileSync(stale, JSON.stringify(recordFile([{ ...record, codeHash: '0'.repeat(64) }])))
    const refused = spawnSync('npm', ['run', 'export', '--silent', '--', '--results', stale], { encoding: 'utf8', env: { ...process.env, EXPORT_OUTPUT: 'test-results/stale.pdf' } })
    expect(refused.status).not.toBe(0)
    expect(refused.stderr).toMatch(/refusing .*stale\.json: blocking-vs-awaiting: recorded from other code/)
    expect(existsSync('test-results/stale.pdf')).toBe(false)

    const out = 'test-results/recorded.pdf'
    const no = await slideOf('blocking-vs-awaiting')
    execFileSync('npm', ['run', 'export', '--silent', '--', '--results', good, '--range', String(no)], { env: { ...process.env, EXPORT_OUTPUT: out }, stdio: 'inherit' })
    const text = pageText(out, 1)
    expect(text).toContain('blocking: 3141 ms')
    expect(text).toContain('awaiting: 1101 ms (2.85x)')
    expect(text).toMatch(/Recorded result: recorded on 64 cores · isolated · timer 5 µs · Chromium 999, 2026-01-02 03:04 UTC/)
    expect(text).not.toMatch(/Measured live/)
  })
})
