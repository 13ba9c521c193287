// gather: start all, await all. Who finishes first?
const t0 = performance.now()
const at = () => Math.round(performance.now() - t0)

async function fetchOne(url: string) {
  const latency = 200 + Math.random() * 800
  const call = () => request(url, { latency })
  const res = await task(url, call)
  console.log(`finished ${url} at ${at()} ms`)
  return `${url} ${res.status}`
}

const urls = ['/a', '/b', '/c', '/d', '/e']
const done = await Promise.all(urls.map(fetchOne))
console.log('in start order:', done.join(', '))

export {}
