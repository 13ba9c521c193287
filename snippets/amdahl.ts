// Measured speedup vs Amdahl's law
const jobs: number[] = Array(24).fill(200_000)
const most = Math.max(2, Math.min(machine.cores, 8))
const modes: Record<string, () => unknown> = {}
for (let w = 1; w <= most; w++) {
  modes[`${w} workers`] = () => parallel(
    n => countPrimes(0, n), jobs, { workers: w })
}
const t = Object.values(await compare(modes))
// fit p to the 2-worker run: S(2) = 1/(1-p/2)
const s2 = t[0] / t[1]
const p = Math.max(0, Math.min(1, 2 - 2 / s2))
const S = (n: number) => 1 / (1 - p + p / n)
console.log(`parallel part p ≈ ${p.toFixed(2)}`)
for (const n of [4, 8, 16, Infinity]) {
  console.log(`Amdahl, ${n}: ${S(n).toFixed(2)}x`)
}

export {}
