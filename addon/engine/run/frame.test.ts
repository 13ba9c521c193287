import type { FrameToPage, PageToFrame } from '../frame/protocol'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type FrameMount, LOST, RENEWED, RunnerFrame, type RunnerWorker } from './frame'

/** A frame put up by the fake mount: what the page sent it; the test plays its side. */
interface FakeFrame { sent: PageToFrame[], removed: boolean, say(m: FrameToPage): void }

let frames: FakeFrame[]
let fallbacks: string[]
const ports: MessagePort[] = []
const tick = () => new Promise(r => setImmediate(r))

function runnerFrame(options: { code?: (kind: string) => Promise<string>, startMs?: number } = {}) {
  return new RunnerFrame({
    mount(listen): FrameMount {
      const frame: FakeFrame = { sent: [], removed: false, say: m => listen(m) }
      frames.push(frame)
      return {
        post: (m) => {
          frame.sent.push(m)
          if (m.op === 'create') ports.push(m.port)
        },
        remove: () => { frame.removed = true },
      }
    },
    code: options.code ?? (async kind => `// the ${kind} worker`),
    fallback: (kind, name) => {
      fallbacks.push(`${kind}:${name}`)
      return { postMessage() {}, terminate() {}, onmessage: null, onerror: null }
    },
    now: () => Date.now(),
    ...(options.startMs ? { startMs: options.startMs } : {}),
  })
}
/** The frame comes up: it says hello and gets its code. */
async function up(frame: FakeFrame) {
  frame.say({ op: 'hello' })
  await tick()
}
const errors = (w: RunnerWorker) => {
  const seen: Array<{ message?: string, lost?: boolean }> = []
  w.onerror = e => seen.push({ message: e.message, lost: e.lost })
  return seen
}

beforeEach(() => {
  frames = []
  fallbacks = []
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })
})
afterEach(() => {
  vi.useRealTimers()
  for (const p of ports.splice(0)) p.close()
})

