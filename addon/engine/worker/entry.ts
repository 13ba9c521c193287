// The worker entry (a module worker). A snippet worker runs one snippet ('run'), after
// perhaps parsing it ahead; a throwaway one measures the rates ('calibrate'); a sub-worker
// of `parallel` or `threads` runs one function (child.ts). It never touches the DOM.
import type { PageToWorker, ParentToChild } from '../protocol'
import { onChildMessage } from './child'
import { parseAhead, run } from './run'
import { calibrateRates, probe, warmUp } from './runtime/work'
import { send } from './session'

addEventListener('message', (e: MessageEvent<PageToWorker | ParentToChild>) => {
  const msg = e.data
  if (msg.type === 'run') void run(msg)
  else if (msg.type === 'parse-ahead') parseAhead(msg.code)
  else if (msg.type === 'calibrate') send({ type: 'calibrated', rates: calibrateRates() })
  else if (msg.type === 'probe') send({ type: 'probed', ...probe({ warmupMs: msg.warmupMs, ms: msg.ms }) })
  else void onChildMessage(msg)
})
// A snippet worker is started ahead of its run, in idle time: the work loops are optimised
// by then. Sub-workers of `parallel` and `threads` warm up only for a function that computes.
if (name === 'snippet') warmUp()
send({ type: 'ready' })
