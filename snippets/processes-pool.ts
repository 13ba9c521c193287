// A pool of workers: CPU work runs in parallel
const SIZE = 1.25e6 // numbers per chunk
const starts = [0, 1, 2, 3, 4, 5, 6, 7].map(i => i * SIZE)
const chunk = (a: number) => countPrimes(a, a + 1.25e6)
const label = (a: unknown) => `from ${Number(a) / 1e6}M`
const total = (xs: number[]) =>
  console.log('primes:', xs.reduce((a, b) => a + b))

await compare({
  'one by one': async () => {
    const xs: number[] = []
    for (const a of starts) {
      xs.push(await task(label(a), () => chunk(a)))
    }
    total(xs)
  },
  [`pool of ${machine.cores}`]: async () =>
    total(await parallel(chunk, starts, { label })),
})

export {}
