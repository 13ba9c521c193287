// "All at once" on one loop: waiting vs computing
const ids = [1, 2, 3]
const wait = (i: number) =>
  task(`io ${i}`, () => sleep(500))
const work = (i: number) =>
  task(`cpu ${i}`, async () => {
    await sleep(0) // start all three, then compute
    return burn(500)
  })

await compare({
  'waits, in turn': async () => {
    for (const i of ids) await wait(i)
  },
  'waits, at once': () =>
    Promise.all(ids.map(wait)),
  'work, at once': () => Promise.all(ids.map(work)),
})

export {}
