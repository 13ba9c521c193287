import { defineConfig } from 'vitest/config'
import { liveCellsOptions } from './addon/scripts/deck.mjs'
import { deckSnippets, handout } from './addon/vite/deck-modules.ts'
import { recordedResults } from './addon/vite/plugins.ts'
import { runners } from './addon/vite/runners.ts'

// Unit tests: pure logic, in Node, no browser (browser checks live in e2e/): the addon's
// and the talk's own (its snippets, the lockfile).
export default defineConfig({
  // The addon's virtual modules, for composables that import them (this deck's folder).
  plugins: [recordedResults(), handout({ root: process.cwd(), handout: 'handout.pdf' }), ...deckSnippets({ root: process.cwd(), options: liveCellsOptions(), handout: '' }), runners()],
  test: {
    include: ['addon/**/*.test.ts', 'scripts/**/*.test.ts', 'snippets/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'examples/**'],
    environment: 'node',
  },
})
