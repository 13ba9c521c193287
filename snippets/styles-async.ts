// async/await (like asyncio): switches are visible
async function get(url: string) {
  const latency = 200 + Math.random() * 600
  const call = () => request(url, { latency })
  const res = await task(url, call)
  console.log(`${url}: ${res.bytes} bytes`)
  return res.bytes
}

const urls = ['/a', '/b', '/c']
const sizes = await Promise.all(urls.map(get))
console.log('total', sizes.reduce((a, b) => a + b))

export {}
