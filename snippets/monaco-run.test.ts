import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The editors on the slides underline what TypeScript reports with the options in
// setup/monaco.ts (worker globals, no DOM). The same check here, for the plain
// ```ts {monaco-run} blocks in slides.md (the snippets get it from `npm run typecheck`),
// so no code on a slide carries a false squiggle.
const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '..')

function monacoRunBlocks(markdown: string): Array<{ line: number, code: string }> {
  const blocks: Array<{ line: number, code: string }> = []
  const re = /^```(?:ts|typescript) \{monaco-run\}[^\n]*\n([\s\S]*?)^```$/gm
  for (const m of markdown.matchAll(re)) blocks.push({ line: markdown.slice(0, m.index).split('\n').length, code: m[1] })
  return blocks
}

function diagnostics(code: string): string[] {
  const config = ts.readConfigFile(join(here, 'tsconfig.json'), ts.sys.readFile)
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, here)
  const file = join(here, '__block.mts') // Slidev gives the block's model a .mts name
  const host = ts.createCompilerHost(options)
  const read = host.readFile.bind(host)
  host.readFile = name => (resolve(name) === file ? `${code}\nexport {}\n` : read(name))
  host.fileExists = name => resolve(name) === file || ts.sys.fileExists(name)
  const program = ts.createProgram([file, join(root, 'addon/engine/worker/runtime/runtime-api.d.ts')], options, host)
  return ts.getPreEmitDiagnostics(program).map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
}

describe('{monaco-run} blocks on the slides', () => {
  const blocks = monacoRunBlocks(readFileSync(join(root, 'slides.md'), 'utf8'))

  it('exist', () => expect(blocks.length).toBeGreaterThan(0))

  it.each(blocks.map(b => [b.line, b.code] as const))('the block at slides.md:%i type-checks as the editor sees it', (_line, code) => {
    expect(diagnostics(code)).toEqual([])
  })

  it('the check does see a worker\'s missing DOM', () => {
    expect(diagnostics('console.log(document.title)').join()).toMatch(/document/)
  })
})
