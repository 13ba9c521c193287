// Pure: a compiled snippet as the body of an async function, so a spare worker can parse
// it ahead of the click (engine/run/pool.ts `parseAhead`) and Run only has to call it. A snippet
// with real imports or exports, or anything a function body cannot hold (import.meta),
// stays a module and is imported at Run as before.
import type { Position } from './sourcemap'

/** The name stack traces give the code parsed ahead. */
export const PARSED_URL = 'parsed-snippet.js'
const STRICT = '"use strict";' // a module's code is strict; so is the function's
/** Lines V8 puts before a `new AsyncFunction(body)` body ("async function anonymous(\n) {\n"). */
const WRAPPER_LINES = 2

/** The function body for `code` (esbuild's ESM output), or undefined if it must stay a module. */
export function functionBody(code: string): string | undefined {
  const withoutEmptyExports = code.replace(/^\s*export\s*\{\s*\}\s*;?\s*$/gm, '')
  if (/^\s*(import|export)\b/m.test(withoutEmptyExports) || /\bimport\.meta\b/.test(withoutEmptyExports)) return undefined
  return `${STRICT}${withoutEmptyExports}\n//# sourceURL=${PARSED_URL}`
}

/** A position in the parsed function's stack frame -> the position in the compiled code. */
export function compiledPosition(p: Position): Position {
  const line = p.line - WRAPPER_LINES
  return { line, column: line === 1 ? p.column - STRICT.length : p.column }
}
