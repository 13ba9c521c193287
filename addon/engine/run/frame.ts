// The page's side of the process boundary: the runner frame (its own side:
// engine/frame/host.ts) starts the cells' workers in a process the page does not share
// (Chromium: a worker that runs out of memory ends its whole process). The page's engine
// gets Worker-like objects as before (the pool, the probes and Python see no difference);
// each talks to its worker over a MessagePort of its own, and to the frame only to start,
// end or interrupt it. A heartbeat notices the frame's end within about a second: every
// worker in it then fails as `lost`, and a fresh frame starts at once. A worker ended after
// computing for seconds is retired with its frame: its heap can take the process down as it
// is torn down, or stay unfreed for the next run (measured: up to 2 s after, and still 4 s
// on), so a fresh frame replaces it at once, the other workers in it failing as lost
// (`renewed`). A frame that never comes up leaves the page to start its workers itself.
import type { FrameToPage, PageToFrame, RunnerKind } from '../frame/protocol'
import { Heartbeat } from './heartbeat'

export type { RunnerKind }

/** A frame put up by `mount`: messages to it, and its removal. */
export interface FrameMount {
  post(message: PageToFrame, transfer?: Transferable[]): void
  remove(): void
}

/** What a runner worker's error event carries; `lost`: the frame (its process) is gone; `renewed`: replaced, after another run. */
export interface RunnerError { message?: string, lost?: boolean, renewed?: boolean, preventDefault?(): void }

/** A worker as the engine sees it (WorkerLike, PythonWorkerLike), with Python's interrupt word. */
export interface RunnerWorker<In = unknown, Out = unknown> {
  postMessage(message: In, transfer?: Transferable[]): void
  terminate(): void
  onmessage: ((e: { data: Out }) => void) | null
  onerror: ((e: RunnerError) => void) | null
  /** Writes the worker's interrupt word (Python: 2 raises KeyboardInterrupt, 0 clears it). */
  interrupt?(value: number): void
  /** Terminates a worker that computed for seconds, and the frame it may have filled with it. */
  retire?(): void
}

export interface RunnerFrameOptions {
  /** Puts a frame up (the deck: `mountIframe`); `listen` hears what it says. */
  mount(listen: (m: FrameToPage) => void): FrameMount
  /** The code a kind of worker runs, as one self-contained ES module (vite/runners.ts). */
  code(kind: RunnerKind): Promise<string>
  /** Starts a worker in the page instead: the frame did not come up. */
  fallback(kind: RunnerKind, name: string): RunnerWorker
  /** @default 250 */
  beatMs?: number
  /** @default 1000 */
  lostAfterMs?: number
  /** How long a frame has to come up. @default 10000 */
  startMs?: number
  /** The clock the heartbeat reads (ms). @default performance.now */
  now?: () => number
}

/** What a run in a lost frame ends with (engine/run/messages.ts words it for the cell). */
export const LOST = 'the runner frame ended (its process ran out of memory)'
export const RENEWED = 'the runner frame was replaced (a run before this one may have filled its memory)'

class FrameWorker implements RunnerWorker {
  onmessage: RunnerWorker['onmessage'] = null
  onerror: RunnerWorker['onerror'] = null
  private readonly port: MessagePort
  constructor(private readonly frame: RunnerFrame, readonly id: number, kind: RunnerKind, name: string) {
    const { port1, port2 } = new MessageChannel()
    this.port = port2
    port2.onmessage = e => this.onmessage?.({ data: e.data })
    frame.send({ op: 'create', id, kind, name, port: port1 }, [port1])
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void { this.port.postMessage(message, transfer) }
  terminate(): void {
    this.port.close()
    this.frame.ended(this)
  }

  interrupt(value: number): void { this.frame.send({ op: 'interrupt', id: this.id, value }) }
  retire(): void {
    this.port.close()
    this.frame.retired(this)
  }

  fail(message: string, lost: boolean, renewed = false): void {
    if (lost) this.port.close()
    this.onerror?.({ message, lost, ...(renewed ? { renewed } : {}), preventDefault() {} })
  }
}

export class RunnerFrame {
  private mounted: FrameMount | undefined
  private up = false
  private failed = false
  private queue: Array<[PageToFrame, Transferable[]]> = []
  private readonly live = new Map<number, FrameWorker>()
  private readonly codes = new Map<RunnerKind, Promise<string>>()
  private readonly beat: Heartbeat
  private timer: ReturnType<typeof setInterval> | undefined
  private startTimer: ReturnType<typeof setTimeout> | undefined
  private nextId = 1

  private readonly now: () => number

