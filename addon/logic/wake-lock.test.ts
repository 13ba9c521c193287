import { describe, expect, it } from 'vitest'
import { isRefusedWakeLock, quietWakeLockRefusals } from './wake-lock'

type Listener = (event: { reason: unknown, preventDefault: () => void }) => void

function page(answer: () => Promise<unknown>) {
  const listeners: Listener[] = []
  const wakeLock = { request: (_type?: 'screen') => answer() }
  const target = { navigator: { wakeLock }, addEventListener: (_: 'unhandledrejection', l: Listener) => { listeners.push(l) } }
  /** Dispatches an unhandled rejection as the browser would; true if it was cancelled (not reported). */
  const unhandled = (reason: unknown) => {
    let cancelled = false
    for (const l of listeners) l({ reason, preventDefault: () => { cancelled = true } })
    return cancelled
  }
  return { target, wakeLock, unhandled, listeners }
}
const refusal = () => Object.assign(new Error('Permission was denied'), { name: 'NotAllowedError' })

describe('a refused wake lock', () => {
  it('still rejects for whoever handles it, marked as a refusal', async () => {
    const p = page(() => Promise.reject(refusal()))
    quietWakeLockRefusals(p.target)
    const error = await p.wakeLock.request('screen').catch((e: Error) => e) as Error
    expect(error.message).toBe('Permission was denied')
    expect(isRefusedWakeLock(error)).toBe(true)
  })

  it('left unhandled, is noted, not reported as a page error', async () => {
    const p = page(() => Promise.reject(refusal()))
    const noted: unknown[] = []
    quietWakeLockRefusals(p.target, r => noted.push(r))
    const error = await p.wakeLock.request('screen').catch(e => e)
    expect(p.unhandled(error)).toBe(true)
    expect(noted).toEqual([error])
  })

  it('other rejections stay errors: another error from the wake lock, or any other promise', async () => {
    const p = page(() => Promise.reject(new TypeError('bad type')))
    quietWakeLockRefusals(p.target)
    const other = await p.wakeLock.request('screen').catch(e => e)
    expect(isRefusedWakeLock(other)).toBe(false)
    expect(p.unhandled(other)).toBe(false)
    expect(p.unhandled(refusal())).toBe(false) // a NotAllowedError from anything else
    expect(p.unhandled(undefined)).toBe(false)
  })

  it('a granted lock is passed through; installed once; nothing without a wake lock', async () => {
    const sentinel = { type: 'screen' }
    const p = page(() => Promise.resolve(sentinel))
    quietWakeLockRefusals(p.target)
    quietWakeLockRefusals(p.target)
    expect(p.listeners).toHaveLength(1)
    expect(await p.wakeLock.request('screen')).toBe(sentinel)
    expect(() => quietWakeLockRefusals({ navigator: {}, addEventListener: () => { throw new Error('no') } })).not.toThrow()
  })
})
