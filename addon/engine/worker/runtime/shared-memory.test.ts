import { afterEach, describe, expect, it, vi } from 'vitest'
import { withoutSharedMemory } from './shared-memory'

afterEach(() => vi.unstubAllGlobals())

describe('withoutSharedMemory: the real reason a shared-memory call cannot run', () => {
  it('is nothing on an isolated page with SharedArrayBuffer', () => {
    vi.stubGlobal('crossOriginIsolated', true)
    expect(withoutSharedMemory('threads()')).toBeUndefined()
  })
  it('names the missing isolation on a page that is not isolated', () => {
    vi.stubGlobal('crossOriginIsolated', false)
    expect(withoutSharedMemory('block()')).toMatch(/^block\(\) needs SharedArrayBuffer, but this page is not cross-origin isolated: /)
  })
  it('names the browser, not the page, when an isolated page has no SharedArrayBuffer (WebKit without it switched on)', () => {
    vi.stubGlobal('crossOriginIsolated', true)
    vi.stubGlobal('SharedArrayBuffer', undefined)
    const reason = withoutSharedMemory('threads()')!
    expect(reason).toMatch(/^threads\(\) needs shared memory, and this browser does not provide SharedArrayBuffer even on this cross-origin isolated page/)
    expect(reason).not.toMatch(/\n/)
  })
})
