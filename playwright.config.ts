import { defineConfig } from '@playwright/test'
import { launchOptions } from './scripts/chromium.mjs'

const port = Number(process.env.E2E_PORT ?? 4173)

// Browser checks run against the built deck (`npm run build` -> dist/), served
// on loopback with the cross-origin isolation headers a host should send.
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    viewport: { width: 1280, height: 720 },
    launchOptions: launchOptions(),
    trace: 'off',
  },
  webServer: {
    command: `node scripts/serve.mjs dist`,
    env: { PORT: String(port) },
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
})
