const PRIMES = `
const N = 6_000_000, K = 8
const chunks = Array.from({ length: K }, (_, i) => [Math.floor(i * N / K), Math.floor((i + 1) * N / K)] as [number, number])
const walls = await compare({
  sequential: async () => { let s = 0; for (const [a, b] of chunks) s += await task(a + '..' + b, () => countPrimes(a, b)); console.log('seq primes', s) },
  parallel: async () => { const r = await parallel(([a, b]: [number, number]) => countPrimes(a, b), chunks, { workers: 2, label: c => String(c) }); console.log('par primes', r.reduce((x, y) => x + y, 0)) },
})
console.log(JSON.stringify(walls), machine.cores)
`
export default {
  async parallel({ run, show, logs, sleep }) {
    await sleep(2500)
    const r = await run(PRIMES, { budgetMs: 60000 })
    const spans = r.events.filter(e => e.type === 'span').map(e => e.span)
    const lanes = [...new Set(spans.map(s => s.group + '/' + s.lane))]
    show('parallel', r, JSON.stringify(logs(r)) + ' lanes=' + lanes.join(','))
    const g = r.events.filter(e => e.type === 'group' && e.end)
    for (const e of g) console.log('group', e.group, (e.end - e.start).toFixed(0))
    const t0 = g[1]?.start
    for (const s of spans.filter(s => s.group === 'parallel')) console.log(' ', s.lane, s.label, (s.start - t0).toFixed(0), (s.end - t0).toFixed(0))
  },
  async gil({ run, show, logs, sleep }) {
    await sleep(2500)
    const r = await run(`
const walls = await compare({
  one: () => threads(() => burn(400), 1),
  nogil: () => threads(() => burn(400), 2),
  gil: () => threads(() => burn(400), 2, { gil: true }),
  gil_io: () => threads(async () => { for (let i = 0; i < 4; i++) await sleep(100) }, 2, { gil: true }),
})
console.log(JSON.stringify(walls))
const gs = { one: walls.one, nogil_speedup: (2 * walls.one / walls.nogil).toFixed(2), gil_speedup: (2 * walls.one / walls.gil).toFixed(2) }
console.log(JSON.stringify(gs))`, { budgetMs: 60000 })
    const spans = r.events.filter(e => e.type === 'span').map(e => e.span)
    const count = {}
    for (const s of spans) { const k = `${s.group}/${s.lane}/${s.kind}`; count[k] = (count[k] ?? 0) + 1 }
    show('gil', r, JSON.stringify(logs(r)) + ' spans=' + JSON.stringify(count))
  },
  async race({ run, show, logs, sleep }) {
    await sleep(2500)
    const r = await run(`
const plain = await threads(ctx => { for (let i = 0; i < 1_000_000; i++) ctx.shared[0]++ }, 2)
console.log('plain', plain.shared[0])
const atomic = await threads(ctx => { for (let i = 0; i < 1_000_000; i++) Atomics.add(ctx.shared, 0, 1) }, 2)
console.log('atomic', atomic.shared[0])
const locked = await threads(ctx => { for (let i = 0; i < 200_000; i++) ctx.lock.with(() => { ctx.shared[0]++ }) }, 2)
console.log('locked', locked.shared[0])
const gil = await threads(ctx => { for (let i = 0; i < 1_000_000; i++) { ctx.shared[0]++; if ((i & 1023) === 0) checkpoint() } }, 2, { gil: true })
console.log('gil', gil.shared[0])`, { budgetMs: 60000 })
    show('race', r, JSON.stringify(logs(r)))
  },
}
