// Now each response needs 200 ms of parsing (CPU)
const urls = [...Array(8).keys()].map(i => `/r${i}`)
const fetchAndParse = async (url: string) => {
  const res = await request(url, { latency: 100 })
  return burn(200) + res.bytes // "parse" the body
}
const job = (u: string) =>
  task(u, () => fetchAndParse(u))

await compare({
  sequential: async () => {
    for (const u of urls) await job(u)
  },
  'one loop': () => Promise.all(urls.map(job)),
  [`${machine.cores} workers`]: () =>
    parallel(fetchAndParse, urls),
})

export {}
