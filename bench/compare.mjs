// The table of one bench run with an earlier run's medians beside it (rows matched by label):
//   node bench/compare.mjs <before.json> [after.json]   (after: bench/results.json)
// For example, against the committed results of an earlier commit:
//   git show <commit>:bench/results.json > /tmp/before.json && node bench/compare.mjs /tmp/before.json
import { readFileSync } from 'node:fs'
import { formatTable } from './table.mjs'

const [beforePath, afterPath = new URL('./results.json', import.meta.url)] = process.argv.slice(2)
if (!beforePath) {
  console.error('usage: node bench/compare.mjs <before.json> [after.json]')
  process.exit(2)
}
const read = path => JSON.parse(readFileSync(path, 'utf8'))
const before = read(beforePath)
const after = read(afterPath)
const when = r => `${r.machine.date.slice(0, 16).replace('T', ' ')} UTC at ${r.deck.commit}`
console.log(`before: ${when(before)}; now: ${when(after)} (${after.machine.cpuModel}, ${after.machine.osCpus} cores, ${after.machine.browser})`)
console.log(`load average (1/5/15 min) now, before: ${after.machine.loadBefore}; after: ${after.machine.loadAfter}\n`)
console.log(formatTable(after.rows, { before: before.rows }))
