import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { bundleRunner, RUNNER_ENTRIES, runnersModule } from './runners'

/** The addon's engine folder, where the entries are wherever the deck is. */
const engine = fileURLToPath(new URL('../engine/', import.meta.url)).replaceAll('\\', '/')

describe('the runner frame\'s code (vite/runners.ts)', () => {
  it('is, in a build, Vite\'s own worker bundles: the files the page\'s workers load elsewhere', () => {
    expect(RUNNER_ENTRIES).toEqual({ snippet: `${engine}worker/entry.ts`, python: `${engine}worker/python/entry.ts` })
    expect(runnersModule('build', '/talk/')).toBe([
      `import snippet from "${engine}worker/entry.ts?worker&url"`,
      `import python from "${engine}worker/python/entry.ts?worker&url"`,
      'export default { snippet, python }',
      '',
    ].join('\n'))
  })

  it('is, under the dev server, one bundle per kind, served under the base', () => {
    expect(runnersModule('serve', '/talk/')).toBe('export default {"snippet":"/talk/@live-cells/runner/snippet.js","python":"/talk/@live-cells/runner/python.js"}\n')
  })

  it('bundles each entry into one self-contained module: nothing it imports, nothing left for a frame to fetch', async () => {
    for (const entry of Object.values(RUNNER_ENTRIES)) {
      const code = await bundleRunner(process.cwd(), entry)
      expect(code).not.toMatch(/^\s*import\s[^(]/m) // no static import (the snippet's and Pyodide's dynamic ones stay)
      expect(code).not.toMatch(/\bexport\s*\{[^}]+\}/) // nothing exported: a worker's entry
      expect(code).toMatch(/sourceMappingURL=data:application\/json/)
    }
    expect(await bundleRunner(process.cwd(), RUNNER_ENTRIES.python)).toContain('def _run_cell') // talk.py, inlined (?raw)
  }, 30_000)
})
