import '../compile.browser'
import { createEngine, type RunEvent } from '../index'

const engine = createEngine()
const w = window as unknown as Record<string, unknown>
w.engine = engine
w.ready = engine.prewarm().then(() => true)
/** Runs a snippet; returns events, outcome and timings (ms since the call). */
w.runIt = async (src: string, opts: { budgetMs?: number, maxLines?: number, stopAfter?: number } = {}) => {
  const t0 = performance.now()
  const events: RunEvent[] = []
  let firstOutput: number | undefined
  const run = engine.runSnippet(src, opts, e => {
    if (firstOutput === undefined && e.type === 'log') firstOutput = performance.now() - t0
    if (events.length < 3000) events.push(e)
  })
  if (opts.stopAfter !== undefined) setTimeout(() => run.stop(), opts.stopAfter)
  const outcome = await run.done
  const tEnd = performance.now() - t0
  // how quickly the next run can start after this one ends
  const t1 = performance.now()
  const probe = engine.runSnippet('console.log("probe")', {}, () => {})
  const probeOutcome = await probe.done
  return { events, outcome, firstOutput, tEnd, nextRunMs: performance.now() - t1, probe: probeOutcome.status, lastTerminatedAt: engine.pool.lastTerminatedAt }
}
