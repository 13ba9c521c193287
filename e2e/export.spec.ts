import { execFileSync } from 'node:child_process'
import { existsSync, rmSync, statSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { slideCount } from './fixtures'

// The real `slidev export` (its own dev server, the chosen Chromium), then the
// PDF read back with poppler's pdfinfo/pdftotext.
test('npm run export writes a PDF with one page per slide and the title in its text', async () => {
  test.setTimeout(240_000)
  const out = 'test-results/handout.pdf'
  rmSync(out, { force: true })
  execFileSync('npm', ['run', 'export', '--silent'], { env: { ...process.env, EXPORT_OUTPUT: out }, stdio: 'inherit' })
  expect(existsSync(out)).toBe(true)
  expect(statSync(out).size, "a blank export is a few KiB").toBeGreaterThan(50_000)
  const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' })
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1])
  expect(pages).toBe(await slideCount())
  const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })
  expect(text).toContain('Concurrency vs Parallelism')
})
