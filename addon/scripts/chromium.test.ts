import { describe, expect, it } from 'vitest'
import { chromiumArgs, chromiumPath, launchOptions, systemPaths } from './chromium.mjs'

describe('chromium picker', () => {
  it('prefers CHROMIUM_PATH when it is set', () => {
    expect(chromiumPath({ CHROMIUM_PATH: '/opt/my/chrome' })).toBe('/opt/my/chrome')
    expect(launchOptions({ CHROMIUM_PATH: '/opt/my/chrome' }).executablePath).toBe('/opt/my/chrome')
  })

  it('falls back to the first system Chromium there is, else to Playwright\'s own browser', () => {
    expect(chromiumPath({}, p => p === '/usr/bin/chromium-browser')).toBe('/usr/bin/chromium-browser')
    expect(chromiumPath({}, () => true)).toBe(systemPaths[0])
    expect(chromiumPath({}, () => false)).toBeUndefined()
    // This machine: whatever it has decides whether Playwright is given a path.
    expect('executablePath' in launchOptions({})).toBe(chromiumPath({}) !== undefined)
  })

  it('keeps Chromium off the network and runs as root', () => {
    for (const flag of ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'])
      expect(chromiumArgs).toContain(flag)
  })
})
