// I/O-bound threads: waiting lets go of the GIL
const get = (i: number) => task(`GET ${i}`,
  () => request(`/${i}`, { latency: 1000 }))

await compare({
  'one by one': async () => {
    for (const i of [1, 2, 3, 4]) await get(i)
  },
  '4 threads + GIL': () => threads(async ctx => {
    await request(`/${ctx.index}`, { latency: 1000 })
    burn(20) // a little parsing: needs the GIL
  }, 4, { gil: true }),
})

export {}
