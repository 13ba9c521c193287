// Measured speedup vs Amdahl's law
const jobs: number[] = Array(24).fill(800_000)
const most = Math.max(2, Math.min(machine.cores, 8))
const name = (w: number) => `${w} worker${w > 1 ? 's' : ''}`
const modes: Record<string, () => unknown> = {}
for (let w = 1; w <= most; w++) {
  modes[name(w)] = () => parallel(
    n => countPrimes(0, n), jobs, { workers: w })
}
const t = await compare(modes) // a mode slowed by other work is left out
const ws = [...Array(most).keys()].map(i => i + 1).filter(w => name(w) in t && name(1) in t)
const S = ws.map(w => t[name(1)] / t[name(w)]) // speedup at w workers
// Amdahl: S(n) = 1 / ((1 - p) + p / n); each point gives a p
const ps = S.slice(1).map((s, i) => (1 - 1 / s) / (1 - 1 / ws[i + 1]))
const p = Math.min(0.99, Math.max(0, ps.reduce((a, b) => a + b, 0) / ps.length))
const amdahl = (n: number) => 1 / (1 - p + p / n)
const x2 = (v: number) => `${Number(v.toPrecision(2))}x` // two figures, no 1.0e+2
if (ps.length) {
  console.log(`measured up to ${ws.at(-1)} workers: p ≈ ${p.toFixed(2)}`)
  console.log(`extrapolated: 16 workers ≈ ${x2(amdahl(16))},`,
    `never above ≈ ${x2(1 / (1 - p))}`)
} else console.log('no fit: too few fair measurements (run again)')
const ns = Array.from({ length: 8 }, (_, i) => i + 1)
plot({ title: 'Speedup vs workers', x: 'workers', y: 'speedup', series: [
  { name: 'measured', style: 'points', points: ws.map((w, i) => [w, S[i]]) },
  ...(ps.length ? [{ name: `Amdahl, p = ${p.toFixed(2)}`, points: ns.map(n => [n, amdahl(n)] as [number, number]) }] : []),
  { name: 'ideal (p = 1)', style: 'dashed', points: [[1, 1], [8, 8]] },
] })

export {}
