import { readFileSync } from 'node:fs'
import { expect, openCell, parseTimelineLabel, runToDone, slideOf, test } from './fixtures'

// What outlives a run: its trace (Chrome Trace Event JSON), the deck's records file,
// and a replay at the run's own speed, shown in every window of the deck.
const CELL = 'futures-cancel' // three overlapping jobs on one loop, 300 ms: quick and telling

test.describe('a finished run', () => {
  test('downloads as a trace with the slide\'s lanes and spans', async ({ page }) => {
    const cell = await openCell(page, CELL)
    await expect(cell.getByRole('button', { name: 'Download trace' })).toBeDisabled() // nothing ran yet
    await runToDone(cell)
    const [download] = await Promise.all([page.waitForEvent('download'), cell.getByRole('button', { name: 'Download trace' }).click()])
    expect(download.suggestedFilename()).toBe(`${CELL}-trace.json`)
    const trace = JSON.parse(readFileSync((await download.path())!, 'utf8'))
    expect(trace.displayTimeUnit).toBe('ms')
    expect(trace.metadata).toMatchObject({ cell: CELL, outcome: 'done' })
    const names = trace.traceEvents.filter((e: { ph: string, name: string }) => e.ph === 'M' && e.name === 'thread_name').map((e: { args: { name: string } }) => e.args.name)
    expect(names).toContain('main')
    // The three jobs overlap on the loop's lane: nestable async slices, begin and end.
    const begins = trace.traceEvents.filter((e: { ph: string }) => e.ph === 'b')
    expect(begins.map((e: { name: string }) => e.name).sort()).toEqual(['1200 ms', '2500 ms', '300 ms'])
    expect(trace.traceEvents.filter((e: { ph: string }) => e.ph === 'e')).toHaveLength(3)
    const first = begins.find((e: { name: string }) => e.name === '300 ms')
    const end = trace.traceEvents.find((e: { ph: string, id: string }) => e.ph === 'e' && e.id === first.id)
    expect((end.ts - first.ts) / 1000).toBeGreaterThan(290) // microseconds
    expect((end.ts - first.ts) / 1000).toBeLessThan(400)
  })

  test('is kept with the deck\'s other last runs in one records file', async ({ page }) => {
    const cell = await openCell(page, CELL)
    await runToDone(cell)
    const [download] = await Promise.all([page.waitForEvent('download'), cell.getByRole('button', { name: 'Download records' }).click()])
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8'))
    expect(file).toMatchObject({ kind: 'concurrency-vs-parallelism/run-records', version: 1 })
    const record = file.records.find((r: { cell: string }) => r.cell === CELL)
    expect(record).toMatchObject({ outcome: 'done', machine: { line: expect.stringMatching(/cores · .*isolated · timer/) } })
    expect(record.codeHash).toMatch(/^[0-9a-f]{64}$/)
    expect(record.spans).toHaveLength(3)
  })

  test('replays at its own speed, labelled, in the presenter and projector windows alike', async ({ page, context }) => {
    const REPLAYED = 'blocking-vs-awaiting' // four seconds: time to watch both windows
    const no = await slideOf(REPLAYED)
    const cell = await openCell(page, REPLAYED)
    const live = await runToDone(cell)
    const projector = await context.newPage()
    await projector.goto(`/${no}`)
    const shown = projector.locator(`[data-cell="${REPLAYED}"]`)
    await expect(shown).toBeVisible()

    const started = Date.now()
    await cell.getByRole('button', { name: 'Replay' }).click()
    for (const view of [cell, shown]) {
      await expect(view).toHaveAttribute('data-state', 'running')
      await expect(view.getByRole('status')).toContainText(/Replay, not live: recorded on \d+ cores?/)
    }
    await expect(cell).toHaveAttribute('data-state', 'done')
    expect(Date.now() - started, 'a replay takes about as long as the run did').toBeGreaterThan(live.groups.reduce((sum, g) => sum + g.ms, 0) - 100)
    await expect(shown).toHaveAttribute('data-state', 'done')
    // The same spans, drawn again: the replayed timeline matches the live one.
    for (const view of [cell, shown]) {
      const groups = parseTimelineLabel((await view.locator('svg[role="img"]').getAttribute('aria-label'))!)
      expect(groups.map(g => g.lanes)).toEqual(live.groups.map(g => g.lanes))
      expect(groups.map(g => g.name)).toEqual(['blocking', 'awaiting'])
      groups.forEach((g, i) => expect(Math.abs(g.ms - live.groups[i].ms)).toBeLessThanOrEqual(2))
      await expect(view.getByRole('log')).toContainText(/awaiting: \d+ ms \(\d\.\d\dx\)/)
    }
  })
})
