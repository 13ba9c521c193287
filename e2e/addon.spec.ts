import type { Page } from '@playwright/test'
import type { ChildProcess } from 'node:child_process'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { execFile, spawn } from 'node:child_process'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { serve } from '../addon/scripts/serve.mjs'
import { expect, guard, type Guard, test } from './fixtures'

// The addon stands alone. examples/starter/ is a second deck that uses it as any deck
// would (`addons:` in its headmatter, its own snippets/): its dev server runs both cells.
// Then the addon is packed (`npm pack`), the tarball installed with @slidev/cli into a
// fresh folder outside the repository, the starter's slides built there for a sub-path
// and served like GitHub Pages: both cells run. Nothing leaves loopback but the install.
const run = promisify(execFile)
const STARTER = resolve('examples/starter')
test.describe.configure({ mode: 'serial', timeout: 240_000 })

/** Runs the cell `id` on slide `no` to done; its log and timeline label. */
async function runCell(page: Page, url: string, id: string) {
  await page.goto(url)
  const cell = page.locator(`[data-cell="${id}"]`)
  await cell.getByRole('button', { name: 'Run' }).click()
  await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 60_000 })
  return { log: await cell.getByRole('log').innerText(), label: await cell.locator('svg[role="img"]').first().getAttribute('aria-label') ?? '' }
}

/** Both of the starter's cells run and prove their point: three 300 ms waits together take ~300 ms. */
async function expectStarterCells(page: Page, at: (slide: number) => string, net: Guard) {
  const ts = await runCell(page, at(2), 'waiting')
  expect(ts.log).toMatch(/together: (2\d\d|3[0-4]\d) ms \((2\.[5-9]\d|3\.\d\d)x\)/)
  expect(ts.label).toMatch(/^Timeline: one by one 1 lanes? \d+ ms; together 1 lanes? \d+ ms, speedup/)
  const py = await runCell(page, at(3), 'waiting-py')
  expect(py.log).toMatch(/together: (2\d\d|3[0-4]\d) ms \((2\.[5-9]\d|3\.\d\d)x\)/)
  expect(py.label).toMatch(/together 3 lanes \d+ ms/)
  expect(net.external, 'requests that left loopback').toEqual([])
  expect(net.pageErrors, 'page errors').toEqual([])
  expect(net.consoleErrors, 'console errors').toEqual([])
}

test('the starter deck\'s dev server runs its TypeScript and Python cells', async ({ page, net }) => {
  const port = 3240
  const cache = join(STARTER, 'node_modules/.vite-e2e')
  await rm(cache, { recursive: true, force: true })
  const server: ChildProcess = spawn(process.execPath, [resolve('node_modules/@slidev/cli/bin/slidev.mjs'), '--port', String(port), '--bind', '127.0.0.1'], {
    cwd: STARTER, env: { ...process.env, LIVE_CELLS_VITE_CACHE_DIR: cache }, stdio: 'ignore',
  })
  try {
    await expect.poll(() => fetch(`http://127.0.0.1:${port}/`).then(r => r.status, () => 0), { timeout: 90_000 }).toBe(200)
    await expectStarterCells(page, n => `http://127.0.0.1:${port}/${n}`, net)
  }
  finally { server.kill() }
})

test('the packed addon, installed with @slidev/cli in a folder of its own, builds the starter for a sub-path and its cells run', async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), 'live-cells-consumer-'))
  let server: Server | undefined
  try {
    // npm pack, as a publisher would: the tarball is what a user installs.
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: resolve('addon'), maxBuffer: 16 * 1024 * 1024 })
    const [packed] = JSON.parse(stdout) as Array<{ filename: string, size: number, entryCount: number }>
    test.info().annotations.push({ type: 'tarball', description: `${packed.filename}: ${(packed.size / 1024).toFixed(0)} KiB, ${packed.entryCount} files` })
    // A deck of its own: the starter's slides and snippets, the tarball, Slidev, and the
    // registry's missing versions overridden as in this repository (README).
    const root = JSON.parse(await readFile('package.json', 'utf8')) as { dependencies: Record<string, string>, overrides: Record<string, string> }
    const deck = join(dir, 'deck')
    await mkdir(deck)
    await writeFile(join(deck, 'package.json'), JSON.stringify({
      name: 'a-consumer-deck', private: true, type: 'module',
      dependencies: { '@slidev/cli': root.dependencies['@slidev/cli'], '@slidev/theme-default': root.dependencies['@slidev/theme-default'], 'slidev-addon-live-cells': `file:../${packed.filename}` },
      overrides: root.overrides,
    }, null, 2))
    await cp(join(STARTER, 'slides.md'), join(deck, 'slides.md'))
    await cp(join(STARTER, 'snippets'), join(deck, 'snippets'), { recursive: true })
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: deck, env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' }, maxBuffer: 64 * 1024 * 1024 })
    await run(process.execPath, ['node_modules/@slidev/cli/bin/slidev.mjs', 'build', '--base', '/starter/', '--out', 'dist'], { cwd: deck, maxBuffer: 64 * 1024 * 1024 })
    server = await serve(join(deck, 'dist'), 0, '127.0.0.1', { base: '/starter/', githubPages: true })
    const site = `http://127.0.0.1:${(server.address() as AddressInfo).port}/starter/`
    const context = await page.context().browser()!.newContext({ serviceWorkers: 'allow' })
    try {
      const visitor = await context.newPage()
      const seen = await guard(visitor)
      await visitor.goto(`${site}2/`)
      await expect.poll(() => visitor.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 30_000 }).toBe(true)
      await expectStarterCells(visitor, n => `${site}${n}/`, seen)
    }
    finally { await context.close() }
  }
  finally {
    if (server) await new Promise(done => { server!.closeAllConnections(); server!.close(done) })
    await rm(dir, { recursive: true, force: true })
  }
})
