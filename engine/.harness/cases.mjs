export default {
  async logs({ run, show, logs }) {
    const r = await run(`console.log('hi', { a: 1, b: [1, 2, { c: new Map([['k', 1]]) }] }); const x: number = await sleep(10).then(() => 42); console.warn('tla', x)`)
    show('logs+tla', r, JSON.stringify(logs(r)))
    const r2 = await run(`console.log('again')`)
    show('second run', r2, JSON.stringify(logs(r2)))
  },
  async errors({ run, show }) {
    show('syntax', await run(`const a = 1\nconst b = ;\n`))
    show('throw', await run(`const x = 1\n\ninterface Foo { a: number }\nfunction f(): void {\n  throw new TypeError('boom')\n}\nf()`))
    show('rejection', await run(`console.log('before')\nPromise.reject(new Error('nobody caught me'))\nawait sleep(50)\nconsole.log('after')`))
    show('recursion', await run(`function f(n: number): number { return f(n + 1) + 1 }\nf(0)`))
  },
}
