// Decides which Chromium the tests, the export and the benchmark drive:
// CHROMIUM_PATH if set, else Debian's /usr/bin/chromium, else Playwright's own.
import { existsSync } from 'node:fs'

/** Flags that keep Chromium quiet on a closed network (no background requests). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-default-apps',
  '--disable-domain-reliability',
]

/** Where Debian and other Linux distributions install Chromium. */
export const systemPaths = ['/usr/bin/chromium', '/usr/bin/chromium-browser']

/**
 * @param {Record<string, string | undefined>} env
 * @param {(path: string) => boolean} exists
 * @returns {string | undefined} an executable path, or undefined for Playwright's bundled browser
 */
export function chromiumPath(env = process.env, exists = existsSync) {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH
  return systemPaths.find(p => exists(p))
}

/** Launch options for Playwright's `chromium.launch`. */
export function launchOptions(env = process.env) {
  const executablePath = chromiumPath(env)
  return { ...(executablePath ? { executablePath } : {}), args: chromiumArgs }
}
