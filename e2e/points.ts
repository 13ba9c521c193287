// The point each live cell's slide makes, written once: plain functions from a finished
// run (its output, the timeline's label and groups) to the list of expectations it missed,
// for every browser's suite (Chromium: demos, cold-start and python specs; Firefox and
// WebKit: engines.spec.ts). A spec asserts the list is empty, or, where a shared machine's
// other load can spoil a run, takes the best of a few runs by `fair` first.

/** Per compare group, from the timeline's aria-label (the contract): name, lanes, wall ms, speedup. */
export interface TimelineGroup { name: string, lanes: number, ms: number, speedup?: number }

export function parseTimelineLabel(label: string): TimelineGroup[] {
  return label.replace(/^Timeline: /, '').replace(/, running$/, '').split('; ').map((part) => {
    const m = /^(.*?)\s*(\d+) lanes?,? ([\d.]+) ms(?:, speedup ([\d.]+)x)?/.exec(part)
    if (!m) throw new Error(`unreadable timeline label part: ${part}`)
    return { name: m[1], lanes: Number(m[2]), ms: Number(m[3]), speedup: m[4] ? Number(m[4]) : undefined }
  })
}

/** A finished run as a test reads it off the cell. */
export interface CellRun {
  /** The output (role="log"), as rendered text. */
  log: string
  /** The timeline's or chart's aria-label ('' when none is drawn). */
  label: string
  /** The timeline's groups, from `label` (empty without a timeline). */
  groups: TimelineGroup[]
  /** The cell's data-state once the run ended. */
  state?: string
  /** The timeline's own text (headings, the ideal it names). */
  figure?: string
  /** Counts of elements in the finished cell, by name (what `countsFor` asked for). */
  counts?: Record<string, number>
}

/** Builds a CellRun from what the page shows. */
export function cellRun(parts: Omit<CellRun, 'groups'>): CellRun {
  return { ...parts, groups: parts.label.startsWith('Timeline: ') ? parseTimelineLabel(parts.label) : [] }
}

/** What the machine under test has: cores as the test's side counts them (os.cpus()). */
export interface Machine { cores: number }

type Check = (run: CellRun, machine: Machine) => string[]

/** Collects missed expectations with what was seen. */
class Expectations {
  readonly missed: string[] = []
  that(ok: boolean, what: string) { if (!ok) this.missed.push(what) }
  atLeast(what: string, got: number | undefined, min: number) { this.that(got !== undefined && got >= min, `${what}: ${got}, expected >= ${min}`) }
  above(what: string, got: number | undefined, min: number) { this.that(got !== undefined && got > min, `${what}: ${got}, expected > ${min}`) }
  atMost(what: string, got: number | undefined, max: number) { this.that(got !== undefined && got <= max, `${what}: ${got}, expected <= ${max}`) }
  below(what: string, got: number | undefined, max: number) { this.that(got !== undefined && got < max, `${what}: ${got}, expected < ${max}`) }
  equal(what: string, got: unknown, want: unknown) { this.that(JSON.stringify(got) === JSON.stringify(want), `${what}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`) }
  matches(what: string, text: string, re: RegExp) { this.that(re.test(text), `${what}: expected to match ${re}`) }
  contains(what: string, text: string, part: string) { this.that(text.includes(part), `${what}: expected to contain ${JSON.stringify(part)}`) }
}
const check = (fill: (e: Expectations, run: CellRun, machine: Machine) => void): Check => (run, machine) => {
  const e = new Expectations()
  try { fill(e, run, machine) }
  catch (error) { e.missed.push(`unreadable run: ${(error as Error).message}`) }
  return e.missed
}

export const number = (text: string, re: RegExp): number => Number(re.exec(text)?.[1] ?? Number.NaN)
const group = (run: CellRun, name: string): TimelineGroup => {
  const g = run.groups.find(x => x.name === name)
  if (!g) throw new Error(`no group "${name}" in ${JSON.stringify(run.groups)}`)
  return g
}
const firstLetters = (log: string) => log.split('\n').map(l => l.trim()[0]).join('')
/** The snippet's own printed lines: the deck's "Getting ready…" notices (a run that waited for the start-up) are not the snippet's. */
const lines = (log: string) => log.split('\n').map(l => l.trim()).filter(l => !l.startsWith('Getting ready'))
const lanesOf = (label: string) => Number(/(\d+) lanes?/.exec(label)?.[1])
const COOKING = ['rice 1', 'tea 1', 'soup 1', 'rice 2', 'tea 2', 'soup 2', 'rice 3', 'toast 1', 'toast 2']
const FINISHED = ['/d', '/b', '/e', '/a', '/c']
const finishedOrder = (log: string) => [...log.matchAll(/finished (\/\w)/g)].map(m => m[1])

