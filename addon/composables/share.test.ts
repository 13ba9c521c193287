import { describe, expect, it } from 'vitest'
import { MAX_SHARE_CHARS, readShare, shareLink } from './share'

const page = 'https://example.org/talk/9'

describe('share links', () => {
  it('round-trip a cell\'s code through the fragment', () => {
    const code = 'await compare({\n  a: () => sleep(100), // ü, ✓ and "quotes"\n})\n'
    const link = shareLink(page, 'io-vs-cpu', code)
    expect(link.ok).toBe(true)
    if (!link.ok) return
    const url = new URL(link.url)
    expect(url.pathname).toBe('/talk/9')
    expect(url.search).toBe('')
    expect(readShare(url.hash)).toEqual({ cell: 'io-vs-cpu', code })
  })

  it('ignore fragments that are not share links', () => {
    expect(readShare('')).toBeUndefined()
    expect(readShare('#3')).toBeUndefined()
  })

  it('explain a cut or damaged link instead of breaking', () => {
    const link = shareLink(page, 'io-vs-cpu', 'console.log(1)')
    if (!link.ok) throw new Error('unexpected')
    const hash = new URL(link.url).hash
    expect(readShare(hash.slice(0, hash.indexOf(':') + 3))).toMatchObject({ error: expect.stringMatching(/cut short/) })
    expect(readShare('#share=:abc')).toMatchObject({ error: expect.stringMatching(/no cell/) })
    expect(readShare(`#share=x:${'A'.repeat(MAX_SHARE_CHARS + 1)}`)).toMatchObject({ error: expect.stringMatching(/too long/) })
  })

  it('refuse to make a link for code too long to travel', () => {
    let big = ''
    for (let i = 0; big.length < 40_000; i++) big += `${Math.sin(i)}${i.toString(36)}\n`
    const link = shareLink(page, 'x', big)
    expect(link.ok).toBe(false)
    if (!link.ok) expect(link.reason).toMatch(/too long/)
  })
})
