import { describe, expect, it } from 'vitest'
import { decideMode } from './mode'

const at = (url: string, extra = {}) => {
  const u = new URL(url)
  return { search: u.search, pathname: u.pathname, hostname: u.hostname, ...extra }
}

describe('who is looking at the deck', () => {
  it('a hosted link is a viewer\'s; the speaker\'s own machine, the presenter view and the dev server are the speaker\'s', () => {
    expect(decideMode(at('https://example.org/talk/5')).mode).toBe('viewer')
    expect(decideMode(at('http://127.0.0.1:4173/5')).mode).toBe('speaker')
    expect(decideMode(at('http://localhost:3030/5')).mode).toBe('speaker')
    expect(decideMode(at('https://example.org/talk/presenter/5')).mode).toBe('speaker')
    expect(decideMode(at('https://example.org/talk/5', { dev: true })).mode).toBe('speaker')
  })

  it('?speaker and ?viewer decide, and are kept; a kept choice decides after', () => {
    expect(decideMode(at('https://example.org/talk/5?speaker'))).toEqual({ mode: 'speaker', keep: 'speaker' })
    expect(decideMode(at('http://127.0.0.1:4173/5?viewer'))).toEqual({ mode: 'viewer', keep: 'viewer' })
    expect(decideMode(at('https://example.org/talk/5', { saved: 'speaker' }))).toEqual({ mode: 'speaker' })
    expect(decideMode(at('http://127.0.0.1:4173/5', { saved: 'viewer' })).mode).toBe('viewer')
    expect(decideMode(at('https://example.org/talk/5', { saved: 'nonsense' })).mode).toBe('viewer')
  })

  it('a page that opens as the reading view is a viewer\'s, even on the speaker\'s machine, unless ?speaker or a kept choice says otherwise', () => {
    expect(decideMode(at('http://127.0.0.1:4173/5', { reading: true })).mode).toBe('viewer')
    expect(decideMode(at('http://localhost:3030/5', { reading: true, dev: true })).mode).toBe('viewer')
    expect(decideMode(at('http://127.0.0.1:4173/5?speaker', { reading: true })).mode).toBe('speaker')
    expect(decideMode(at('http://127.0.0.1:4173/5', { reading: true, saved: 'speaker' })).mode).toBe('speaker')
    expect(decideMode(at('http://127.0.0.1:4173/5', { reading: true })).keep).toBeUndefined()
  })
})
