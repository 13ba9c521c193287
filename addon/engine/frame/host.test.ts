import type { FrameToPage, FrameToShim, ShimToFrame } from './protocol'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { frameDocument, frameMain, type FrameScope, type ShimScope, workerShim } from './host'

/** A Worker the frame starts: what it was sent; the test plays the shim in it. */
class FakeWorker {
  static all: FakeWorker[] = []
  sent: FrameToShim[] = []
  terminated = false
  onmessage: ((e: { data: ShimToFrame }) => void) | null = null
  onerror: ((e: { message: string, preventDefault(): void }) => void) | null = null
  constructor(readonly url: string, readonly options: { name: string }) { FakeWorker.all.push(this) }
  postMessage(m: FrameToShim) { this.sent.push(m) }
  terminate() { this.terminated = true }
  line() { return this.sent.find(m => m.liveCells === 'line') as Extract<FrameToShim, { liveCells: 'line' }> }
}

const ports: MessagePort[] = []
afterEach(() => { for (const p of ports.splice(0)) p.close() })
const channel = () => {
  const c = new MessageChannel()
  ports.push(c.port1, c.port2)
  return c
}

function frame(isolated = true) {
  FakeWorker.all = []
  const toPage: FrameToPage[] = []
  const parent = { postMessage: (m: FrameToPage) => toPage.push(m) }
  let listener: (e: { source: unknown, data: unknown }) => void = () => {}
  let blobs = 0
  const scope: FrameScope = {
    parent,
    crossOriginIsolated: isolated,
    addEventListener: (_, l) => { listener = l },
    Worker: FakeWorker as unknown as FrameScope['Worker'],
    Blob,
    URL: { createObjectURL: () => `blob:null/${++blobs}` },
    SharedArrayBuffer,
  }
  frameMain(scope, '/* the shim */')
  return { toPage, send: (data: unknown, source: unknown = parent) => listener({ source, data }) }
}

describe('the runner frame\'s script', () => {
  it('says hello, answers pings at once, and heeds only the page', () => {
    const f = frame()
    expect(f.toPage).toEqual([{ op: 'hello' }])
    f.send({ op: 'ping', seq: 4 })
    f.send({ op: 'ping', seq: 5 }, {})
    expect(f.toPage).toEqual([{ op: 'hello' }, { op: 'pong', seq: 4 }])
  })

  it('starts a worker from the shim, named, with its line to the page and its kind\'s code; Python gets an interrupt word', () => {
    const f = frame()
    f.send({ op: 'code', kind: 'snippet', code: 'export {}' })
    f.send({ op: 'code', kind: 'python', code: 'export {}' })
    f.send({ op: 'create', id: 1, kind: 'snippet', name: 'snippet', port: channel().port1 })
    f.send({ op: 'create', id: 2, kind: 'python', name: 'python', port: channel().port1 })
    const [snippet, python] = FakeWorker.all
    expect(snippet.url).toBe('blob:null/1') // the shim's blob, made first
    expect(snippet.options).toEqual({ name: 'snippet' })
    expect(snippet.line()).toMatchObject({ liveCells: 'line', entry: 'blob:null/2' })
    expect(snippet.line().interrupt).toBeUndefined()
    expect(python.line()).toMatchObject({ entry: 'blob:null/3' })
    expect(python.line().interrupt).toBeInstanceOf(SharedArrayBuffer)
    f.send({ op: 'interrupt', id: 2, value: 2 })
    expect(new Int32Array(python.line().interrupt!)[0]).toBe(2)
  })

  it('has no interrupt word without isolation', () => {
    const f = frame(false)
    f.send({ op: 'create', id: 2, kind: 'python', name: 'python', port: channel().port1 })
    expect(FakeWorker.all[0].line().interrupt).toBeUndefined()
  })

  it('starts the sub-workers a worker asks for, ends them with it, and tells each side of its errors', () => {
    const f = frame()
    f.send({ op: 'create', id: 7, kind: 'snippet', name: 'snippet', port: channel().port1 })
    const parent = FakeWorker.all[0]
    parent.onmessage!({ data: { liveCells: 'spawn', ref: 1, name: 'worker 1', port: channel().port1 } })
    parent.onmessage!({ data: { liveCells: 'spawn', ref: 2, name: 'worker 2', port: channel().port1 } })
    const [, one, two] = FakeWorker.all
    expect([one.options.name, two.options.name]).toEqual(['worker 1', 'worker 2'])
    expect(one.line()).toMatchObject({ liveCells: 'line' })
    one.onerror!({ message: 'out of memory', preventDefault() {} })
    expect(parent.sent.at(-1)).toEqual({ liveCells: 'child-error', ref: 1, message: 'out of memory' })
    parent.onmessage!({ data: { liveCells: 'end', ref: 1 } })
    expect(one.terminated).toBe(true)
    parent.onerror!({ message: 'Uncaught Error: boom', preventDefault() {} })
    parent.onmessage!({ data: { liveCells: 'failed', message: 'the worker\'s code did not load' } })
    expect(f.toPage.slice(1)).toEqual([{ op: 'error', id: 7, message: 'Uncaught Error: boom' }, { op: 'error', id: 7, message: 'the worker\'s code did not load' }])
    f.send({ op: 'terminate', id: 7 })
    expect([parent.terminated, two.terminated]).toEqual([true, true]) // nested workers die with their parent
  })
})

