// Statistics over trials and the printed table. Pure: no browser, no I/O but console.

/** @param {number[]} xs */
export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b)
  const n = s.length
  if (!n) return { n: 0, median: NaN, min: NaN, max: NaN }
  const median = n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
  return { n, median, min: s[0], max: s[n - 1] }
}

/**
 * One figure's row. `target` judges one statistic: { stat: 'median' | 'max', op: '<=' | '>=', value, text }.
 * A row without a target is a reference (the built-in runner, a ratio): no PASS/FAIL.
 */
export function row(figure, label, unit, values, target, note = '') {
  const s = stats(values)
  let verdict = ''
  if (target && s.n) {
    const v = s[target.stat]
    verdict = (target.op === '<=' ? v <= target.value : v >= target.value) ? 'PASS' : 'FAIL'
  }
  else if (target) verdict = 'n/a'
  return { figure, label, unit, ...s, target: target?.text ?? '', verdict, note, values }
}

function fmt(v, unit) {
  if (!Number.isFinite(v)) return '-'
  if (unit === 'x') return `${v.toFixed(2)}x`
  if (unit === 'KiB') return `${v.toFixed(0)} KiB`
  if (unit === 's') return `${v.toFixed(1)} s`
  if (unit === 'count') return String(Math.round(v))
  if (unit === 'ratio') return v.toFixed(2)
  if (unit === 'MiB') return `${v.toFixed(2)} MiB`
  if (unit === 'score') return String(Math.round(v))
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`
}

/**
 * A Markdown table (it reads well in a terminal and pastes into the README as it is).
 * With `before` (the rows of an earlier run), a column gives that run's median beside each row
 * of the same label.
 */
export function formatTable(rows, { before } = {}) {
  const earlier = new Map((before ?? []).map(r => [r.label, r]))
  const then = r => { const b = earlier.get(r.label); return b ? fmt(b.median, b.unit) : '-' }
  const head = ['#', 'figure', ...(before ? ['before'] : []), 'median', 'min', 'max', 'n', 'target', 'verdict', 'note']
  const body = rows.map(r => [r.figure, r.label, ...(before ? [then(r)] : []), fmt(r.median, r.unit), fmt(r.min, r.unit), fmt(r.max, r.unit),
    String(r.n), r.target, r.verdict, r.note])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map(b => b[i].length)))
  const line = cells => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
  return [line(head), `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n')
}
