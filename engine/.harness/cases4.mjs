export default {
  async racedbg({ run, show, logs }) {
    const r = await run(`
for (let k = 0; k < 3; k++) {
const plain = await threads(ctx => { const t0 = performance.timeOrigin + performance.now(); for (let i = 0; i < 1_000_000; i++) ctx.shared[0]++; return [t0, performance.timeOrigin + performance.now()] }, 2)
const [a, b] = plain.results
console.log('plain', plain.shared[0], 'a', (a[1]-a[0]).toFixed(1), 'b', (b[1]-b[0]).toFixed(1), 'offset', (b[0]-a[0]).toFixed(1))
}`, { budgetMs: 60000 })
    show('racedbg', r, JSON.stringify(logs(r)))
  },
}
