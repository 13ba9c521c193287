// Pure: maps a position in compiled code back to the snippet through a source map (v3),
// and finds the snippet's position in an error stack.

export interface Position { line: number, column: number }

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DIGIT = new Map([...B64].map((c, i) => [c, i]))

/** Decodes one mappings segment ("AAAA") into its numbers. */
export function decodeVlq(segment: string): number[] {
  const out: number[] = []
  let value = 0
  let shift = 0
  for (const c of segment) {
    const d = DIGIT.get(c)
    if (d === undefined) throw new Error(`bad VLQ digit '${c}'`)
    value += (d & 31) << shift
    if (d & 32) {
      shift += 5
      continue
    }
    out.push(value & 1 ? -(value >>> 1) : value >>> 1)
    value = 0
    shift = 0
  }
  return out
}

/**
 * Maps a 1-based generated line/column to the 1-based original line/column.
 * Uses the closest segment at or before the column on that line (or the line's first one).
 */
export function originalPosition(map: string | { mappings: string }, line: number, column: number): Position | undefined {
  const { mappings } = typeof map === 'string' ? (JSON.parse(map) as { mappings: string }) : map
  const lines = mappings.split(';')
  let srcLine = 0
  let srcCol = 0
  let genColAbs = 0
  let best: Position | undefined
  for (let l = 0; l < lines.length && l < line; l++) {
    genColAbs = 0
    for (const seg of lines[l].split(',')) {
      if (!seg) continue
      const [genCol, , dLine, dCol] = decodeVlq(seg)
      genColAbs += genCol
      if (dLine === undefined) continue
      srcLine += dLine
      srcCol += dCol ?? 0
      if (l === line - 1 && (best === undefined || genColAbs <= column - 1)) best = { line: srcLine + 1, column: srcCol + 1 }
    }
  }
  return best
}

/** Finds `url:line:col` (the first frame in `url`) in a V8/Firefox stack; 1-based. */
export function stackPosition(stack: string | undefined, url: string): Position | undefined {
  if (!stack) return undefined
  const i = stack.indexOf(`${url}:`)
  if (i < 0) return undefined
  const m = /^:(\d+):(\d+)/.exec(stack.slice(i + url.length))
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined
}
