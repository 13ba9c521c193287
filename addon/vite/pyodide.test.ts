import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PYODIDE_FILES, pyodidePackage } from './pyodide'

describe('the deck\'s Pyodide (vite/pyodide.ts)', () => {
  it('is the pinned version, served from a versioned folder under assets/', () => {
    const pkg = pyodidePackage()
    expect(pkg.version).toBe('314.0.8')
    expect(pkg.assets).toBe('assets/pyodide-314.0.8/')
  })
  it('ships four files, all present in the package, and no lockfile (so no package can be loaded)', () => {
    const { dir } = pyodidePackage()
    expect([...PYODIDE_FILES]).toEqual(['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip'])
    for (const f of PYODIDE_FILES) expect(existsSync(join(dir, f)), f).toBe(true)
  })
  it('passes the lockfile\'s header inline: the ABI and the Python it was built for', () => {
    expect(pyodidePackage().lockInfo).toMatchObject({ abi_version: expect.any(String), python: expect.stringMatching(/^3\.14\./) })
  })
})
