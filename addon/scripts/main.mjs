// Whether a script was started as a command (`node scripts/serve.mjs`, or through the
// package's bin link, a symlink) rather than imported.
import { realpathSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

export function isMain(url) {
  try { return url === pathToFileURL(realpathSync(process.argv[1])).href }
  catch { return false }
}
