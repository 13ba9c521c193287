import type { GroupMessage, PlotMessage, Rates, SpanMessage } from '../../protocol'
import type { RuntimeHost } from './host'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { installRuntime, type Runtime } from './runtime'
import { calibrateRates } from './work'

// Real timers and real CPU work: give a loaded machine room.
vi.setConfig({ testTimeout: 20_000 })

type Emitted = SpanMessage | GroupMessage | PlotMessage
const g = globalThis as unknown as Record<string, unknown>
/** The globals installRuntime puts on the global scope, restored (or removed) after each test. */
const INSTALLED = ['setTimeout', 'clearTimeout', 'sleep', 'block', 'burn', 'countPrimes', 'request', 'task', 'checkpoint', 'compare', 'plot', 'parallel', 'threads', 'machine', 'crossOriginIsolated']
let saved: Map<string, PropertyDescriptor | undefined>
let logged: string[]
let realLog: typeof console.log

/** A free core's rates, measured once on this machine (the runtime's own measurement, shortened). */
let measured: Rates

function fakeHost(rates: Rates = measured): RuntimeHost & { emitted: Emitted[] } {
  const emitted: Emitted[] = []
  return {
    id: 1,
    lane: 'main',
    maxLines: 100,
    cores: 2,
    slices: [],
    rates,
    emitted,
    emit: msg => emitted.push(msg),
    forward: () => {},
  }
}

const spans = (host: { emitted: Emitted[] }) => host.emitted.filter((m): m is SpanMessage => m.type === 'span').map(m => m.span)
const groups = (host: { emitted: Emitted[] }) => host.emitted.filter((m): m is GroupMessage => m.type === 'group')

let host: ReturnType<typeof fakeHost>
let runtime: Runtime

beforeAll(() => {
  measured = calibrateRates({ warmupMs: 100, ms: 100 })
})

beforeEach(() => {
  saved = new Map(INSTALLED.map(k => [k, Object.getOwnPropertyDescriptor(globalThis, k)]))
  // Node 20 has no `navigator`; the runtime reads the cores and the user agent from it.
  vi.stubGlobal('navigator', { hardwareConcurrency: 2, userAgent: 'vitest' })
  logged = []
  realLog = console.log
  console.log = (...args: unknown[]) => { logged.push(args.join(' ')) }
  host = fakeHost()
  runtime = installRuntime(host)
})

afterEach(() => {
  console.log = realLog
  for (const [k, d] of saved) {
    if (d) Object.defineProperty(globalThis, k, d)
    else delete g[k]
  }
  vi.unstubAllGlobals()
})

