import type { EngineOptions } from './e2e/engines/driver'
import { defineConfig } from '@playwright/test'
import { launchOptions } from './addon/scripts/chromium.mjs'

const port = Number(process.env.E2E_PORT ?? 4173)
const devPort = Number(process.env.E2E_DEV_PORT ?? 3041)
/** The built deck to test. @default dist */
const dist = process.env.E2E_DIST ?? 'dist'
/** The dev server's own Vite cache, emptied before it starts: a cold start, and no clash with another dev server. */
const devCache = `node_modules/.vite-e2e-${devPort}`

// Browser checks run the deck the ways people use it: the README's `npm run dev`
// (started from a cold dependency cache, as on a fresh clone) and the built deck
// (`npm run build` -> dist/) served on loopback with the isolation headers a host
// should send. Specs that need another server (a plain static host, a sub-path,
// `slidev export`) start it themselves; the deck built for `/talk/` is built once per run,
// when a spec first asks (e2e/talk-site.ts). Chromium runs every spec; Firefox and WebKit
// (with SharedArrayBuffer, and once without) run e2e/engines.spec.ts with their own drivers.
export default defineConfig<object, EngineOptions>({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  // CI runs on a shared 2-core VM whose neighbours come and go: a test that a burst of their
  // load spoils (a timing, a renderer that runs out of memory before the budget ends a memory
  // bomb) gets one more try, reported as flaky in the list. Locally, none.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 720 },
    launchOptions: launchOptions(),
    trace: 'off',
  },
  projects: [
    {
      // First, while the machine is otherwise quiet: the dev server's cold start.
      name: 'dev',
      testMatch: 'dev.spec.ts',
      timeout: 180_000,
      expect: { timeout: 60_000 },
      use: { baseURL: `http://127.0.0.1:${devPort}` },
    },
    {
      name: 'built',
      testIgnore: ['dev.spec.ts', 'engines.spec.ts', 'addon.spec.ts'],
      // The deck's service worker (offline copy) would download ~30 MB in the background
      // of every check on this already isolated server; hosting.spec.ts allows it again.
      use: { baseURL: `http://127.0.0.1:${port}`, serviceWorkers: 'block' },
    },
    // The addon on its own: the starter deck's dev server, and the packed addon in a deck outside the repository.
    { name: 'addon', testMatch: 'addon.spec.ts', use: { serviceWorkers: 'block' } },
    // Firefox ESR (puppeteer-core over WebDriver BiDi) and WebKitGTK (WebKitWebDriver), on the
    // `/talk/` build on a plain static host: the fixture in engines.spec.ts launches them.
    { name: 'firefox', testMatch: 'engines.spec.ts', use: { engine: 'firefox' } },
    { name: 'webkit', testMatch: 'engines.spec.ts', use: { engine: 'webkit' } },
    { name: 'webkit-no-sab', testMatch: 'engines.spec.ts', use: { engine: 'webkit-no-sab' } },
  ],
  webServer: [
    {
      // Exactly the README's command (without opening a browser), on a cold Vite cache.
      command: `node scripts/clear-vite-cache.mjs ${devCache} && npm run dev -- --port ${devPort} --bind 127.0.0.1 --no-open`,
      env: { LIVE_CELLS_VITE_CACHE_DIR: devCache },
      url: `http://127.0.0.1:${devPort}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      stdout: 'ignore',
    },
    {
      command: `node addon/scripts/serve.mjs ${dist}`,
      env: { PORT: String(port) },
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: !process.env.CI,
      timeout: 30_000,
    },
  ],
})
