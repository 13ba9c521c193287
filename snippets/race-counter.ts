// 2 threads × 1,000,000 increments of one counter
type Body = (c: ThreadContext) => void
const ways: Record<string, Body> = {
  // counter += 1 is three steps; another thread can come in between
  'counter += 1': c => {
    for (let i = 0; i < 1e6; i++) {
      const x = Atomics.load(c.shared, 0) // read
      Atomics.store(c.shared, 0, x + 1) // add, write
    }
  },
  'Atomics.add': c => {
    for (let i = 0; i < 1e6; i++) {
      Atomics.add(c.shared, 0, 1) // all three as one step
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
