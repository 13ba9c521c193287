// 20 slow "HTTP calls", three ways
const urls = [...Array(20).keys()].map(i => `/${i}`)
const get = (u: string) =>
  task(u, () => request(u, { latency: 150 }))

await compare({
  // requests.get in a for loop
  sequential: async () => {
    for (const u of urls) await get(u)
  },
  // httpx.AsyncClient + asyncio.gather
  'one loop': () => Promise.all(urls.map(get)),
  // a process pool: one call at a time per worker
  [`${machine.cores} workers`]: () =>
    parallel(u => request(u, { latency: 150 }),
      urls),
})

export {}
