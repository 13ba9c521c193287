import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { load } from '@slidev/parser/fs'
import { describe, expect, it } from 'vitest'

// The Python cells (snippets/<id>.py, <LiveCell id="…" lang="python">): each on a slide of its
// own, right after the TypeScript slide it mirrors (whose cell keeps its id and its slide),
// readable at a talk's font size.
const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..')
const python = readdirSync(here).filter(f => f.endsWith('.py')).map(f => f.slice(0, -3)).sort()

async function slides() {
  const data = await load({ roots: [root], userRoot: root }, join(root, 'slides.md'))
  return data.slides.filter(s => !s.frontmatter?.hide && !s.frontmatter?.disabled).map(s => s.source)
}
const cellsOf = (slide: string) => [...slide.matchAll(/<LiveCell\s+id="([^"]+)"([^>]*)\/>/g)].map(m => ({ id: m[1], attrs: m[2] }))

describe('Python cells', () => {
  it('are at least six, ids ending in -py, each in a cell that says lang="python"', async () => {
    expect(python.length).toBeGreaterThanOrEqual(6)
    const all = (await slides()).flatMap(s => cellsOf(s.content))
    for (const id of python) {
      expect(id).toMatch(/-py$/)
      const cell = all.find(c => c.id === id)
      expect(cell, `a <LiveCell id="${id}"> in slides.md`).toBeDefined()
      expect(cell!.attrs).toContain('lang="python"')
    }
    // and no cell says Python without a .py file
    for (const c of all.filter(c => c.attrs.includes('lang="python"'))) expect(python).toContain(c.id)
  })

  it('sit alone on a slide right after the TypeScript cell they mirror', async () => {
    const deck = await slides()
    for (const id of python) {
      const at = deck.findIndex(s => s.content.includes(`id="${id}"`))
      expect(cellsOf(deck[at].content).map(c => c.id), `${id}'s slide`).toEqual([id])
      expect(cellsOf(deck[at - 1].content).map(c => c.id), `the slide before ${id}`).toEqual([id.replace(/-py$/, '')])
      expect(deck[at].note?.length, `${id}'s slide has speaker notes`).toBeGreaterThan(100)
    }
  })

  it('keep their lines short enough to read from the back of the room', () => {
    for (const id of python) {
      const long = readFileSync(join(here, `${id}.py`), 'utf8').split('\n').filter(l => l.length > 60)
      expect(long, `${id}.py`).toEqual([])
    }
  })
})
