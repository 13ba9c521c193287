import { describe, expect, it } from 'vitest'
import { isSlidePath, leadingIndent, slideAtLine, viewQuery, wantsReading } from './reading'

describe('the reading view', () => {
  const facts = (search: string, narrowPortrait: boolean, slidePath = true) => ({ query: new URLSearchParams(search), narrowPortrait, slidePath })

  it('shows on a narrow portrait screen, and not on a wide or landscape one', () => {
    expect(wantsReading(facts('', true))).toBe(true)
    expect(wantsReading(facts('?viewer', true))).toBe(true)
    expect(wantsReading(facts('', false))).toBe(false)
  })

  it('?read asks for it anywhere, ?slides for the slides; read wins', () => {
    expect(wantsReading(facts('?read', false))).toBe(true)
    expect(wantsReading(facts('?slides', true))).toBe(false)
    expect(wantsReading(facts('?slides&read', true))).toBe(true)
    expect(wantsReading({ query: { read: null }, narrowPortrait: false, slidePath: true })).toBe(true)
    expect(wantsReading({ query: { read: undefined }, narrowPortrait: false, slidePath: true })).toBe(false)
  })

  it('never for the exporter, an embedded preview, or a page that is not a slide\'s', () => {
    expect(wantsReading(facts('?print', true))).toBe(false)
    expect(wantsReading(facts('?read&embedded', true))).toBe(false)
    expect(wantsReading(facts('?read', true, false))).toBe(false)
  })

  it('knows a slide\'s address, at the root or under a sub-path', () => {
    for (const path of ['/', '/5', '/5/', '/5/index.html', '/index.html']) expect(isSlidePath(path), path).toBe(true)
    for (const path of ['/talk/', '/talk/12', '/talk/12/']) expect(isSlidePath(path, '/talk/'), path).toBe(true)
    for (const path of ['/presenter/5', '/overview', '/print', '/export/3']) expect(isSlidePath(path), path).toBe(false)
    expect(isSlidePath('/talk/presenter/2', '/talk/')).toBe(false)
  })

  it('switches the view in the query, keeping the rest', () => {
    expect(viewQuery({ viewer: null, slides: null, clicks: '2' }, 'read')).toEqual({ viewer: null, clicks: '2', read: null })
    expect(viewQuery({ read: null }, 'slides')).toEqual({ slides: null })
  })

  it('counts a line\'s indentation', () => {
    expect(leadingIndent('    return pot')).toBe(4)
    expect(leadingIndent('\tx')).toBe(2)
    expect(leadingIndent('x  ')).toBe(0)
    expect(leadingIndent('')).toBe(0)
  })

  it('finds the slide at the reading line', () => {
    const tops = [{ no: 1, top: 0 }, { no: 2, top: 800 }, { no: 3, top: 1500 }]
    expect(slideAtLine(tops, 100)).toBe(1)
    expect(slideAtLine(tops, 800)).toBe(2)
    expect(slideAtLine(tops, 5000)).toBe(3)
    expect(slideAtLine([{ no: 4, top: 300 }], 100)).toBe(4)
    expect(slideAtLine([], 0)).toBe(1)
  })
})
