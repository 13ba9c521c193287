// asyncio.wait(return_when=...) as Promise helpers
const get = (url: string, latency: number) =>
  task(url, async () => {
    await request(url, { latency })
    if (url === '/bad') throw Error('/bad failed')
    return url
  })
const batch = () => [
  get('/fast', 300), get('/bad', 600), get('/slow', 900),
]
let t0 = performance.now()
const say = (what: string, ...rest: unknown[]) => {
  console.log(`${what} after ${Math.round(performance.now() - t0)} ms:`, ...rest)
  t0 = performance.now()
}

say('FIRST_COMPLETED', await Promise.race(batch()))
await Promise.all(batch()).catch(e => say('FIRST_EXCEPTION', e.message))
const all = await Promise.allSettled(batch())
say('ALL_COMPLETED', all.map(r => r.status).join())

export {}
