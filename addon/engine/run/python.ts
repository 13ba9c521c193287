// The page side of Python cells: one Pyodide interpreter per deck, in its own module worker
// (engine/worker/python/), kept across runs (starting one takes 2-3 s; each run gets fresh
// globals). Runs go one at a time. The same time budget as a TypeScript run; Stop in three
// stages: a 'stop' message cancels the cell's tasks while it awaits; a cell busy computing
// gets a KeyboardInterrupt through the interrupt buffer (cross-origin isolated pages); one
// that still runs has its worker terminated, and a fresh interpreter starts.
// Plain TypeScript, no Vue; the worker is injected (a fake one in unit tests). Its types:
// engine-api.ts; its words: messages.ts.
import type { PythonToPage } from '../protocol'
import type { PythonOptions, PythonRun, PythonRunRequest, PythonWorkerLike, SnippetOutcome, StopStage } from './engine-api'
import type { RunEvent } from './pool'
import { answerOutcome, launch, type Interpreter } from './interpreter'
import { LOST_PYTHON, OTHER_PYTHON_RUN, RENEWED_RUN, RESTARTING_PYTHON, restartedText, STARTING_PYTHON, stopNote } from './messages'

interface Current {
  id: number
  onEvent: (e: RunEvent) => void
  /** Ends the run with `outcome` (once). */
  end: (outcome: SnippetOutcome) => void
  /** Set by Stop. */
  stage?: StopStage
  acked?: () => void
}

export class PythonRuntime {
  /** How long the last interpreter took from `new Worker` to ready, in ms. */
  lastStartMs: number | undefined
  /** The interpreter's Python and Pyodide versions, once one has started. */
  versions: { python: string, pyodide: string } | undefined
  private worker: PythonWorkerLike | undefined
  private starting: Promise<void> | undefined
  private up = false
  /** Writes the interrupt word (2: KeyboardInterrupt, 0: clear); none without SharedArrayBuffer. */
  private signal: ((value: number) => void) | undefined
  /** The interpreter was dropped (its runner frame ended, or a MemoryError): the next run starts a fresh one and says so. */
  private afterLoss = false
  private current: Current | undefined
  private queue: Promise<unknown> = Promise.resolve()
  private queued = 0
  private nextId = 1
  /** The last run's notice line, for a crash noticed after it ended. */
  private lastNotice: ((text: string) => void) | undefined

  constructor(private readonly opts: PythonOptions) {}

  /** An interpreter is up and idle or running. */
  get ready(): boolean {
    return this.up
  }

  /** Starts an interpreter if there is none; resolves once it is ready (rejects if it fails: the next call tries again). */
  start(): Promise<void> {
    if (this.starting) return this.starting
    this.up = false
    const it: Interpreter = launch(this.opts, {
      message: (data) => { if (this.worker === it.worker) this.onMessage(data) },
      error: (e) => {
        if (this.worker !== it.worker) return
        if (e.lost) this.lost(e.renewed ? RENEWED_RUN : LOST_PYTHON)
        else this.crashed(`the Python worker crashed${e.message ? `: ${e.message}` : ''}`)
      },
    })
    this.worker = it.worker
    this.signal = it.signal
    const started = it.ready.then(({ ms, python, pyodide }) => {
      if (this.worker !== it.worker) return
      this.lastStartMs = ms
      this.versions = { python, pyodide }
      this.up = true
    }, (error: Error) => {
      if (this.worker === it.worker) {
        this.worker = undefined
        this.starting = undefined
      }
      throw error
    })
    this.starting = started
    return started
  }

  /** Runs `req.code` once the interpreter is free and ready. */
  run(req: PythonRunRequest, onEvent: (e: RunEvent) => void = () => {}): PythonRun {
    const id = this.nextId++
    let setStarted: (ok: boolean) => void = () => {}
    const started = new Promise<boolean>((r) => { setStarted = r })
    let resolve: (o: SnippetOutcome) => void = () => {}
    const done = new Promise<SnippetOutcome>((r) => { resolve = r })
    let settled = false
    let run: Current | undefined
    const end = (outcome: SnippetOutcome) => {
      if (settled) return
      settled = true
      this.queued--
      setStarted(false)
      resolve(outcome)
    }
    // One run at a time: this one starts when the runs before it are over.
    const before = this.queue
    const busy = this.queued++ > 0
    this.queue = (async () => {
      if (busy) req.onWaiting?.(OTHER_PYTHON_RUN)
      await before
      if (settled) return
      if (!this.up) req.onWaiting?.(this.versions ? RESTARTING_PYTHON : STARTING_PYTHON)
      const comeback = this.afterLoss
      try { await this.start() }
      catch (error) {
        return end({ status: 'error', error: { name: 'PythonUnavailable', message: `Python could not start: ${(error as Error).message}`, crashed: true } })
      }
      if (settled) return
      this.afterLoss = false
      await new Promise<void>((finished) => {
        run = this.execute(id, req, onEvent, (outcome) => {
          end(outcome)
          finished()
          if (comeback) req.onNotice?.(restartedText(this.lastStartMs ?? 0, false))
        })
        setStarted(true)
      })
    })()
    return {
      done,
      started,
      stop: () => {
        if (settled) return
        if (run) this.stop(run, req.onNotice)
        else end({ status: 'stopped' }) // not posted yet: it never will be
      },
    }
  }