/** The counts of race-counter's three lines ("counter += 1", "Atomics.add", "a lock"), in order. */
export const raceCounts = (log: string): number[] => [...log.matchAll(/: (\d+) \/ 2000000/g)].map(m => Number(m[1]))

/**
 * The points of the cells checked on one run (a run of a page
 * that is ready: the speaker's page, slide to slide).
 */
export const points: Record<string, Check> = {
  'blocking-vs-awaiting': check((e, r) => {
    e.atLeast('blocking ms', group(r, 'blocking').ms, 2950)
    e.below('awaiting ms', group(r, 'awaiting').ms, 1300)
    e.above('awaiting speedup', group(r, 'awaiting').speedup, 2.5)
  }),
  'event-loop-order': check((e, r) => e.equal('order (sync, microtasks, timers)', firstLetters(r.log), 'AEGCDFB')),
  'round-robin': check((e, r) => e.equal('interleaving', lines(r.log), COOKING)),
  'futures-gather': check((e, r) => {
    e.equal('completion order', finishedOrder(r.log), FINISHED)
    e.contains('results', r.log, 'in start order: /a 200, /b 200, /c 200, /d 200, /e 200')
    e.below('wall ms (the slowest call, not the 2.6 s sum)', r.groups[0]?.ms, 1300)
  }),
  'futures-wait': check((e, r) => {
    e.below('FIRST_COMPLETED ms', number(r.log, /FIRST_COMPLETED after (\d+) ms: \/fast/), 450)
    e.atLeast('FIRST_EXCEPTION ms', number(r.log, /FIRST_EXCEPTION after (\d+) ms: \/bad failed/), 550)
    e.below('FIRST_EXCEPTION ms', number(r.log, /FIRST_EXCEPTION after (\d+) ms/), 800)
    e.atLeast('ALL_COMPLETED ms', number(r.log, /ALL_COMPLETED after (\d+) ms: fulfilled,rejected,fulfilled/), 850)
  }),
  'futures-cancel': check((e, r) => {
    e.contains('first', r.log, 'first done: 300')
    e.below('all settled ms', number(r.log, /all settled after (\d+) ms: fulfilled, rejected, rejected/), 600)
    e.below('wall ms (not 2500)', r.groups[0]?.ms, 1000)
  }),
  'futures-timeout': check((e, r) => {
    e.below('300 ms job', number(r.log, /300 ms job: finished after (\d+) ms/), 450)
    e.atLeast('2000 ms job timed out at', number(r.log, /2000 ms job: TimeoutError after (\d+) ms/), 490)
    e.below('2000 ms job timed out at', number(r.log, /2000 ms job: TimeoutError after (\d+) ms/), 800)
  }),
  'race-counter': check((e, r) => {
    const c = raceCounts(r.log)
    e.equal('lines', c.length, 3)
    e.below('counter += 1 (read, add, write: loses updates)', c[0], 2_000_000)
    e.equal('Atomics.add (exact)', c[1], 2_000_000)
    e.equal('the lock (exact)', c[2], 2_000_000)
  }),
  'gil-io': check((e, r) => {
    e.above('4 threads + GIL speedup', group(r, '4 threads + GIL').speedup, 2.5)
    // Waiting work's ideal is one per lane, whatever the cores.
    e.contains('the timeline\'s ideal', r.figure ?? '', 'ideal 4x: 4 lanes waiting')
  }),
  'http-calls': check((e, r) => {
    const loop = group(r, 'one loop')
    e.atLeast('sequential ms', group(r, 'sequential').ms, 2950)
    e.above('one loop speedup', loop.speedup, 10)
    e.below('one loop ms (vs workers)', loop.ms, r.groups.find(g => /workers/.test(g.name))?.ms ?? Number.NaN)
  }),
  'styles-callbacks': check((e, r) => stylesPoint(e, r)),
  'styles-async': check((e, r) => stylesPoint(e, r)),

  'blocking-vs-awaiting-py': check((e, r) => {
    e.matches('output', r.log, /^in turn: \d+ ms\ngather: \d+ ms \(\d\.\d\dx\)$/)
    e.equal('groups', r.groups.map(g => [g.name, g.lanes]), [['in turn', 3], ['gather', 3]])
    e.atLeast('in turn ms', r.groups[0]?.ms, 2950)
    e.below('gather ms', r.groups[1]?.ms, 1300)
    e.above('gather speedup', r.groups[1]?.speedup, 2.5)
  }),
  'event-loop-order-py': check((e, r) => e.equal('order (top level, ready queue, timer)', firstLetters(r.log), 'AGCEDFB')),
  'round-robin-py': check((e, r) => {
    e.equal('interleaving', lines(r.log), COOKING)
    e.matches('label (a lane per generator)', r.label, /^Timeline: 3 lanes, \d+ ms$/)
  }),
  'futures-gather-py': check((e, r) => {
    e.equal('completion order', finishedOrder(r.log), FINISHED)
    e.contains('results', r.log, 'in start order: /a 200, /b 200, /c 200, /d 200, /e 200')
    e.equal('lanes', lanesOf(r.label), 5)
    e.below('wall ms (the slowest call, not the 2.6 s sum)', number(r.label, /(\d+) ms/), 1300)
  }),
  'futures-wait-py': check((e, r) => {
    e.matches('FIRST_COMPLETED', r.log, /FIRST_COMPLETED after \d+ ms:\n\s*\/fast ok\n/)
    e.matches('FIRST_EXCEPTION', r.log, /FIRST_EXCEPTION after \d+ ms:\n\s*\/fast ok, \/bad ValueError\n/)
    e.matches('ALL_COMPLETED', r.log, /ALL_COMPLETED after \d+ ms:\n\s*\/fast ok, \/bad ValueError, \/slow ok/)
    e.below('FIRST_COMPLETED ms', number(r.log, /FIRST_COMPLETED after (\d+) ms/), 450)
    e.atLeast('FIRST_EXCEPTION ms', number(r.log, /FIRST_EXCEPTION after (\d+) ms/), 550)
    e.below('FIRST_EXCEPTION ms', number(r.log, /FIRST_EXCEPTION after (\d+) ms/), 800)
    e.atLeast('ALL_COMPLETED ms', number(r.log, /ALL_COMPLETED after (\d+) ms/), 850)
  }),
  'futures-cancel-py': check((e, r) => {
    e.contains('first', r.log, 'first done: 300')
    e.below('1200 ms job cancelled at', number(r.log, /1200 ms job: cancelled at (\d+) ms/), 450)
    e.below('2500 ms job cancelled at', number(r.log, /2500 ms job: cancelled at (\d+) ms/), 450)
    e.below('all ended ms', number(r.log, /all ended after (\d+) ms: done, cancelled, cancelled/), 600)
    e.below('wall ms (not 2500)', number(r.label, /(\d+) ms/), 1000)
  }),
  'futures-timeout-py': check((e, r) => {
    e.below('300 ms job', number(r.log, /300 ms job: finished after (\d+) ms/), 450)
    e.atLeast('2000 ms job timed out at', number(r.log, /2000 ms job: TimeoutError after (\d+) ms/), 490)
    e.below('2000 ms job timed out at', number(r.log, /2000 ms job: TimeoutError after (\d+) ms/), 800)
  }),
  'http-calls-py': check((e, r) => {
    e.equal('groups', r.groups.map(g => [g.name, g.lanes]), [['sequential', 4], ['one loop', 4]])
    e.atLeast('sequential ms', r.groups[0]?.ms, 1950)
    e.above('one loop speedup', r.groups[1]?.speedup, 3)
  }),
}

