// The runner frame's side of the process boundary (the page's side: engine/run/frame.ts).
// The frame is a sandboxed iframe (opaque origin) that Chromium gives a process of its own:
// a cell that fills memory there ends that process, never the page's. Its script starts
// the cells' workers and ends them; each worker talks to the page over its own MessagePort.
// Every worker starts with `workerShim` (a classic script from a blob: Chromium starts no
// module worker from a blob in an opaque origin, and only workers the frame itself starts
// are cross-origin isolated), which imports the worker's real code, a module the page
// handed over as text (the frame fetches nothing: offline, the deck's service worker does
// not serve an opaque origin).
//
// Both functions run from their own text (frameDocument), so each is self-contained: no
// imports at run time, nothing from this module, no `import()` a bundler would rewrite.
import type { FrameToPage, FrameToShim, PageToFrame, RunnerKind, ShimToFrame } from './protocol'

/** What the frame's script uses of its window (a fake one in unit tests). */
export interface FrameScope {
  parent: unknown
  crossOriginIsolated: boolean
  addEventListener(type: 'message', listener: (e: { source: unknown, data: unknown }) => void): void
  Worker: new (url: string, options: { name: string }) => Pick<Worker, 'postMessage' | 'terminate' | 'onmessage' | 'onerror'>
  Blob: typeof Blob
  URL: Pick<typeof URL, 'createObjectURL'>
  SharedArrayBuffer?: SharedArrayBufferConstructor
}

/** The frame's script: `frameMain(self, shimSource)`. */
export function frameMain(scope: FrameScope, shim: string): void {
  const toPage = (m: FrameToPage) => (scope.parent as Window).postMessage(m, '*')
  const blob = (text: string) => scope.URL.createObjectURL(new scope.Blob([text], { type: 'text/javascript' }))
  const shimURL = blob(shim)
  const entries: Partial<Record<RunnerKind, string>> = {}
  interface Running { worker: InstanceType<FrameScope['Worker']>, children: Set<string>, parent?: string, word?: Int32Array }
  const running = new Map<string, Running>()
  // A worker ends with every sub-worker it started (in the page, nested workers die with their parent).
  const end = (key: string): void => {
    const w = running.get(key)
    if (!w) return
    running.delete(key)
    w.children.forEach(end)
    if (w.parent) running.get(w.parent)?.children.delete(key)
    w.worker.terminate()
  }
  const start = (key: string, kind: RunnerKind, name: string, port: MessagePort, fail: (message: string) => void, parent?: string): void => {
    const worker = new scope.Worker(shimURL, { name })
    // Python's interrupt word lives here: a SharedArrayBuffer cannot cross from the page.
    const word = kind === 'python' && scope.crossOriginIsolated && scope.SharedArrayBuffer ? new Int32Array(new scope.SharedArrayBuffer(4)) : undefined
    const me: Running = { worker, children: new Set(), parent, word }
    running.set(key, me)
    if (parent) running.get(parent)?.children.add(key)
    worker.onerror = (e) => {
      e.preventDefault()
      if (running.get(key) === me) fail(e.message || 'the worker failed')
    }
    worker.onmessage = ({ data }: MessageEvent<ShimToFrame>) => {
      if (data.liveCells === 'failed') fail(data.message)
      else if (data.liveCells === 'spawn') {
        const tell = (message: string) => worker.postMessage({ liveCells: 'child-error', ref: data.ref, message } satisfies FrameToShim)
        start(`${key}/${data.ref}`, kind, data.name, data.port, tell, key)
      }
      else if (data.liveCells === 'end') end(`${key}/${data.ref}`)
    }
    const line: FrameToShim = { liveCells: 'line', port, entry: entries[kind] ?? '', ...(word ? { interrupt: word.buffer as SharedArrayBuffer } : {}) }
    worker.postMessage(line, [port])
  }
  scope.addEventListener('message', (e) => {
    if (e.source !== scope.parent) return
    const m = e.data as PageToFrame
    if (m.op === 'ping') toPage({ op: 'pong', seq: m.seq })
    else if (m.op === 'code') entries[m.kind] = blob(m.code)
    else if (m.op === 'create') start(String(m.id), m.kind, m.name, m.port, message => toPage({ op: 'error', id: m.id, message }))
    else if (m.op === 'terminate') end(String(m.id))
    else if (m.op === 'interrupt') {
      const word = running.get(String(m.id))?.word
      if (word) {
        Atomics.store(word, 0, m.value)
        Atomics.notify(word, 0) // wakes a blocking sleep at once
      }
    }
  })
  toPage({ op: 'hello' })
}