describe('installRuntime: the globals a snippet calls', () => {
  it('puts the snippet API on the global scope, with the machine facts', () => {
    for (const name of ['sleep', 'block', 'burn', 'countPrimes', 'request', 'task', 'compare', 'plot', 'parallel', 'threads', 'checkpoint']) {
      expect(typeof g[name], name).toBe('function')
    }
    expect(machine).toEqual({ cores: 2, reportedCores: 2, crossOriginIsolated: false, userAgent: 'vitest' })
    expect(Object.isFrozen(machine)).toBe(true)
    expect(globalThis.setTimeout).not.toBe(saved.get('setTimeout')?.value) // wrapped, restored after
  })

  it('sleep(50) waits about 50 ms without computing', async () => {
    const t0 = performance.now()
    await sleep(50)
    const ms = performance.now() - t0
    expect(ms).toBeGreaterThanOrEqual(48)
    expect(ms).toBeLessThan(500)
    expect(runtime.meter.read().cpu).toBe(0)
    expect(runtime.meter.read().io).toBeGreaterThanOrEqual(48)
  })

  it('idle() waits for the timers a snippet left running, and a cleared timer is not waited for', async () => {
    let fired = false
    setTimeout(() => { fired = true }, 60)
    const never = setTimeout(() => { throw new Error('cleared, must not fire') }, 5000)
    clearTimeout(never)
    const t0 = performance.now()
    await runtime.idle()
    expect(fired).toBe(true)
    const ms = performance.now() - t0
    expect(ms).toBeGreaterThanOrEqual(55)
    expect(ms).toBeLessThan(2000) // not the 5 s of the cleared one
  })

  it('idle() waits for a task and the sleep inside it', async () => {
    let done = false
    void task('later', async () => { await sleep(40); done = true })
    await runtime.idle()
    expect(done).toBe(true)
  })

  it('task records a span on its lane with its label: io for a sleep inside', async () => {
    const value = await task('fetch user', async () => { await sleep(50); return 42 })
    expect(value).toBe(42)
    const [span, ...rest] = spans(host)
    expect(rest).toEqual([])
    expect(span).toMatchObject({ lane: 'main', label: 'fetch user', kind: 'io' })
    expect(span.end - span.start).toBeGreaterThanOrEqual(48)
    expect(span.group).toBeUndefined()
  })

  it('task records cpu for a burn inside, and carries the compare mode as its group', async () => {
    host.group = 'sequential'
    await task('crunch', () => burn(30))
    expect(spans(host)).toEqual([expect.objectContaining({ lane: 'main', label: 'crunch', kind: 'cpu', group: 'sequential' })])
  })

  it('task still records its span when its function throws, and rejects with the error', async () => {
    await expect(task('fails', () => { throw new RangeError('nope') })).rejects.toThrow('nope')
    expect(spans(host).map(s => s.label)).toEqual(['fails'])
  })

  it('request returns a body of the asked size after its latency', async () => {
    const t0 = performance.now()
    const res = await request('/api/users', { latency: 80, bytes: 300 })
    const ms = performance.now() - t0
    expect(ms).toBeGreaterThanOrEqual(78)
    expect(res).toMatchObject({ url: '/api/users', status: 200, bytes: 300 })
    expect(res.body).toHaveLength(300)
    expect(JSON.parse(res.body)).toEqual({ url: '/api/users', ok: true })
    expect(res.ms).toBeGreaterThanOrEqual(78)
    const tiny = await request('/x', { latency: 1, bytes: 5 })
    expect(tiny.body).toBe('{"url')
  })

  it('burn(ms) leaves a work slice on its lane worth ms of a free core', () => {
    burn(40)
    expect(host.slices).toHaveLength(1)
    const [s] = host.slices
    expect(s.lane).toBe('main')
    expect(s.work).toBeCloseTo(40, 0)
    expect(s.busy).toBeGreaterThan(0)
    expect(s.end).toBeGreaterThan(s.start)
    expect(runtime.meter.read().cpu).toBeCloseTo(s.busy, 3)
  })

  it('burn(0) does no work and leaves no slice', () => {
    burn(0)
    expect(host.slices).toEqual([])
  })

  it('countPrimes(0, 1e5) is 9592, and leaves a work slice', () => {
    expect(countPrimes(0, 1e5)).toBe(9592)
    expect(countPrimes(0, 10)).toBe(4)
    expect(countPrimes(10, 20)).toBe(4) // 11 13 17 19
    expect(host.slices.length).toBeGreaterThan(0)
    expect(host.slices[0].work).toBeGreaterThan(0)
  })

  it('plot sends the chart, copied', () => {
    const spec = { title: 'speedup', x: 'workers', y: 'x', series: [{ name: 'measured', points: [[1, 1], [2, 1.9]] as Array<[number, number]>, style: 'points' as const }] }
    plot(spec)
    expect(host.emitted).toEqual([{ type: 'plot', id: 1, plot: spec }])
    expect((host.emitted[0] as PlotMessage).plot).not.toBe(spec)
  })

  it('plot with a bad spec throws a TypeError that says what it needs', () => {
    const needs = 'plot() needs { title, x, y, series: [{ name, points }] }'
    const call = (spec: unknown) => () => (plot as (s: unknown) => void)(spec)
    expect(call({ title: 't', x: 'a', y: 'b' })).toThrow(new TypeError(needs))
    expect(call({ title: 't', x: 'a', y: 'b', series: 'no' })).toThrow(new TypeError(needs))
    expect(call(null)).toThrow(new TypeError(needs))
    expect(call(undefined)).toThrow(new TypeError(needs))
    expect(host.emitted).toEqual([])
  })

  it('block throws a clear error when the page is not cross-origin isolated', () => {
    expect(globalThis.crossOriginIsolated).not.toBe(true)
    expect(() => block(10)).toThrow(/^block\(\) needs SharedArrayBuffer, but this page is not cross-origin isolated/)
  })

  it('block blocks the thread when isolated, and a task around it is a wait', async () => {
    g.crossOriginIsolated = true
    const t0 = performance.now()
    await task('blocking', () => block(40))
    expect(performance.now() - t0).toBeGreaterThanOrEqual(38)
    expect(runtime.meter.read().blocked).toBeGreaterThanOrEqual(38)
    expect(spans(host)).toEqual([expect.objectContaining({ label: 'blocking', kind: 'wait' })])
  })
})

