// Measured speedup vs Amdahl's law
const jobs: number[] = Array(24).fill(800_000)
const most = Math.max(2, Math.min(machine.cores, 8))
const modes: Record<string, () => unknown> = {}
for (let w = 1; w <= most; w++) {
  modes[`${w} worker${w > 1 ? 's' : ''}`] = () => parallel(
    n => countPrimes(0, n), jobs, { workers: w })
}
const t = Object.values(await compare(modes))
const S = t.map(ms => t[0] / ms) // S[i]: i + 1 workers
// Amdahl: S(n) = 1 / ((1 - p) + p / n); each point gives a p
const ps = S.slice(1).map((s, i) => (1 - 1 / s) / (1 - 1 / (i + 2)))
const p = Math.min(0.99, Math.max(0, ps.reduce((a, b) => a + b) / ps.length))
const amdahl = (n: number) => 1 / (1 - p + p / n)
const x2 = (v: number) => `${Number(v.toPrecision(2))}x` // two figures, no 1.0e+2
console.log(`measured up to ${most} workers: p ≈ ${p.toFixed(2)}`)
console.log(`extrapolated: 16 workers ≈ ${x2(amdahl(16))},`,
  `never above ≈ ${x2(1 / (1 - p))}`)
const ns = Array.from({ length: 8 }, (_, i) => i + 1)
plot({ title: 'Speedup vs workers', x: 'workers', y: 'speedup', series: [
  { name: 'measured', style: 'points', points: S.map((s, i) => [i + 1, s]) },
  { name: `Amdahl, p = ${p.toFixed(2)}`, points: ns.map(n => [n, amdahl(n)]) },
  { name: 'ideal (p = 1)', style: 'dashed', points: [[1, 1], [8, 8]] },
] })

export {}
