// Callbacks (like Twisted): say what happens next
type Done = (bytes: number) => void
function get(url: string, done: Done) {
  const latency = 200 + Math.random() * 600
  task(url, () => request(url, { latency }))
    .then(res => done(res.bytes)) // call us back
}

const urls = ['/a', '/b', '/c']
let left = urls.length
let total = 0
for (const url of urls) {
  get(url, bytes => {
    console.log(`${url}: ${bytes} bytes`)
    total += bytes
    if (--left === 0) console.log('total', total)
  })
}

export {}
