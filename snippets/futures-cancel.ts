// Cancel the futures that are still pending
const job = (ms: number, signal: AbortSignal) =>
  task(`${ms} ms`, () => new Promise((ok, fail) => {
    const timer = setTimeout(() => ok(ms), ms)
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      fail(signal.reason)
    })
  }))

const t0 = performance.now()
const ctl = new AbortController()
const jobs = [300, 1200, 2500]
  .map(ms => job(ms, ctl.signal))
console.log('first done:', await Promise.race(jobs))
ctl.abort(new Error('cancelled')) // task.cancel()
const out = await Promise.allSettled(jobs)
const ms = Math.round(performance.now() - t0)
console.log(`all settled after ${ms} ms:`,
  out.map(r => r.status).join(', '))

export {}
