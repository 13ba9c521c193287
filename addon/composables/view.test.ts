import { describe, expect, it } from 'vitest'
import { isPrintView } from './view'

describe('print view', () => {
  it('is the exporter\'s ?print pages and the export route', () => {
    expect(isPrintView({ search: '?print=true', pathname: '/print' })).toBe(true)
    expect(isPrintView({ search: '?print', pathname: '/5' })).toBe(true)
    expect(isPrintView({ search: '', pathname: '/export/' })).toBe(true)
  })
  it('is not a slide, the presenter or the overview', () => {
    expect(isPrintView({ search: '', pathname: '/5' })).toBe(false)
    expect(isPrintView({ search: '?clicks=2', pathname: '/presenter/5' })).toBe(false)
    expect(isPrintView({ search: '', pathname: '/overview' })).toBe(false)
    expect(isPrintView(undefined)).toBe(false)
  })
})