  /** Terminates the interpreter (a run under way ends as stopped). */
  dispose(): void {
    this.current?.end({ status: 'stopped' })
    this.discard()
  }

  /** Terminates the interpreter; the next start() starts a fresh one. */
  private discard(): void {
    this.worker?.terminate()
    this.worker = undefined
    this.starting = undefined
    this.up = false
  }

  private execute(id: number, req: PythonRunRequest, onEvent: (e: RunEvent) => void, finish: (o: SnippetOutcome) => void): Current {
    const budgetMs = req.budgetMs ?? this.opts.budgetMs ?? 10_000
    let timer: ReturnType<typeof setTimeout> | undefined
    const run: Current = {
      id,
      onEvent,
      end: (outcome) => {
        if (this.current !== run) return
        this.current = undefined
        clearTimeout(timer)
        this.signal?.(0) // a late Stop's flag must not reach the next run
        finish(outcome)
      },
    }
    this.current = run
    this.lastNotice = req.onNotice
    this.worker!.postMessage({ type: 'run', id, code: req.code, maxLines: req.maxLines ?? this.opts.maxLines ?? 1000 })
    timer = setTimeout(() => {
      run.end({ status: 'timeout', budgetMs })
      this.restart(req.onNotice, false)
    }, budgetMs)
    return run
  }

  private stop(run: Current, onNotice?: (text: string) => void): void {
    if (run.stage || this.current !== run) return
    run.stage = 'cancel'
    const acked = new Promise<boolean>((r) => { run.acked = () => r(true) })
    this.worker!.postMessage({ type: 'stop', id: run.id })
    // A cell that awaits answers at once; one that computes cannot read the message.
    void Promise.race([acked, new Promise<boolean>(r => setTimeout(r, this.opts.ackMs ?? 30, false))]).then((ok) => {
      if (ok || this.current !== run || !this.signal) return
      run.stage = 'interrupt'
      this.signal(2) // Pyodide's interrupt buffer: SIGINT
    })
    setTimeout(() => {
      if (this.current !== run) return
      run.stage = 'restart'
      run.end({ status: 'stopped', note: stopNote('restart', this.signal !== undefined) })
      this.restart(onNotice, true)
    }, this.opts.graceMs ?? 500)
  }

  /** Terminates the interpreter and starts a fresh one; `onNotice` hears how long that took. */
  private restart(onNotice: ((text: string) => void) | undefined, stopped: boolean): void {
    this.discard()
    this.start().then(
      () => onNotice?.(restartedText(this.lastStartMs ?? 0, stopped)),
      (error: Error) => onNotice?.(`A fresh Python interpreter did not start: ${error.message}`),
    )
  }

  /** The runner frame ended (a run filled its memory) or was replaced: the run under way ends. */
  private lost(message: string): void {
    const run = this.current
    this.drop()
    run?.end({ status: 'error', error: { name: 'OutOfMemory', message, crashed: true } })
  }

  /** No interpreter until the next run, which starts a fresh one and says so. */
  private drop(): void {
    this.discard()
    this.afterLoss = true
  }

  private crashed(message: string): void {
    const run = this.current
    run?.end({ status: 'error', error: { name: 'PythonCrash', message, crashed: true } })
    this.restart(this.lastNotice, false)
  }

  private onMessage(data: PythonToPage): void {
    if (data.type === 'fatal') {
      // The interpreter is dead (its run has ended, or ends now): a fresh one starts.
      this.crashed(data.message)
      return
    }
    const run = this.current
    if (!run || !('id' in data) || data.id !== run.id) return
    switch (data.type) {
      case 'stopping': run.acked?.(); break
      case 'batch': data.messages.forEach(run.onEvent); break
      case 'dropped': run.onEvent(data); break
      case 'done':
      case 'error': {
        const { events, outcome, drop } = answerOutcome(data, run.stage)
        events.forEach(run.onEvent)
        run.end(outcome)
        if (drop) this.drop()
        break
      }
    }
  }
}

