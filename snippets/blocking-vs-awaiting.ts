// Three pots, one second each: block vs await
const pots = ['rice', 'soup', 'tea']
const wait = (pot: string) =>
  task(pot, () => sleep(1000))

await compare({
  // time.sleep(1): the whole thread stops
  blocking: async () => {
    for (const pot of pots) {
      await task(pot, () => block(1000))
    }
  },
  // await asyncio.sleep(1): the waits overlap
  awaiting: () => Promise.all(pots.map(wait)),
})

export {}
