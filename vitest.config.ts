import { defineConfig } from 'vitest/config'

// Unit tests: pure logic, in Node, no browser (browser checks live in e2e/).
export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'composables/**/*.test.ts', 'scripts/**/*.test.ts', 'snippets/**/*.test.ts'],
    environment: 'node',
  },
})
