// Pure: turns console arguments into readable text, roughly like Node's util.inspect.

export interface FormatOptions {
  /** Nesting shown before `[Object]`. @default 3 */
  depth?: number
  /** Characters of a string shown before it is cut. @default 1000 */
  maxString?: number
  /** Items of an array, map, set or object shown. @default 50 */
  maxItems?: number
}

const KEY = /^[A-Za-z_$][\w$]*$/

/** Formats console arguments: top-level strings as they are, the rest inspected, joined by spaces. */
export function formatArgs(args: unknown[], opts: FormatOptions = {}): string {
  return args.map(a => (typeof a === 'string' ? cut(a, opts.maxString ?? 1000) : format(a, opts))).join(' ')
}

/** Formats one value readably: nested objects, arrays, Map/Set, Error, circular refs, depth limit. */
export function format(value: unknown, opts: FormatOptions = {}): string {
  const o = { depth: opts.depth ?? 3, maxString: opts.maxString ?? 1000, maxItems: opts.maxItems ?? 50 }
  return inspect(value, 0, new Set(), o)
}

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}… (+${s.length - max} chars)` : s
}

function quote(s: string, max: number): string {
  return `'${cut(s, max).replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`
}

function inspect(v: unknown, depth: number, seen: Set<object>, o: Required<FormatOptions>): string {
  switch (typeof v) {
    case 'string': return quote(v, o.maxString)
    case 'number': return Object.is(v, -0) ? '-0' : String(v)
    case 'bigint': return `${v}n`
    case 'undefined': return 'undefined'
    case 'boolean': return String(v)
    case 'symbol': return v.toString()
    case 'function': return `[Function: ${v.name || '(anonymous)'}]`
  }
  if (v === null) return 'null'
  const obj = v as object
  if (obj instanceof Error) return obj.message ? `${obj.name}: ${obj.message}` : obj.name
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString()
  if (obj instanceof RegExp) return String(obj)
  if (seen.has(obj)) return '[Circular]'
  const name = obj.constructor?.name
  if (depth >= o.depth) {
    if (Array.isArray(obj)) return '[Array]'
    return `[${name && name !== 'Object' ? name : 'Object'}]`
  }
  seen.add(obj)
  try {
    const items: string[] = []
    let total = 0
    const add = (s: string) => { if (total++ < o.maxItems) items.push(s) }
    const next = (x: unknown) => inspect(x, depth + 1, seen, o)
    let open = '{'
    let close = '}'
    let prefix = name && name !== 'Object' ? `${name} ` : ''
    if (Array.isArray(obj) || ArrayBuffer.isView(obj)) {
      const arr = obj as ArrayLike<unknown>
      open = '['
      close = ']'
      prefix = Array.isArray(obj) ? '' : `${name}(${arr.length}) `
      for (let i = 0; i < arr.length; i++) add(next(arr[i]))
    } else if (obj instanceof Map) {
      prefix = `Map(${obj.size}) `
      for (const [k, x] of obj) add(`${next(k)} => ${next(x)}`)
    } else if (obj instanceof Set) {
      prefix = `Set(${obj.size}) `
      for (const x of obj) add(next(x))
    } else {
      for (const k of Object.keys(obj)) add(`${KEY.test(k) ? k : quote(k, o.maxString)}: ${next((obj as Record<string, unknown>)[k])}`)
    }
    if (total > o.maxItems) items.push(`... ${total - o.maxItems} more item${total - o.maxItems === 1 ? '' : 's'}`)
    if (!items.length) return `${prefix}${open}${close}`
    const flat = `${prefix}${open} ${items.join(', ')} ${close}`
    if (flat.length <= 72 && !flat.includes('\n')) return flat
    const pad = '  '.repeat(depth + 1)
    return `${prefix}${open}\n${items.map(s => pad + s).join(',\n')}\n${'  '.repeat(depth)}${close}`
  } finally {
    seen.delete(obj)
  }
}
