import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RUN_DIR } from './talk-site'

// A folder of this run's own for the `/talk/` build (e2e/talk-site.ts), outside
// test-results/ (Playwright empties that at the start of every run, and two runs in one
// checkout would rebuild it under each other's feet); the build itself happens the first
// time a spec asks for it, so a run of other specs pays nothing. Removed after the run.
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'live-cells-e2e-run-'))
  process.env[RUN_DIR] = dir
  return () => rm(dir, { recursive: true, force: true })
}
