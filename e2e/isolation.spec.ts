import type { AddressInfo } from 'node:net'
import { serve } from '../scripts/serve.mjs'
import { expect, test } from './fixtures'

// A static host that cannot send COOP/COEP: the deck's service worker adds them.
test('on a host without isolation headers, the service worker isolates the deck', async ({ page }) => {
  const server = await serve('dist', 0, '127.0.0.1', { isolation: false })
  try {
    const { port } = server.address() as AddressInfo
    const response = await page.goto(`http://127.0.0.1:${port}/1`)
    expect(response?.headers()['cross-origin-embedder-policy']).toBeUndefined()
    // One reload under the worker, then isolated: shared memory works.
    await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 20_000 }).toBe(true)
    await expect(page.locator('.slidev-page-1 h1')).toHaveText(/Concurrency vs Parallelism/)
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function')
  }
  finally {
    server.close()
  }
})
