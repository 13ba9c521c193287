import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ServeOptions } from '../addon/scripts/serve.mjs'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { serve } from '../addon/scripts/serve.mjs'

// The deck as people open it after the talk: built for a sub-path (`npm run build -- --base
// /talk/`), once per test run, for every spec that needs it (hosting.spec.ts, and the Firefox
// and WebKit suites in engines.spec.ts), and served by a static host that sends no headers
// and has no rewrites, like GitHub Pages. dist/ (the root base, served with the isolation
// headers by the `built` project) stays as `npm run build` wrote it.

export const BASE = '/talk/'
/** Set by e2e/global-setup.ts: this run's folder for the build. */
export const RUN_DIR = 'LIVE_CELLS_E2E_TALK_DIR'

let building: Promise<string> | undefined

/**
 * The folder of the `/talk/` build: E2E_TALK_DIST when given (built beforehand), else built
 * into this run's folder the first time a spec asks (a second worker of the same run, after a
 * failed test, finds it there), or, outside a Playwright run, into a folder of its own.
 */
export function talkBuild(): Promise<string> {
  building ??= (async () => {
    if (process.env.E2E_TALK_DIST) return process.env.E2E_TALK_DIST
    const dir = process.env[RUN_DIR] ?? await mkdtemp(join(tmpdir(), 'live-cells-talk-'))
    const site = join(dir, 'site')
    if (existsSync(join(site, 'index.html'))) return site
    // Built beside, then moved in whole: a build cut off halfway is never taken for one.
    const out = await mkdtemp(join(dir, 'building-'))
    const started = Date.now()
    await promisify(execFile)(process.execPath, ['node_modules/@slidev/cli/bin/slidev.mjs', 'build', '--base', BASE, '--out', out], { maxBuffer: 64 * 1024 * 1024 })
    await rm(site, { recursive: true, force: true })
    await rename(out, site)
    console.log(`e2e: built the deck for ${BASE} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    return site
  })()
  building.catch(() => { building = undefined })
  return building
}

export type Site = Server & { stats: { requests: number, bytes: number, paths: string[], failed: Array<{ status: number, path: string }> } }

/** Serves `dir` on a free loopback port as GitHub Pages would (no isolation headers, 404.html). */
export const githubPages = (dir: string, options: ServeOptions = {}): Promise<Site> =>
  serve(dir, 0, '127.0.0.1', { base: BASE, githubPages: true, ...options }) as Promise<Site>

/** The site's address, ending in the base path. */
export const siteOf = (server: Server): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}${BASE}`

/** Stops a server, open connections included. */
export const close = (server: Server): Promise<void> => new Promise<void>((done) => {
  server.closeAllConnections()
  server.close(() => done())
})
