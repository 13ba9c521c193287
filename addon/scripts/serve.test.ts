import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from './serve.mjs'

// A site like the built deck: index.html, 404.html, a route page, an asset.
let root: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'live-cells-serve-'))
  await mkdir(join(root, '5'))
  await mkdir(join(root, 'assets'))
  await writeFile(join(root, 'index.html'), 'index')
  await writeFile(join(root, '404.html'), 'not here')
  await writeFile(join(root, '5', 'index.html'), 'slide 5')
  await writeFile(join(root, 'assets', 'a.js'), 'js')
})
afterAll(() => rm(root, { recursive: true, force: true }))

async function withServer(options: Parameters<typeof serve>[3], check: (get: (path: string) => Promise<Response>) => Promise<void>) {
  const server: Server = await serve(root, 0, '127.0.0.1', options)
  const { port } = server.address() as AddressInfo
  try {
    await check(path => fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual' }))
  }
  finally {
    server.close()
  }
}

describe('the static server', () => {
  it('by default sends the isolation headers and falls back to index.html', () => withServer(undefined, async (get) => {
    const asset = await get('/assets/a.js')
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toBe('text/javascript')
    expect(asset.headers.get('cross-origin-embedder-policy')).toBe('require-corp')
    expect(asset.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    for (const path of ['/', '/5', '/17', '/overview']) {
      const page = await get(path)
      expect(page.status, path).toBe(200)
      expect(await page.text(), path).toBe(path === '/5' ? 'slide 5' : 'index')
    }
    expect((await get('/assets/')).status).toBe(404)
  }))

  it('plays GitHub Pages under a base path: no headers, /dir -> /dir/, 404.html for the rest', () => withServer({ base: '/talk/', githubPages: true }, async (get) => {
    const asset = await get('/talk/assets/a.js')
    expect(asset.status).toBe(200)
    expect(asset.headers.get('cross-origin-embedder-policy')).toBeNull()
    const redirect = await get('/talk/5?x=1')
    expect(redirect.status).toBe(301)
    expect(redirect.headers.get('location')).toBe('/talk/5/?x=1')
    expect((await get('/talk')).headers.get('location')).toBe('/talk/')
    expect(await (await get('/talk/5/')).text()).toBe('slide 5')
    expect(await (await get('/talk/')).text()).toBe('index')
    for (const path of ['/talk/17', '/talk/overview/', '/5', '/assets/a.js']) {
      const missing = await get(path)
      expect(missing.status, path).toBe(404)
      expect(await missing.text(), path).toBe('not here')
    }
  }))

  it('can send the headers in GitHub Pages mode when asked', () => withServer({ githubPages: true, isolation: true }, async (get) => {
    expect((await get('/assets/a.js')).headers.get('cross-origin-opener-policy')).toBe('same-origin')
  }))

  it('puts `inject` at the start of every page\'s head, and nowhere else', async () => {
    await writeFile(join(root, '5', 'index.html'), '<html><head><title>5</title></head><body>slide 5</body></html>')
    try {
      await withServer({ base: '/talk/', githubPages: true, inject: '<script>probe()</script>' }, async (get) => {
        const page = await get('/talk/5/')
        const text = await page.text()
        expect(text).toBe('<html><head><script>probe()</script><title>5</title></head><body>slide 5</body></html>')
        expect(Number(page.headers.get('content-length'))).toBe(Buffer.byteLength(text))
        expect(await (await get('/talk/assets/a.js')).text()).toBe('js')
      })
    }
    finally { await writeFile(join(root, '5', 'index.html'), 'slide 5') }
  })

  it('lists the requests answered with an error status', async () => {
    const server = await serve(root, 0, '127.0.0.1', { base: '/talk/', githubPages: true })
    const { port } = server.address() as AddressInfo
    try {
      await fetch(`http://127.0.0.1:${port}/talk/assets/a.js`)
      await fetch(`http://127.0.0.1:${port}/talk/missing.js`)
      await new Promise(done => setTimeout(done, 50))
      expect(server.stats.failed).toEqual([{ status: 404, path: '/talk/missing.js' }])
    }
    finally { server.close() }
  })
})

describe('an emulated link', () => {
  it('paces the bytes (one link for every response) and adds its latency, and counts what it sent', async () => {
    const big = join(root, 'assets', 'big.bin')
    await writeFile(big, Buffer.alloc(250_000)) // 2 Mbit
    const server = await serve(root, 0, '127.0.0.1', { link: { mbps: 20, latencyMs: 40 } })
    const { port } = server.address() as AddressInfo
    try {
      const t0 = performance.now()
      const [a, b] = await Promise.all([1, 2].map(() => fetch(`http://127.0.0.1:${port}/assets/big.bin`).then(r => r.arrayBuffer())))
      const ms = performance.now() - t0
      expect(a.byteLength + b.byteLength).toBe(500_000)
      expect(ms).toBeGreaterThanOrEqual(40 + 190) // 4 Mbit at 20 Mbit/s is 200 ms, shared
      expect(ms).toBeLessThan(1500)
      expect(server.stats).toMatchObject({ requests: 2, bytes: 500_000 })
    }
    finally { server.close() }
  })
})

