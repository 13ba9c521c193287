// Where the deck's runs live, browser by browser (docs/architecture.md, "Where the workers live").
// - Chromium: every worker of a page is a thread of the page's renderer, all its isolates
//   share one pointer-compression cage, and a worker that runs out of heap ends the whole
//   process: the slides, the editors, the talk. There the workers start in the runner
//   frame (engine/run/frame.ts), which Chromium gives a process of its own.
// - Firefox ends only the worker that ran out of memory; WebKit keeps a sandboxed frame in
//   the page's process (and Safari ends the whole tab over its memory limit), so a frame
//   would protect nothing there: the workers start in the page, as before.
//   Firefox has a rare freeze of a worker inside its own nested `new Worker()` (2 of 20
//   gil-io runs on fresh pages). Sub-workers started by a window instead never froze, but
//   computed slower, and the CPU demos read as slowed: in the frame, gil-cpu's
//   "threads + GIL" at 74-75% of a core, three pages of three; with the page starting every
//   worker (the frame's script run in the page: 0 freezes in 40 gil-io and 18 race-counter
//   runs), two threads each ran a fixed loop in 46-63 ms against 27-44 ms as nested workers,
//   and gil-cpu and amdahl were flagged as slowed on three fresh pages of three. So
//   Firefox keeps nested workers; a run whose worker froze in `new Worker()` is ended by
//   the page within 5 s and says so (engine/run/pool.ts, SPAWN_FROZEN_MS).
import runners from 'virtual:live-cells/runners'
import { createPythonWorker, createWorker } from './engine'
import type { FrameToPage } from '../frame/protocol'
import { frameDocument } from '../frame/host'
import { type FrameMount, RunnerFrame, type RunnerKind, type RunnerWorker } from './frame'

interface Brands { userAgentData?: { brands?: Array<{ brand: string }> }, userAgent?: string }

/** Chromium (Chrome, Edge, Opera, headless): the browser whose page a worker's end of memory takes down. */
export function isChromium(nav: Brands | undefined = globalThis.navigator as Brands | undefined): boolean {
  const brands = nav?.userAgentData?.brands
  if (brands) return brands.some(b => b.brand === 'Chromium')
  return /\bChrom(?:e|ium)\/\d/.test(nav?.userAgent ?? '') && !/\b(?:CriOS|FxiOS)\//.test(nav?.userAgent ?? '')
}

/** The runner frame for this page, where it protects the page (Chromium); none elsewhere. */
export function deckRunner(): RunnerFrame | undefined {
  if (typeof document === 'undefined' || !isChromium()) return undefined
  return new RunnerFrame({
    mount: mountIframe,
    code: async (kind: RunnerKind) => {
      const response = await fetch(new URL(runners[kind], location.origin))
      if (!response.ok) throw new Error(`${runners[kind]}: HTTP ${response.status}`)
      return response.text()
    },
    fallback: kind => (kind === 'python' ? createPythonWorker() : createWorker()) as unknown as RunnerWorker,
  })
}

/** The deck's frame: a sandboxed srcdoc iframe (Chromium gives it a process of its own), out of sight and reach. */
export function mountIframe(listen: (m: FrameToPage) => void): FrameMount {
  const frame = document.createElement('iframe')
  frame.setAttribute('sandbox', 'allow-scripts') // an opaque origin: a process of its own
  frame.setAttribute('allow', 'cross-origin-isolated') // SharedArrayBuffer inside, as in the page
  frame.setAttribute('aria-hidden', 'true')
  frame.tabIndex = -1
  frame.title = 'Live cells: where runs happen'
  frame.className = 'live-cells-runner'
  // In the viewport (a frame out of sight may get its process a lower priority), never seen.
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;border:0;opacity:0;pointer-events:none'
  frame.srcdoc = frameDocument()
  const onMessage = (e: MessageEvent) => {
    if (e.source !== null && e.source === frame.contentWindow) listen(e.data as FrameToPage)
  }
  addEventListener('message', onMessage)
  document.body.prepend(frame) // before the slides: a print (the PDF handout) has no page after the last one
  return {
    post: (message, transfer = []) => frame.contentWindow?.postMessage(message, '*', transfer),
    remove: () => {
      removeEventListener('message', onMessage)
      frame.remove()
    },
  }
}