/** What a runner worker's shim uses of its global scope (a fake one in unit tests). */
export interface ShimScope {
  postMessage(message: unknown, transfer?: Transferable[]): void
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void
  dispatchEvent(e: Event): boolean
  importScripts?: unknown
  __liveCellsSpawn?: unknown
  __liveCellsInterrupt?: SharedArrayBuffer
}

/** A sub-worker as its parent sees it: the part of `Worker` subworkers.ts uses. */
interface SubWorker {
  postMessage(message: unknown, transfer?: Transferable[]): void
  terminate(): void
  onmessage: ((e: MessageEvent) => void) | null
  onerror: ((e: { message: string, preventDefault(): void }) => void) | null
}

/**
 * The first script of every runner worker: the line to the page stands in for the worker's
 * own postMessage and message events (the code it imports is the same as in the page);
 * sub-workers (`parallel`, `threads`) are started by the frame (a worker's own nested
 * workers would not be isolated) and reached over a MessageChannel of their own.
 * `load(url)` imports a module.
 */
export function workerShim(scope: ShimScope, load: (url: string) => Promise<unknown>): void {
  const toFrame = scope.postMessage.bind(scope) as (m: ShimToFrame, transfer?: Transferable[]) => void
  // Pyodide refuses a classic worker (it tries importScripts to tell); the code here is a module.
  scope.importScripts = () => { throw new TypeError('importScripts: this worker runs a module') }
  const children = new Map<number, SubWorker>()
  let refs = 0
  scope.__liveCellsSpawn = (name: string): SubWorker => {
    const ref = ++refs
    const { port1, port2 } = new MessageChannel()
    toFrame({ liveCells: 'spawn', ref, name, port: port1 }, [port1])
    const child: SubWorker = {
      postMessage: (message, transfer) => port2.postMessage(message, transfer ?? []),
      terminate: () => {
        port2.close()
        children.delete(ref)
        toFrame({ liveCells: 'end', ref })
      },
      onmessage: null,
      onerror: null,
    }
    port2.onmessage = e => child.onmessage?.(e)
    children.set(ref, child)
    return child
  }
  // Messages that arrive before the module has loaded wait for it (it adds its listeners as it runs).
  let waiting: unknown[] | undefined = []
  const deliver = (data: unknown) => scope.dispatchEvent(new MessageEvent('message', { data }))
  scope.addEventListener('message', (e) => {
    if (!e.isTrusted) return // the line's messages, dispatched again below: the module's
    e.stopImmediatePropagation() // the frame's own messages are not the module's
    const m = e.data as FrameToShim
    if (m.liveCells === 'child-error') children.get(m.ref)?.onerror?.({ message: m.message, preventDefault() {} })
    if (m.liveCells !== 'line') return
    const port = m.port
    scope.postMessage = (message, transfer) => port.postMessage(message, transfer ?? [])
    port.onmessage = ({ data }) => waiting ? waiting.push(data) : deliver(data)
    if (m.interrupt) scope.__liveCellsInterrupt = m.interrupt
    load(m.entry).then(() => {
      const queued = waiting ?? []
      waiting = undefined
      queued.forEach(deliver)
    }, (error: unknown) => toFrame({ liveCells: 'failed', message: `the worker's code did not load: ${String((error as Error)?.message ?? error)}` }))
  })
}

/** The frame's document (its srcdoc): the frame's script, given the shim's source. */
export function frameDocument(): string {
  const shim = `(${workerShim.toString()})(self, new Function('url', 'return import(url)'))`
  const text = JSON.stringify(shim).replace(/</g, '\\u003c') // nothing in it can close the script element
  return `<!doctype html><meta charset="utf-8"><title>runner</title><script>(${frameMain.toString()})(self, ${text})</script>`
}
