// 2 threads × 1,000,000 increments of one counter
type Body = (c: ThreadContext) => void
const ways: Record<string, Body> = {
  'plain ++': c => {
    for (let i = 0; i < 1e6; i++) c.shared[0]++
  },
  'Atomics.add': c => {
    for (let i = 0; i < 1e6; i++) {
      Atomics.add(c.shared, 0, 1)
    }
  },
  'a lock': c => {
    const inc = () => c.shared[0]++
    for (let i = 0; i < 1e6; i++) c.lock.with(inc)
  },
}
for (const [name, body] of Object.entries(ways)) {
  const r = await task(name, () => threads(body, 2))
  console.log(`${name}: ${r.shared[0]} / 2000000`)
}

export {}