function stylesPoint(e: Expectations, r: CellRun) {
  e.contains('total', r.log, 'total 3072')
  e.equal('calls', r.log.match(/: 1024 bytes/g)?.length, 3)
  e.below('wall ms (the slowest call, not the sum)', r.groups[0]?.ms, 1000)
}

// ---- CPU demos, each run the moment its slide first shows (a fresh page) ----

/** The deck said a mode was slowed by other work on the machine (no speedup stated against it). */
export const flagged = (r: CellRun): boolean => /Not a fair measurement/.test(r.log)

/**
 * A run the deck flagged as slowed, checked for its honesty only: it ended `done`, names the
 * modes other work slowed, and says it states no speedup against them.
 */
export function honestlyFlagged(r: CellRun): string[] {
  const out: string[] = []
  if (r.state !== 'done') out.push(`state ${r.state}`)
  if (!/other work on this machine slowed "[^"]+"[^\n]* so no speedup against (it|them) is shown/.test(r.log)) out.push('the flag does not say which modes were slowed and that no speedup is stated against them')
  return out.length ? [`${out.join('; ')} <- ${summary(r)}`] : []
}

/** Every speedup the run states, on the timeline or in its printed lines, with its lanes where known. */
export function statedSpeedups(r: CellRun): Array<{ where: string, speedup: number, lanes?: number }> {
  const out: Array<{ where: string, speedup: number, lanes?: number }> = []
  for (const g of r.groups) if (g.speedup !== undefined) out.push({ where: `timeline ${g.name}`, speedup: g.speedup, lanes: g.lanes })
  for (const m of r.log.matchAll(/^(.*): \d+ ms \(([\d.]+)x\)$/gm)) out.push({ where: `printed ${m[1]}`, speedup: Number(m[2]) })
  return out
}
const modeMs = (r: CellRun, mode: string) => Number(new RegExp(`^${mode}: (\\d+) ms`, 'm').exec(r.log)?.[1] ?? Number.NaN)
/** gil-cpu's speedup without a GIL, from its timeline. */
const noGil = (r: CellRun) => r.groups.find(g => g.name === 'threads, no GIL')?.speedup

