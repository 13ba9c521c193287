import { defineConfig } from 'vitest/config'
import { handout, recordedResults } from './vite/plugins.ts'
import { runners } from './vite/runners.ts'

// Unit tests: pure logic, in Node, no browser (browser checks live in e2e/).
export default defineConfig({
  // The deck's virtual modules, for composables that import them.
  plugins: [recordedResults(), handout(), runners()],
  test: {
    include: ['engine/**/*.test.ts', 'logic/**/*.test.ts', 'composables/**/*.test.ts', 'scripts/**/*.test.ts', 'snippets/**/*.test.ts', 'vite/**/*.test.ts'],
    environment: 'node',
  },
})
