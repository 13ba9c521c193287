// What a deck tells the addon, from its headmatter: where its snippets are, a cell's
// default time budget, which windows start the engine ahead, and (Slidev's own
// `exportFilename`) what its PDF handout is called. One reader for the Vite plugins and
// the export script.
//
//   liveCells:
//     snippets: snippets   # <id>.ts and <id>.py files, relative to the deck
//     budget: 10000        # ms a run may take before it ends as `timeout` (a cell's :budget wins)
//     prewarm: speaker     # speaker | all | none: which windows start the engine in idle time
import { join } from 'node:path'

export const DEFAULTS = Object.freeze({ snippets: 'snippets', budget: 10_000, prewarm: 'speaker' })
const PREWARM = ['speaker', 'all', 'none']

/** The addon's options from a deck's headmatter, each checked and defaulted. */
export function liveCellsOptions(headmatter = {}) {
  const o = headmatter?.liveCells ?? {}
  const folder = typeof o.snippets === 'string' && o.snippets.trim() ? o.snippets.trim().replace(/^\.?\/+|\/+$/g, '') : DEFAULTS.snippets
  return {
    snippets: folder,
    budget: Number(o.budget) > 0 ? Number(o.budget) : DEFAULTS.budget,
    prewarm: PREWARM.includes(o.prewarm) ? o.prewarm : DEFAULTS.prewarm,
  }
}

/** The handout's file name: Slidev's `exportFilename` (its default too) with `.pdf`. */
export const handoutName = (headmatter = {}) => `${headmatter?.exportFilename || 'slides-export'}.pdf`

/** A deck's headmatter and visible slide count, read with Slidev's own parser. */
export async function readDeck(root = process.cwd(), entry = 'slides.md') {
  const { load } = await import('@slidev/parser/fs')
  const data = await load({ roots: [root], userRoot: root }, join(root, entry))
  return { headmatter: data.headmatter, slides: data.slides.length }
}
