import { describe, expect, it } from 'vitest'
import { Background } from './background'

const tick = () => new Promise(r => setTimeout(r, 0))
function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>(r => { resolve = r })
  return { promise, resolve }
}

describe('Background: the deck\'s own work and the runs it must not share the cores with', () => {
  it('makes a run that computes wait for work in flight, telling it what it waits for', async () => {
    const bg = new Background()
    const ls = deferred()
    void bg.track('starting the language service', ls.promise)
    const told: string[] = []
    let started = false
    const run = bg.acquire(true, what => told.push(what)).then((release) => { started = true; return release })
    await tick()
    expect(started).toBe(false)
    expect(told).toEqual(['starting the language service'])
    ls.resolve()
    const release = await run
    expect(started).toBe(true)
    expect(bg.running).toBe(true)
    release!()
    expect(bg.running).toBe(false)
  })

  it('lets a run that does not compute start at once, and holds the steps until it ends', async () => {
    const bg = new Background()
    const release = bg.hold()
    let stepRan = false
    const step = bg.step('compiling the snippets', () => { stepRan = true })
    await tick()
    expect(stepRan).toBe(false) // pre-empted: it waits for the run
    release()
    await step
    expect(stepRan).toBe(true)
  })

  it('pre-empts only the steps that have not started: one in flight finishes, and the run waits for it', async () => {
    const bg = new Background()
    const editor = deferred()
    const first = bg.step('building the editors', () => editor.promise)
    await tick()
    expect(bg.busy).toBe('building the editors')
    let second = false
    const next = first.then(() => bg.step('building the editors', () => { second = true }))
    const run = bg.acquire(true)
    editor.resolve()
    const release = await run
    await tick()
    expect(second).toBe(false)
    release!()
    await next
    expect(second).toBe(true)
  })

  it('gives up waiting when the run is stopped, holding nothing', async () => {
    const bg = new Background()
    void bg.track('starting the language service', new Promise(() => {}))
    const stop = new AbortController()
    const run = bg.acquire(true, () => {}, stop.signal)
    stop.abort()
    expect(await run).toBeUndefined()
    expect(bg.running).toBe(false)
  })

  it('counts each run that holds the machine once, however often it is released', () => {
    const bg = new Background()
    const a = bg.hold()
    const b = bg.hold()
    a()
    a()
    expect(bg.running).toBe(true)
    b()
    expect(bg.running).toBe(false)
  })
})