describe('RunnerFrame: the cells\' workers in a process of their own', () => {
  it('puts one frame up on first use, gives it each kind\'s code, then starts the workers asked for meanwhile', async () => {
    const runner = runnerFrame()
    const a = runner.create('snippet', 'snippet')
    const b = runner.create('python', 'python')
    expect(frames).toHaveLength(1)
    expect(frames[0].sent).toEqual([]) // nothing reaches a frame before it is up
    await up(frames[0])
    expect(frames[0].sent.map(m => m.op === 'code' ? `code ${m.kind}` : m.op)).toEqual(['code snippet', 'code python', 'create', 'create'])
    expect(frames[0].sent[1]).toEqual({ op: 'code', kind: 'python', code: '// the python worker' })
    expect(frames[0].sent[2]).toMatchObject({ op: 'create', id: 1, kind: 'snippet', name: 'snippet' })
    expect(frames[0].sent[3]).toMatchObject({ op: 'create', id: 2, kind: 'python', name: 'python' })
    runner.create('snippet', 'probe')
    expect(frames).toHaveLength(1)
    expect(frames[0].sent.at(-1)).toMatchObject({ op: 'create', id: 3, name: 'probe' }) // up: at once
    a.terminate()
    b.interrupt!(2)
    expect(frames[0].sent.slice(-2)).toEqual([{ op: 'terminate', id: 1 }, { op: 'interrupt', id: 2, value: 2 }])
    runner.dispose()
    expect(frames[0].removed).toBe(true)
  })

  it('talks to each worker over its own port, both ways, with no hop through the frame', async () => {
    vi.useRealTimers()
    const runner = runnerFrame()
    const w = runner.create('snippet', 'snippet')
    const heard: unknown[] = []
    w.onmessage = e => heard.push(e.data)
    await up(frames[0])
    const line = ports[0]
    const got = new Promise(resolve => { line.onmessage = e => resolve(e.data) })
    w.postMessage({ type: 'run', id: 1 })
    expect(await got).toEqual({ type: 'run', id: 1 })
    line.postMessage({ type: 'ready' })
    await vi.waitFor(() => expect(heard).toEqual([{ type: 'ready' }]))
    runner.dispose()
  })

  it('passes a worker\'s error event on to it', async () => {
    const runner = runnerFrame()
    const w = runner.create('snippet', 'snippet')
    const seen = errors(w)
    await up(frames[0])
    frames[0].say({ op: 'error', id: 1, message: 'Uncaught SyntaxError' })
    expect(seen).toEqual([{ message: 'Uncaught SyntaxError', lost: false }])
    runner.dispose()
  })

  it('keeps a frame that answers its pings', async () => {
    const runner = runnerFrame()
    const seen = errors(runner.create('snippet', 'snippet'))
    await up(frames[0])
    for (let t = 0; t < 20; t++) {
      vi.advanceTimersByTime(250)
      const ping = frames[0].sent.at(-1)
      if (ping?.op === 'ping') frames[0].say({ op: 'pong', seq: ping.seq })
    }
    expect(frames).toHaveLength(1)
    expect(seen).toEqual([])
    runner.dispose()
  })

  it('notices a frame that stopped answering within about a second: its workers fail as lost, a fresh frame starts at once', async () => {
    const runner = runnerFrame()
    const running = runner.create('snippet', 'snippet')
    const seen = errors(running)
    await up(frames[0])
    vi.advanceTimersByTime(250) // a ping, answered
    frames[0].say({ op: 'pong', seq: 1 })
    vi.advanceTimersByTime(1000) // the next ping, unanswered: the frame's process has ended
    expect(seen).toEqual([])
    vi.advanceTimersByTime(250)
    expect(seen).toEqual([{ message: LOST, lost: true }])
    expect(frames[0].removed).toBe(true)
    expect(frames).toHaveLength(2) // the fresh frame
    expect(performance.getEntriesByName('live-cells:runner-lost')).toHaveLength(1)
    // What starts now waits for the fresh frame; the lost one hears nothing more.
    runner.create('snippet', 'snippet')
    expect(frames[1].sent).toEqual([])
    await up(frames[1])
    expect(frames[1].sent.filter(m => m.op === 'create')).toHaveLength(1)
    running.terminate()
    expect(frames[1].sent.filter(m => m.op === 'terminate')).toEqual([]) // it was in the lost frame
    runner.dispose()
  })

  it('retires a worker that computed for seconds with its frame: a fresh one replaces it at once, the others in it fail as renewed', async () => {
    const runner = runnerFrame()
    const bomb = runner.create('snippet', 'snippet')
    const spare = errors(runner.create('snippet', 'snippet'))
    const python = errors(runner.create('python', 'python'))
    await up(frames[0])
    bomb.retire!()
    expect(frames[0].removed).toBe(true)
    expect(frames[0].sent.filter(m => m.op === 'terminate')).toEqual([]) // the whole frame goes
    expect(frames).toHaveLength(2)
    expect(spare).toEqual([{ message: RENEWED, lost: true }])
    expect(python).toEqual([{ message: RENEWED, lost: true }])
    runner.dispose()
  })

  it('leaves the workers to the page when no frame comes up in time', async () => {
    const runner = runnerFrame({ startMs: 5000 })
    const stranded = errors(runner.create('snippet', 'snippet'))
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    vi.advanceTimersByTime(5000)
    expect(stranded).toEqual([{ message: 'the runner frame did not start', lost: false }])
    expect(frames[0].removed).toBe(true)
    runner.create('python', 'python')
    expect(fallbacks).toEqual(['python:python'])
    expect(frames).toHaveLength(1)
  })

  it('leaves the workers to the page when the code cannot be had', async () => {
    const runner = runnerFrame({ code: async () => { throw new Error('HTTP 404') } })
    runner.create('snippet', 'snippet')
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    await up(frames[0])
    runner.create('snippet', 'snippet')
    expect(fallbacks).toEqual(['snippet:snippet'])
  })
})
