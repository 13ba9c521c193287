// gather: start all, await all. Who finishes first?
const t0 = performance.now()
const at = () => Math.round(performance.now() - t0)
const latency: Record<string, number> =
  { '/a': 700, '/b': 300, '/c': 900, '/d': 200, '/e': 500 }

async function fetchOne(url: string) {
  const call = () => request(url, { latency: latency[url] })
  const res = await task(url, call)
  console.log(`finished ${url} at ${at()} ms`)
  return `${url} ${res.status}`
}

const urls = Object.keys(latency) // started in this order
const done = await Promise.all(urls.map(fetchOne))
console.log('in start order:', done.join(', '))

export {}