/** A worker's global scope for the shim: what it posts natively, and the module's listeners. */
function worker() {
  const toFrame: Array<{ m: ShimToFrame, transfer?: Transferable[] }> = []
  const shimListeners: Array<(e: MessageEvent) => void> = []
  const heard: unknown[] = []
  const scope: ShimScope = {
    postMessage: (m, transfer) => toFrame.push({ m: m as ShimToFrame, transfer }),
    addEventListener: (_, l) => shimListeners.push(l),
    dispatchEvent: (e) => { heard.push((e as MessageEvent).data); return true },
  }
  let load: (url: string) => Promise<unknown> = async () => {}
  const loaded: string[] = []
  workerShim(scope, url => (loaded.push(url), load(url)))
  // A native message from the frame: trusted, and kept from the module.
  const fromFrame = (data: FrameToShim) => {
    const stop = vi.fn()
    for (const l of shimListeners) l({ data, isTrusted: true, stopImmediatePropagation: stop } as unknown as MessageEvent)
    return stop
  }
  return { scope, toFrame, heard, loaded, fromFrame, setLoad: (f: typeof load) => { load = f } }
}

describe('the shim every runner worker starts with', () => {
  it('refuses importScripts (Pyodide tells a classic worker by it): the code it runs is a module', () => {
    const w = worker()
    expect(() => (w.scope.importScripts as () => void)()).toThrow(TypeError)
  })

  it('makes the line the worker\'s own postMessage and message events, holding messages until the module has loaded', async () => {
    const w = worker()
    let loaded: () => void = () => {}
    w.setLoad(() => new Promise<void>((r) => { loaded = r }))
    const { port1, port2 } = channel()
    const word = new SharedArrayBuffer(4)
    const stop = w.fromFrame({ liveCells: 'line', port: port1, entry: 'blob:null/entry', interrupt: word })
    expect(stop).toHaveBeenCalled() // the frame's message is not the module's
    expect(w.loaded).toEqual(['blob:null/entry'])
    expect(w.scope.__liveCellsInterrupt).toBe(word)
    port2.postMessage({ type: 'py-init' })
    port2.postMessage({ type: 'run', id: 1 })
    await new Promise(r => setTimeout(r, 20))
    expect(w.heard).toEqual([]) // the module's listeners are not there yet
    loaded()
    await vi.waitFor(() => expect(w.heard).toEqual([{ type: 'py-init' }, { type: 'run', id: 1 }]))
    const out = new Promise(resolve => { port2.onmessage = e => resolve(e.data) })
    w.scope.postMessage({ type: 'ready' })
    expect(await out).toEqual({ type: 'ready' })
  })

  it('tells the frame when the module does not load', async () => {
    const w = worker()
    w.setLoad(async () => { throw new TypeError('Failed to fetch dynamically imported module') })
    w.fromFrame({ liveCells: 'line', port: channel().port1, entry: 'blob:null/x' })
    await vi.waitFor(() => expect(w.toFrame.map(t => t.m)).toEqual([{ liveCells: 'failed', message: 'the worker\'s code did not load: Failed to fetch dynamically imported module' }]))
  })

  it('has the frame start a sub-worker, reached over a channel of its own; its errors and its end go through the frame', async () => {
    const w = worker()
    const spawn = w.scope.__liveCellsSpawn as (name: string) => { postMessage(m: unknown): void, terminate(): void, onmessage: ((e: MessageEvent) => void) | null, onerror: ((e: { message: string }) => void) | null }
    const child = spawn('thread 1')
    const [{ m, transfer }] = w.toFrame
    expect(m).toMatchObject({ liveCells: 'spawn', ref: 1, name: 'thread 1' })
    const far = (m as Extract<ShimToFrame, { liveCells: 'spawn' }>).port
    ports.push(far)
    expect(transfer).toEqual([far])
    const got = new Promise(resolve => { far.onmessage = e => resolve(e.data) })
    const shared = new Int32Array(new SharedArrayBuffer(8))
    child.postMessage({ type: 'thread', shared })
    expect(((await got) as { shared: Int32Array }).shared).toBeInstanceOf(Int32Array)
    const heard = new Promise(resolve => { child.onmessage = e => resolve(e.data) })
    far.postMessage({ type: 'ready' })
    expect(await heard).toEqual({ type: 'ready' })
    const errors: string[] = []
    child.onerror = e => errors.push(e.message)
    w.fromFrame({ liveCells: 'child-error', ref: 1, message: 'thread 1 ran out of memory' })
    expect(errors).toEqual(['thread 1 ran out of memory'])
    child.terminate()
    expect(w.toFrame.at(-1)!.m).toEqual({ liveCells: 'end', ref: 1 })
  })
})

describe('the frame\'s document', () => {
  it('is one script that runs the frame\'s script with the shim\'s source, and nothing in it closes the element early', () => {
    const doc = frameDocument()
    const script = /<script>([\s\S]*)<\/script>$/.exec(doc)![1]
    expect(script).not.toMatch(/<\/script/i)
    expect(() => new Function(script)).not.toThrow() // it parses as a classic script
    expect(script).toContain('return import(url)')
  })
})
