// wait_for: give up on a slow job after 500 ms
const job = (ms: number, signal: AbortSignal) =>
  task(`${ms} ms`, () => new Promise((ok, fail) => {
    const timer = setTimeout(() => ok(ms), ms)
    signal.addEventListener('abort', () => {
      clearTimeout(timer)
      fail(signal.reason)
    })
  }))

// ≈ await asyncio.wait_for(job, timeout=0.5)
for (const ms of [300, 2000]) {
  const t0 = performance.now()
  const outcome = await job(ms, AbortSignal.timeout(500))
    .then(() => 'finished', (e: Error) => e.name)
  const took = Math.round(performance.now() - t0)
  console.log(`${ms} ms job: ${outcome} after ${took} ms`)
}

export {}
