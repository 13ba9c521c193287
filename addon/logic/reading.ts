// Pure: the reading view (the talk as one page that scrolls, each slide reflowed to the
// screen), when it shows, and the small helpers its page uses.

/** A phone held upright (or any narrow portrait window): the reading view by default. */
export const NARROW_PORTRAIT = '(orientation: portrait) and (max-width: 700px)'

export interface ReadingFacts {
  /** The address's query: `read` asks for the reading view, `slides` for the slides. */
  query: URLSearchParams | Record<string, unknown>
  /** NARROW_PORTRAIT matches. */
  narrowPortrait: boolean
  /** A slide's own address (`/<n>`), not the presenter, overview, print or export pages. */
  slidePath: boolean
}

const has = (q: ReadingFacts['query'], key: string) => (q instanceof URLSearchParams ? q.has(key) : key in q && q[key] !== undefined)

/**
 * The reading view or the slides: `?read` or `?slides` in the address decides (`read` wins);
 * else a narrow portrait screen reads, anything else shows the slides. Only on a slide's
 * address; never for the exporter (`?print`) or an embedded preview (`?embedded`).
 */
export function wantsReading(f: ReadingFacts): boolean {
  if (!f.slidePath || has(f.query, 'print') || has(f.query, 'embedded')) return false
  if (has(f.query, 'read')) return true
  if (has(f.query, 'slides')) return false
  return f.narrowPortrait
}

/** Whether `pathname` (under `base`) is a slide's address: `/`, `/<n>`, `/<n>/`, `/<n>/index.html`. */
export function isSlidePath(pathname: string, base = '/'): boolean {
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : pathname.replace(/^\//, '')
  return /^(\d+\/?)?(index\.html)?$/.test(rest)
}

/** The query that asks for the reading view (`read`) or the slides (`slides`), everything else kept. */
export function viewQuery<T>(query: Record<string, T>, view: 'read' | 'slides'): Record<string, T | null> {
  const { read: _read, slides: _slides, ...rest } = query
  return { ...rest, [view]: null }
}

/** How many columns of indentation a line of code starts with (a tab counts 2). */
export function leadingIndent(line: string): number {
  let n = 0
  for (const c of line) {
    if (c === ' ') n++
    else if (c === '\t') n += 2
    else break
  }
  return n
}

/**
 * The slide a reader is at: of the slides' top edges (page px, in slide order), the last one
 * at or above `line` (the reading line, a little below the top of the screen); the first
 * slide above all of them.
 */
export function slideAtLine(tops: ReadonlyArray<{ no: number, top: number }>, line: number): number {
  let at = tops[0]?.no ?? 1
  for (const t of tops) {
    if (t.top <= line) at = t.no
    else break
  }
  return at
}