/** The run stated no computing speedup above min(lanes, cores) × 1.05 (waiting speedups are per lane). */
function noImpossibleSpeedup(e: Expectations, r: CellRun, cores: number, computing: (where: string) => boolean) {
  for (const s of statedSpeedups(r).filter(s => computing(s.where)))
    e.atMost(`${s.where} speedup (cores ${cores})`, s.speedup, Math.min(s.lanes ?? cores, cores) * 1.05)
}

/** A real gain from the pool, below the ideal: the page's thread and the snippet's worker share the cores with it. */
export const POOL_AT_LEAST = 0.65

export interface CpuPoint {
  /** What a shared machine's other load can spoil: a spec retries a fresh page until this holds. */
  fair: (r: CellRun, m: Machine) => boolean
  /** Everything the slide claims. */
  check: Check
  /** Elements to count in the finished cell (selector inside the cell). */
  count?: Record<string, string>
}

const gilThreads = (cores: number) => Math.max(2, Math.min(cores, 4))
const amdahlWorkers = (cores: number) => Math.max(2, Math.min(cores, 8))

export const cpuPoints: Record<string, CpuPoint> = {
  'processes-pool': {
    fair: (r, { cores }) => !flagged(r) && (statedSpeedups(r)[0]?.speedup ?? 0) >= POOL_AT_LEAST * Math.min(2, cores),
    check: check((e, r, { cores }) => {
      noImpossibleSpeedup(e, r, cores, () => true)
      e.that(!flagged(r), 'flagged as slowed by other work')
      e.equal('the same answer both ways (primes: 664579)', r.log.match(/primes: 664579/g)?.length, 2)
      const pool = r.groups.find(g => g.name.startsWith('pool'))
      e.equal('pool lanes (one worker per core)', pool?.lanes, cores)
      e.atLeast('pool speedup', pool?.speedup, POOL_AT_LEAST * Math.min(pool?.lanes ?? cores, cores))
    }),
  },
  'gil-cpu': {
    fair: (r, { cores }) => {
      const n = gilThreads(cores)
      return !flagged(r) && Math.abs(modeMs(r, 'one thread') - 500 * n) <= 50 * n && (cores < 2 || (noGil(r) ?? 0) > 1.3)
    },
    check: check((e, r, { cores }) => {
      const n = gilThreads(cores)
      noImpossibleSpeedup(e, r, cores, where => !/GIL/.test(where) || /no GIL/.test(where))
      e.that(!flagged(r), 'flagged as slowed by other work')
      e.atLeast(`one thread ms (burn(500) × ${n})`, modeMs(r, 'one thread'), 450 * n)
      e.atMost(`one thread ms (burn(500) × ${n})`, modeMs(r, 'one thread'), 550 * n)
      const gil = r.groups.find(g => g.name === 'threads + GIL')?.speedup
      e.atMost('threads + GIL speedup', gil, 1.15)
      e.above('threads + GIL speedup (the GIL costs a little, it does not halve the speed)', gil, 0.6)
      if (cores >= 2) e.above('threads, no GIL speedup', noGil(r), 1.3)
      // The hand-offs show: waits for the lock are drawn hatched on the threads' lanes.
      e.above('hatched bars (waits for the lock)', r.counts?.hatched, 0)
    }),
    count: { hatched: 'svg[role="img"] rect[fill^="url("]' },
  },
  'http-parse': {
    fair: r => !flagged(r) && Math.abs(modeMs(r, 'sequential') - 2400) <= 240,
    check: check((e, r, { cores }) => {
      noImpossibleSpeedup(e, r, cores, where => /workers/.test(where))
      e.that(!flagged(r), 'flagged as slowed by other work')
      e.atLeast('sequential ms (8 × (100 ms wait + 200 ms parse))', modeMs(r, 'sequential'), 2160)
      e.atMost('sequential ms (8 × (100 ms wait + 200 ms parse))', modeMs(r, 'sequential'), 2640)
      // One loop overlaps the waits, not the parsing: at most 2400 / 1600.
      e.atMost('one loop speedup', r.groups.find(g => g.name === 'one loop')?.speedup, 1.6)
    }),
  },
  'io-vs-cpu': {
    fair: r => !flagged(r) && Math.abs(modeMs(r, 'work, in turn') - 1500) <= 150,
    check: check((e, r) => {
      e.that(!flagged(r), 'flagged as slowed by other work')
      for (const mode of ['work, in turn', 'work, at once']) {
        e.atLeast(`${mode} ms`, modeMs(r, mode), 1350)
        e.atMost(`${mode} ms`, modeMs(r, mode), 1650)
      }
      e.atMost('work, at once speedup', r.groups.find(g => g.name === 'work, at once')?.speedup, 1.05)
      e.above('waits, at once speedup', r.groups.find(g => g.name === 'waits, at once')?.speedup, 2.5)
    }),
  },
  'amdahl': {
    fair: r => !flagged(r),
    check: check((e, r, { cores }) => {
      e.that(!flagged(r), 'flagged as slowed by other work')
      const n = amdahlWorkers(cores)
      const points = /measured ([^;]+);/.exec(r.label)?.[1].split(', ').map(p => p.split(': ').map(Number)) ?? []
      e.equal('a point per worker count', points.map(p => p[0]), [...Array(n).keys()].map(i => i + 1))
      e.equal('points drawn beside the fitted curve', r.counts?.dots, n)
      for (const [workers, speedup] of points) e.atMost(`measured speedup with ${workers} workers`, speedup, Math.min(workers, cores) * 1.05)
      // Below 1: not the 0.99 of a slowed first point.
      e.matches('the fit', r.log, new RegExp(`measured up to ${n} workers: p ≈ 0\\.\\d\\d\\n`))
      e.matches('the ceiling, two significant figures', r.log, /never above ≈ \d+(\.\d)?x/)
      e.that(!/Infinity|\d\.\d{3}/.test(r.log), 'no Infinity, no three decimals')
    }),
    count: { dots: '.live-cell__timeline svg[role="img"] circle.point' },
  },
}

