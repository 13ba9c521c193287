import { describe, expect, it } from 'vitest'
import { deckRunner, isChromium } from './boundary'

describe('where the deck\'s runs live', () => {
  it('in the runner frame in Chromium (Chrome, Edge, headless), by its brands or its user agent', () => {
    expect(isChromium({ userAgentData: { brands: [{ brand: 'Chromium' }, { brand: 'Google Chrome' }] } })).toBe(true)
    expect(isChromium({ userAgentData: { brands: [{ brand: 'Chromium' }, { brand: 'HeadlessChrome' }] } })).toBe(true)
    expect(isChromium({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36' })).toBe(true)
  })

  it('in the page elsewhere: Firefox ends only the worker; WebKit keeps the frame in the page\'s process', () => {
    expect(isChromium({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0' })).toBe(false)
    expect(isChromium({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/60.5 Safari/605.1.15' })).toBe(false)
    // Chrome on iOS is WebKit.
    expect(isChromium({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 19_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/156.0 Mobile/15E148 Safari/604.1' })).toBe(false)
    expect(isChromium(undefined)).toBe(false)
  })

  it('makes no frame without a document (Node, a worker)', () => {
    expect(deckRunner()).toBeUndefined()
  })
})
