import { describe, expect, it } from 'vitest'
import { describeMachine, formatBrowser, formatResolution, parseBrowser, sampleClock, timerResolution } from './machine'

const UA = {
  chrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 Safari/537.36',
  headless: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
  chromium: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/90.0.4430.212 Chrome/90.0.4430.212 Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  safari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
  iosChrome: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
}

describe('parseBrowser', () => {
  it.each([
    ['chrome', 'Chrome 124'],
    ['headless', 'Chrome 156'],
    ['chromium', 'Chromium 90'],
    ['edge', 'Edge 124'],
    ['firefox', 'Firefox 125'],
    ['safari', 'Safari 17'],
    ['iosChrome', 'Chrome 124'],
  ] as const)('%s -> %s', (key, expected) => {
    expect(formatBrowser(parseBrowser(UA[key]))).toBe(expected)
  })

  it('lets userAgentData brands tell Chromium from Chrome', () => {
    const chromium = [{ brand: 'Not.A/Brand', version: '99' }, { brand: 'Chromium', version: '156' }]
    expect(formatBrowser(parseBrowser(UA.chrome, chromium))).toBe('Chromium 156')
    expect(formatBrowser(parseBrowser(UA.chrome, [...chromium, { brand: 'Google Chrome', version: '156' }]))).toBe('Chrome 156')
    expect(formatBrowser(parseBrowser(UA.edge, [...chromium, { brand: 'Microsoft Edge', version: '124' }]))).toBe('Edge 124')
  })

  it('admits what it does not know', () => {
    expect(formatBrowser(parseBrowser('curl/8.0'))).toBe('Unknown browser')
  })
})

describe('timer resolution', () => {
  it('is the smallest nonzero step', () => {
    expect(timerResolution([0, 0, 0.1, 0.1, 0.3, 0.4])).toBeCloseTo(0.1, 9)
    expect(timerResolution([5, 5, 5])).toBeUndefined()
  })

  it('samples a clock within a budget', () => {
    let t = 0
    const readings = sampleClock(() => (t += 0.005), 1)
    expect(readings.length).toBeGreaterThan(100)
    expect(timerResolution(readings)).toBeCloseTo(0.005, 9)
  })

  it('formats µs and ms', () => {
    expect(formatResolution(0.005)).toBe('5 µs')
    expect(formatResolution(0.1)).toBe('0.1 ms')
    expect(formatResolution(0.09999999999990905)).toBe('0.1 ms')
    expect(formatResolution(1)).toBe('1 ms')
    expect(formatResolution(undefined)).toBe('unknown')
  })
})

describe('describeMachine', () => {
  it('says the facts in one line, and says plainly when not isolated', () => {
    const browser = { name: 'Chromium', version: '156' }
    expect(describeMachine({ cores: 2, isolated: true, timerMs: 0.1, browser }))
      .toBe('2 cores · isolated · timer 0.1 ms · Chromium 156')
    expect(describeMachine({ cores: 1, isolated: false, timerMs: 0.1, browser }))
      .toBe('1 core · not isolated: shared-memory demos disabled · timer 0.1 ms · Chromium 156')
  })
  it('says when the browser\'s core count differs from the deck\'s, and when an isolated page has no SharedArrayBuffer', () => {
    const browser = { name: 'Safari', version: '26' }
    expect(describeMachine({ cores: 2, reportedCores: 4, isolated: true, sharedMemory: true, timerMs: 0.02, browser }))
      .toBe('2 cores; the browser says 4 · isolated · timer 20 µs · Safari 26')
    expect(describeMachine({ cores: 2, reportedCores: 2, isolated: true, sharedMemory: false, timerMs: 1, browser }))
      .toBe('2 cores · isolated, but no SharedArrayBuffer: shared-memory demos disabled · timer 1 ms · Safari 26')
  })
})