/** One line per run for a test's message: the output, lines joined. */
export const summary = (r: CellRun): string => `${r.state ? `[${r.state}] ` : ''}${r.log.replace(/\n/g, ' / ')}`

// ---- Without shared memory ----

/** Cells whose code needs SharedArrayBuffer: block() (Atomics.wait) or threads(). */
export const NEEDS_SHARED_MEMORY = ['blocking-vs-awaiting', 'race-counter', 'gil-cpu', 'gil-io']

/**
 * A cell that needs shared memory, on a page without it: it ends in `error`, and one line
 * says it needs SharedArrayBuffer and the real cause: the page is not cross-origin
 * isolated, or it is and the browser still gives no SharedArrayBuffer.
 */
export function sharedMemoryRefused(r: CellRun, page: { isolated: boolean }): string[] {
  const e = new Expectations()
  e.equal('state', r.state, 'error')
  const said = r.log.split('\n').filter(l => /SharedArrayBuffer/.test(l))
  e.equal('lines that name SharedArrayBuffer', said.length, 1)
  const cause = page.isolated ? /does not provide SharedArrayBuffer/ : /not cross-origin isolated/
  e.that(said.some(l => cause.test(l)), `the line names the cause (${cause}): ${JSON.stringify(said)}`)
  if (page.isolated) e.that(!said.some(l => /not cross-origin isolated/.test(l)), 'the page is cross-origin isolated: the line must not say it is not')
  return e.missed
}

// ---- What Stop says ----

/** Stop of a Python cell that was computing, by KeyboardInterrupt (a SharedArrayBuffer interrupt buffer). */
export const PY_STOPPED_BY_INTERRUPT = 'Stopped: KeyboardInterrupt raised in the cell.'
/** Stop of a Python cell that swallowed the interrupt, or on a page without one: a fresh interpreter. */
export const PY_RESTARTED = /Stopped: the Python interpreter was restarted \(a fresh start took (\d+\.\d s)\)\./
