import { describe, expect, it } from 'vitest'
import { chromiumArgs, chromiumPath, launchOptions } from './chromium.mjs'

describe('chromium picker', () => {
  it('prefers CHROMIUM_PATH when it is set', () => {
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/my/chrome' })).toBe('/opt/my/chrome')
    expect(launchOptions({ CHROMIUM_PATH: '/opt/my/chrome' }).executablePath).toBe('/opt/my/chrome')
  })

  it('falls back to a system Chromium or to Playwright\'s own browser', () => {
    const picked = chromiumPath({})
    expect(picked === undefined || /chromium/.test(picked)).toBe(true)
    expect('executablePath' in launchOptions({})).toBe(picked !== undefined)
  })

  it('keeps Chromium off the network and runs as root', () => {
    for (const flag of ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'])
      expect(chromiumArgs).toContain(flag)
  })
})
