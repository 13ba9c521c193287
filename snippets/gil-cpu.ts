// CPU-bound threads: with a GIL they take turns
const n = Math.max(2, Math.min(machine.cores, 4))
const gil = { gil: true, switchInterval: 5 } // ms
const work = () => burn(500) // 500 ms of computing
console.log(`${n} threads, 500 ms of work each`)

await compare({
  'one thread': () =>
    task('all', () => burn(500 * n)),
  // CPython: one lock, handed over every 5 ms
  'threads + GIL': () => threads(work, n, gil),
  // a free-threaded build: no GIL
  'threads, no GIL': () => threads(work, n),
})

export {}
