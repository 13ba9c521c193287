// The page side's engine: compile a snippet, run it in a fresh worker when the machine is
// fair to it, receive typed events. Plain TypeScript, no Vue. Its types: engine-api.ts.
import type { Rates } from '../protocol'
import type { Engine, EngineOptions, PythonOptions, RunOptions, Runner, SnippetOutcome, SnippetRun } from './engine-api'
import { compile, compiled as alreadyCompiled, prewarm as prewarmCompiler } from '../compile/compile'
import { computes } from '../shared/source'
import { Background } from './background'
import { WorkerPool, type RunEvent, type WorkerLike } from './pool'
import { fetchFiles } from './interpreter'
import { countCores, type QuietOptions, untilQuiet } from './probe'
import { PythonRuntime } from './python'
import { fastest, MEASURING, measureRates } from './rates'

/** What a run waits for while the probes find the cores busy. */
export const BUSY = 'waiting for the cores to be free (the browser is still compiling the deck, or another program is busy)'

/**
 * How long a run pressed during the deck's start-up waits at most for the cores to read free.
 * Chromium is done compiling the deck within a few seconds; WebKit (software-rendered, on 2
 * cores) keeps a core and more busy for 15-20 s after a fresh load, and a run measured in
 * that would be flagged as slowed, not shown.
 */
export const START_UP_QUIET_MS = 20_000

/** What a Python run's start-up step is called (the speaker's prewarm starts the interpreter). */
export const STARTING_PYTHON_STEP = 'starting Python'

/** The snippet worker, bundled by Vite (`new URL` keeps it a separate chunk). */
export function createWorker(): Worker {
  return new Worker(new URL('../worker/entry.ts', import.meta.url), { type: 'module', name: 'snippet' })
}

/** The Python worker: one Pyodide interpreter (engine/worker/python/). */
export function createPythonWorker(): Worker {
  return new Worker(new URL('../worker/python/entry.ts', import.meta.url), { type: 'module', name: 'python' })
}

/**
 * The deck's own Python: its worker, and Pyodide's files as the deck serves them
 * (vite/pyodide.ts). A worker in the runner frame cannot fetch them (an opaque origin,
 * outside the service worker): the page hands them over.
 */
export function deckPython(runner?: Runner): Omit<PythonOptions, 'budgetMs' | 'maxLines'> {
  // Slidev's base is absolute: resolved against the origin, not the slide's own address.
  const indexURL = new URL(import.meta.env.BASE_URL + __PYODIDE_DIR__, location.origin).href
  return {
    create: runner ? () => runner.create('python', 'python') : () => createPythonWorker() as unknown as ReturnType<PythonOptions['create']>,
    indexURL,
    lockInfo: __PYODIDE_LOCK_INFO__,
    ...(runner ? { files: () => fetchFiles(indexURL, __PYODIDE_FILES__) } : {}),
  }
}

