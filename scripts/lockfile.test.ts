import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// `npm ci` (the first step of CI) refuses a lockfile that names an optional
// dependency it does not also list, for every platform. `npm install` on a
// registry that lacks one platform's package writes exactly such a lockfile,
// and only a clean install notices. This catches it in `npm test`.

interface LockEntry { version?: string, optionalDependencies?: Record<string, string>, dependencies?: Record<string, string> }

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
  lockfileVersion: number
  packages: Record<string, LockEntry>
}

/** Where Node would find `name` from the package at `from`: its own node_modules, then each parent's. */
function resolve(from: string, name: string): string | undefined {
  let dir = from
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`
    if (candidate in lock.packages) return candidate
    if (!dir) return undefined
    const cut = dir.lastIndexOf('/node_modules/')
    dir = cut < 0 ? '' : dir.slice(0, cut)
  }
}

describe('package-lock.json', () => {
  it('is a v3 lockfile', () => {
    expect(lock.lockfileVersion).toBe(3)
  })

  it('lists every optional dependency it names, for every platform (or npm ci refuses it)', () => {
    const missing: string[] = []
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        if (!resolve(path, name)) missing.push(`${path || '(root)'} -> ${name}`)
      }
    }
    expect(missing, 'pin the parent in package.json "overrides" to a version the registry holds for every platform').toEqual([])
  })
})
