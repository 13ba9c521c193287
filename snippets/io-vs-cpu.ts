// "All at once" on one loop: waiting vs computing
const ids = [1, 2, 3]
const wait = (i: number) =>
  task(`io ${i}`, () => sleep(500))
const work = (i: number) =>
  task(`cpu ${i}`, async () => {
    await sleep(0) // all three start, then compute
    return burn(500) // 500 ms of CPU work
  })

await compare({ // waiting: the loop overlaps the waits
  'waits, in turn': async () => {
    for (const i of ids) await wait(i)
  },
  'waits, at once': () => Promise.all(ids.map(wait)),
})
await compare({ // computing: one loop has one core
  'work, in turn': async () => {
    for (const i of ids) await work(i)
  },
  'work, at once': () => Promise.all(ids.map(work)),
})

export {}