export function createEngine(options: EngineOptions = {}): Engine {
  const { store, background = new Background(), runner, python: pythonOptions = () => deckPython(runner), reportedCores, onCores, ...poolOptions } = options
  // A Worker's handlers take MessageEvent; the pool only reads `data`, so the cast is safe.
  // With a runner (the runner frame), every worker starts there: probes and rates too.
  const create = poolOptions.create ?? (runner ? () => runner.create('snippet', 'snippet') : () => createWorker() as unknown as WorkerLike)
  const pool = new WorkerPool({ ...poolOptions, create })
  // What is known of this machine: the fastest rates of every measurement (the store's,
  // this page's, each run's), and the most cores ever counted running at once. Something
  // else running only ever lowers a reading.
  const kept = store?.load()
  let known = kept?.rates
  let counted = kept?.cores
  const save = () => store?.save({ rates: known, cores: counted })
  const offer = (r: Partial<Rates> | undefined) => {
    const faster = fastest(known, r)
    if (!faster || (known && faster.burn === known.burn && faster.primes === known.primes)) return
    known = faster
    save()
  }
  const offerCores = (n: number | undefined) => {
    if (!n || n <= (counted ?? 0)) return
    counted = n
    save()
    onCores?.(n)
  }
  const reported = () => reportedCores ?? (globalThis.navigator?.hardwareConcurrency || 1)
  const cores = () => counted ?? reported()
  let measured: Promise<void> | undefined
  const measure = () => measured ??= measureRates(create).then(offer, error => console.warn(error))
  const rates = async () => {
    if (!known) await background.track(MEASURING, measure())
    return known
  }
  // Counted once per page, on a machine that read quiet (a busy one would count low): from
  // the count known so far (the browser's at first), doubled while the probes all get a core.
  let counting: Promise<void> | undefined
  /** Cores a quiet reading proved there (each of that many probes had one): no count goes below. */
  let atLeast = 1
  const count = () => counting ??= countCores(create, cores(), { atLeast }).then(offerCores, error => console.warn(error))
  /** The quiet wait: a run's during the start-up, or the deck's own at its end; then the count, if quiet. */
  const quiet = async (options: QuietOptions = {}) => {
    const reading = await untilQuiet(create, cores(), options)
    offerCores(reading.cores)
    atLeast = Math.max(atLeast, reading.atLeast ?? 0)
    return reading.quiet
  }
  // One interpreter for the deck, made on first use.
  let py: PythonRuntime | undefined
  const python = () => py ??= new PythonRuntime({ ...pythonOptions(), budgetMs: poolOptions.budgetMs, maxLines: poolOptions.maxLines })

  /**
   * The gate before a run. Code that computes waits for the deck's start-up work in flight,
   * during the start-up also for the cores to be free (the browser's own compiling of the
   * deck goes on after each step is done), and, when `rated`, for burn's rates. Returns the
   * hold to release when the run ends (undefined if Stop came first); with nothing to wait
   * for, at once (no await: the run is posted before the view's update).
   */
  function gate(source: string, signal: AbortSignal, onWaiting?: (what: string) => void, rated = true): (() => void) | Promise<(() => void) | undefined> {
    const check = !background.settled
    const waits = computes(source) && (background.busy || (rated && !known) || !counted || check)
    if (!waits) return background.hold()
    return (async () => {
      const release = await background.acquire(true, onWaiting, signal)
      if (!release || signal.aborted) return release
      const free = check ? await quiet({ onBusy: () => onWaiting?.(BUSY), signal, maxWaitMs: START_UP_QUIET_MS }) : true
      // Counted on a quiet machine, once per page while the count is unknown or below the
      // browser's (a busy moment may have counted low once; the browser may over-count).
      const recount = free && !counting && (!counted || counted < reported())
      if (recount || (rated && !known)) onWaiting?.(MEASURING)
      if (recount && !signal.aborted) await background.track(MEASURING, count())
      if (rated && !known && !signal.aborted) await rates()
      return release
    })()
  }

  /**
   * A run's envelope: Stop before the run has started ends the wait ('stopped'); `compiled`
   * is false unless the body says otherwise; the gate's hold is released when it ends. The
   * body starts at once (no await before it), so an unchanged run is posted before this returns.
   */
  function envelope(body: (run: { signal: AbortSignal, hold(release?: () => void): void, compiled(ok: boolean): void, started(stop: () => void): void }) => Promise<SnippetOutcome>): SnippetRun {
    const stopping = new AbortController()
    let stopRun = () => stopping.abort()
    let release: (() => void) | undefined
    let setCompiled: (ok: boolean) => void = () => {}
    const compiled = new Promise<boolean>(r => { setCompiled = r })
    const done = body({ signal: stopping.signal, hold: (r) => { release = r }, compiled: ok => setCompiled(ok), started: (stop) => { stopRun = stop } })
      .finally(() => release?.())
    done.catch(() => setCompiled(false))
    return { done, compiled, stop: () => stopRun() }
  }
  const stopped = (run: { compiled(ok: boolean): void }): SnippetOutcome => {
    run.compiled(false)
    return { status: 'stopped' }
  }

  /** A Python run: the same start-up gate as TypeScript for code that computes (Python measures its own rate); no compile step (a SyntaxError comes back from the interpreter). */
  const runPython = (source: string, { onWaiting, onNotice, lang: _lang, ...opts }: RunOptions, onEvent: (e: RunEvent) => void): SnippetRun => envelope(async (run) => {
    const held = gate(source, run.signal, onWaiting, false)
    run.hold(typeof held === 'function' ? held : await held)
    if (run.signal.aborted) return stopped(run)
    const handle = python().run({ code: source, ...opts, onWaiting, onNotice }, onEvent)
    run.started(handle.stop)
    void handle.started.then(run.compiled)
    return handle.done
  })

  return {
    background,
    lastStopAt: () => pool.lastTerminatedAt,
    rates,
    checkRates: () => background.step(MEASURING, measure),
    cores,
    async settle() {
      if (await background.step(BUSY, () => quiet())) await background.step(MEASURING, count)
      background.settle()
    },
    async parseAhead(source, lang = 'typescript') {
      if (lang === 'python') return // the interpreter reads it at Run: a compile is ~3 ms
      // An edit may start esbuild: a run that computes waits for that, as for the prewarm.
      const result = alreadyCompiled(source) ?? await background.track('starting the compiler', compile(source))
      if (result.ok) pool.parseAhead(result.code)
    },
    runSnippet(source, options = {}, onEvent = () => {}) {
      if (options.lang === 'python') return runPython(source, options, onEvent)
      const { onWaiting, onNotice: _notice, lang: _lang, ...opts } = options
      // Unchanged code (compiled before), nothing to wait for: the run is posted before this
      // returns, with no await in between (an await would let the view's update go first).
      return envelope(async (run) => {
        const result = alreadyCompiled(source) ?? await compile(source)
        if (!result.ok) {
          run.compiled(false)
          return { status: 'compile-error', errors: result.errors }
        }
        const held = gate(source, run.signal, onWaiting)
        run.hold(typeof held === 'function' ? held : await held)
        if (run.signal.aborted) return stopped(run)
        run.compiled(true)
        const handle = pool.run({ code: result.code, map: result.map, ...opts, rates: known, cores: cores() }, onEvent)
        run.started(handle.stop)
        const outcome = await handle.done
        if (outcome.status === 'done') offer(outcome.observedRates)
        return outcome
      })
    },
    async prewarm(sources = []) {
      await background.step('starting the workers', () => pool.fill())
      // Code compiled at build time is cached already; an edit kept from an earlier visit needs
      // esbuild, started here then. One at a time: a run pre-empts the rest.
      for (const source of sources.filter(s => !alreadyCompiled(s))) {
        await background.step('starting the compiler', () => compile(source))
      }
    },
    prewarmCompiler: () => background.step('starting the compiler', prewarmCompiler),
    startPython: () => background.step(STARTING_PYTHON_STEP, () => python().start()),
    dispose: () => {
      pool.dispose()
      py?.dispose()
      runner?.dispose()
    },
  }
}
