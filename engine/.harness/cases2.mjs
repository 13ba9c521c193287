export default {
  async stop({ run, show, sleep }) {
    show('stop', await run(`console.log('spinning'); while (true) {}`, { stopAfter: 500 }))
    await sleep(2500)
    show('budget', await run(`while (true) {}`, { budgetMs: 1000 }))
    await sleep(2500)
  },
  async flood({ run, show, logs }) {
    const r = await run(`for (let i = 0; i < 1e6; i++) console.log('line', i)\nconsole.log('end')`, { maxLines: 1000 })
    const d = r.events.filter(e => e.type === 'dropped')
    show('flood', r, `logs=${logs(r).length} last=${logs(r).at(-1)} dropped=${JSON.stringify(d)}`)
  },
  async oom({ run, show, sleep }) {
    const r = await run(`const a: number[][] = []\nwhile (true) a.push(new Array(1e6).fill(1.5))`, { budgetMs: 60000 })
    show('oom', r)
    await sleep(2500)
  },
}
