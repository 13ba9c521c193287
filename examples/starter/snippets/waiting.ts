// Three waits of 300 ms: one after another, then all at once
const wait = (name: string) => task(name, () => sleep(300))

await compare({
  'one by one': async () => {
    for (const name of ['a', 'b', 'c']) await wait(name)
  },
  'together': async () => {
    await Promise.all(['a', 'b', 'c'].map(wait))
  },
})

export {}