describe('compare', () => {
  it('runs the modes in turn as groups, the later ones against the first, prints walls and speedups, and returns them', async () => {
    const walls = await compare({ a: () => sleep(80), b: () => sleep(40) })
    const [aStart, aEnd, bStart, bEnd] = groups(host)
    expect(groups(host)).toHaveLength(4)
    expect(aStart).toEqual({ type: 'group', id: 1, group: 'a', start: expect.any(Number) })
    expect(aEnd).toEqual({ ...aStart, end: expect.any(Number) })
    expect(bStart).toEqual({ type: 'group', id: 1, group: 'b', start: expect.any(Number), baseline: 'a' })
    expect(bEnd).toEqual({ ...bStart, end: expect.any(Number) })
    expect(aEnd.end! - aStart.start).toBeGreaterThanOrEqual(78)
    expect(bStart.start).toBeGreaterThanOrEqual(aEnd.end!)
    expect(walls.a).toBeGreaterThanOrEqual(78)
    expect(walls.b).toBeGreaterThanOrEqual(38)
    expect(walls.b).toBeLessThan(walls.a)
    expect(logged).toHaveLength(2)
    expect(logged[0]).toBe(`a: ${walls.a} ms`)
    expect(logged[1]).toMatch(new RegExp(`^b: ${walls.b} ms \\((\\d+\\.\\d{2})x\\)$`))
    const speedup = Number(/\((\d+\.\d{2})x\)/.exec(logged[1])![1])
    expect(speedup).toBeCloseTo(walls.a / walls.b, 1) // the first mode's wall over this one's
    expect(speedup).toBeGreaterThan(1.1)
    expect(speedup).toBeLessThan(3)
    expect(host.group).toBeUndefined() // back to the run itself
  })

  it('tags the spans of each mode with its group', async () => {
    await compare({ one: () => task('t1', () => sleep(5)), two: () => task('t2', () => sleep(5)) })
    expect(spans(host).map(s => [s.label, s.group])).toEqual([['t1', 'one'], ['t2', 'two']])
  })

  it('ends a mode that throws with its end marker and printed line, then rejects', async () => {
    await expect(compare({ ok: () => sleep(1), bad: () => { throw new Error('mode failed') }, never: () => sleep(1) })).rejects.toThrow('mode failed')
    expect(groups(host).map(m => [m.group, m.end === undefined ? 'start' : 'end'])).toEqual([['ok', 'start'], ['ok', 'end'], ['bad', 'start'], ['bad', 'end']])
    expect(logged.map(l => l.split(':')[0])).toEqual(['ok', 'bad'])
  })

  it('says a mode whose calibrated work was slowed is not fair, leaves it out of the walls, and states no speedup against it', async () => {
    // Rates three times a free core's: each burn does three times the work it should, so
    // its work goes at about a third of the expected speed, as if other work had slowed it.
    const slow = fakeHost({ burn: measured.burn * 3, primes: measured.primes * 3 })
    installRuntime(slow)
    const walls = await compare({ a: () => burn(120), b: () => sleep(20) })
    const [, aEnd, , bEnd] = groups(slow)
    expect(aEnd.group).toBe('a')
    expect(aEnd.pace).toBeDefined()
    expect(aEnd.pace!.workMs).toBeCloseTo(120, 0)
    expect(aEnd.pace!.speed).toBeLessThan(0.8)
    expect(aEnd.pace!.speed).toBeGreaterThan(0.05)
    expect(bEnd.pace).toBeUndefined() // no calibrated work: nothing to judge
    expect(Object.keys(walls)).toEqual(['b'])
    expect(logged[0]).toMatch(/^a: \d+ ms \(slowed by other work: \d+% of a free core's speed\)$/)
    expect(logged[1]).toMatch(/^b: \d+ ms \(no speedup shown: "a" was not measured fairly\)$/)
  })

  it('judges a mode with enough calibrated work by its pace: a wall and a plain line when fair, a note and no wall when not', async () => {
    const walls = await compare({ solo: () => burn(120) })
    const [, end] = groups(host)
    expect(end.pace!.workMs).toBeCloseTo(120, 0)
    const { speed } = end.pace!
    expect(speed).toBeGreaterThan(0)
    // Near 1 on a free core; a busy machine may slow it, and then it must say so.
    if (speed >= 0.8 && speed <= 1.15) {
      expect(walls).toEqual({ solo: expect.any(Number) })
      expect(logged).toEqual([`solo: ${walls.solo} ms`])
    } else {
      expect(walls).toEqual({})
      expect(logged[0]).toMatch(/^solo: \d+ ms \((slowed by other work|ran at \d+% of the measured core speed)/)
    }
  })
})