  constructor(private readonly opts: RunnerFrameOptions) {
    this.beat = new Heartbeat(opts.beatMs, opts.lostAfterMs)
    this.now = opts.now ?? (() => performance.now())
  }

  /** A worker of `kind`, started in the frame (once it is up), or in the page if it never came up. */
  create(kind: RunnerKind, name: string): RunnerWorker {
    if (this.failed) return this.opts.fallback(kind, name)
    if (!this.mounted) this.start()
    const worker = new FrameWorker(this, this.nextId++, kind, name)
    this.live.set(worker.id, worker)
    return worker
  }

  /** Ends every worker and the frame. */
  dispose(): void {
    this.failed = true
    this.stopFrame()
    for (const w of this.live.values()) w.terminate()
  }

  /** @internal A message to the frame, sent once it is up. */
  send(message: PageToFrame, transfer: Transferable[] = []): void {
    if (this.up) this.mounted?.post(message, transfer)
    else this.queue.push([message, transfer])
  }

  /** @internal A worker was terminated. */
  ended(worker: FrameWorker): void {
    if (this.live.delete(worker.id)) this.send({ op: 'terminate', id: worker.id })
  }

  /** @internal A worker that computed for seconds was ended: a fresh frame replaces the one it may have filled. */
  retired(worker: FrameWorker): void {
    if (!this.live.has(worker.id) || !this.up) return this.ended(worker) // a frame not up yet ran nothing
    this.live.delete(worker.id)
    performance.mark('live-cells:runner-renewed')
    this.replace(RENEWED, true)
  }

  private start(): void {
    const mount = this.mounted = this.opts.mount(m => { if (this.mounted === mount) void this.heard(mount, m) })
    this.startTimer = setTimeout(() => this.giveUp(), this.opts.startMs ?? 10_000)
  }

  private async heard(mount: FrameMount, m: FrameToPage): Promise<void> {
    if (m.op === 'pong') this.beat.pong(m.seq, this.now())
    else if (m.op === 'error') this.live.get(m.id)?.fail(m.message, false)
    else if (m.op === 'hello') {
      let codes: Array<[RunnerKind, string]>
      try { codes = await Promise.all((['snippet', 'python'] as const).map(async kind => [kind, await this.code(kind)] as [RunnerKind, string])) }
      catch (error) {
        console.warn('Live cells: the runner frame has no code; runs stay in the page', error)
        return this.giveUp()
      }
      if (mount !== this.mounted) return
      clearTimeout(this.startTimer)
      for (const [kind, code] of codes) mount.post({ op: 'code', kind, code })
      this.up = true
      for (const [message, transfer] of this.queue.splice(0)) mount.post(message, transfer)
      performance.mark('live-cells:runner-up') // a profile (and the tests) can see each frame come up
      this.beat.reset()
      this.timer ??= setInterval(() => this.tick(), this.opts.beatMs ?? 250)
    }
  }

  /** The code of a kind of worker, fetched once (a fresh frame gets the same text). */
  private code(kind: RunnerKind): Promise<string> {
    let code = this.codes.get(kind)
    if (!code) {
      code = this.opts.code(kind)
      code.catch(() => this.codes.delete(kind))
      this.codes.set(kind, code)
    }
    return code
  }

  private tick(): void {
    if (!this.up) return
    const beat = this.beat.tick(this.now())
    if (beat === 'lost') this.lose()
    else if (beat) this.mounted?.post({ op: 'ping', seq: beat.ping })
  }

  /** The frame is gone: a fresh one starts, and every worker that was in it fails as lost. */
  private lose(): void {
    // When the frame last answered: it ended between then and the next ping.
    performance.mark('live-cells:runner-lost', { detail: { answeredAt: this.beat.answeredAt } })
    this.replace(LOST, false)
  }

  /** A fresh frame starts; every worker in the old one fails as lost. */
  private replace(message: string, renewed: boolean): void {
    this.stopFrame()
    const dead = [...this.live.values()]
    this.live.clear()
    this.start()
    for (const w of dead) w.fail(message, true, renewed)
  }

  /** The frame never came up (or has no code): from now on workers start in the page. */
  private giveUp(): void {
    if (this.failed) return
    console.warn('Live cells: the runner frame did not come up; runs stay in the page')
    this.failed = true
    this.stopFrame()
    const stranded = [...this.live.values()]
    this.live.clear()
    for (const w of stranded) w.fail('the runner frame did not start', false)
  }

  private stopFrame(): void {
    clearTimeout(this.startTimer)
    this.mounted?.remove()
    this.mounted = undefined
    this.up = false
    this.queue = []
  }
}
