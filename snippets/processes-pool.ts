// A pool of workers: CPU work runs in parallel
const starts = [0, 1, 2, 3, 4, 5, 6, 7]
  .map(i => i * 5e5)
const chunk = (a: number) => countPrimes(a, a + 5e5)
const label = (a: unknown) => `from ${a}`
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
