// What the benchmark serves: the deck's dist/ (built when missing or on --build) and
// the fixture deck, which runs the same snippets through Slidev's built-in runner.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { load } from '@slidev/parser/fs'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const fixtureEntry = join(root, 'bench/fixture/slides.md')
export const fixtureDist = join(root, 'bench/.fixture-dist')

export function npx(args) {
  const started = performance.now()
  const run = spawnSync('npx', args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
  if (run.status !== 0) throw new Error(`npx ${args.join(' ')} failed (${run.status})`)
  return (performance.now() - started) / 1000
}

/** Builds dist/ when it is missing (or always with `force`); returns seconds spent, 0 if skipped. */
export function ensureDeck(force) {
  if (!force && existsSync(join(root, 'dist/index.html'))) return 0
  return npx(['slidev', 'build'])
}

/**
 * A private copy of dist/ to serve: others may rebuild dist/ while the benchmark runs.
 * A copy is taken again if it caught a build half-written (an entry chunk missing).
 */
export async function snapshotDeck() {
  for (let attempt = 0; attempt < 10; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-dist-'))
    cpSync(join(root, 'dist'), dir, { recursive: true, preserveTimestamps: true })
    const html = existsSync(join(dir, 'index.html')) ? readFileSync(join(dir, 'index.html'), 'utf8') : ''
    const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map(m => m[1])
    if (refs.length && refs.every(r => existsSync(join(dir, r)))) return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
    rmSync(dir, { recursive: true, force: true })
    await new Promise(r => setTimeout(r, 10_000))
  }
  throw new Error('dist/ kept changing (a build running elsewhere?): no consistent copy')
}

/**
 * The fixture's user root is bench/fixture (Slidev takes the entry's folder), so the
 * deck's setup/, components/ and vite.config.ts do not apply: {monaco-run} is Slidev's own.
 */
export function buildFixture(force) {
  if (!force && existsSync(join(fixtureDist, 'index.html'))) return 0
  return npx(['slidev', 'build', fixtureEntry, '--out', fixtureDist])
}

/**
 * Every live cell in the deck, in slide order: { id, slide (1-based), lang }. The attributes
 * may come in any order; a cell is Python when it says lang="python" (its snippet is <id>.py).
 */
export async function liveCells() {
  const data = await load({ roots: [root], userRoot: root }, join(root, 'slides.md'))
  return data.slides.flatMap((s, i) => [...s.source.content.matchAll(/<LiveCell\b([^>]*)>/g)].map(([, attrs]) => ({
    id: attrs.match(/(?:^|\s)id="([^"]+)"/)[1],
    slide: i + 1,
    lang: attrs.match(/(?:^|\s)lang="([^"]+)"/)?.[1] ?? 'typescript',
  })))
}

/** Slide number (1-based) of each live cell in the deck, by snippet id (.ts and .py cells alike). */
export async function cellSlides(cells) {
  const slides = {}
  for (const c of cells ?? await liveCells()) slides[c.id] ??= c.slide
  return slides
}

/**
 * The fixture's runnable blocks: [{ slide, name, code }], name = the slide's heading.
 * The deck is fed exactly this text, so both runners compile the same code.
 */
export function fixtureSnippets() {
  const text = readFileSync(fixtureEntry, 'utf8')
  // Split on the slide separators after the headmatter.
  const slides = text.split(/^---$/m).slice(2)
  const out = []
  slides.forEach((s, i) => {
    const block = s.match(/^```ts \{monaco-run\}[^\n]*\n([\s\S]*?)^```$/m)
    if (block) out.push({ slide: i + 1, name: s.match(/^# (.+)$/m)[1].trim(), code: block[1] })
  })
  return out
}
