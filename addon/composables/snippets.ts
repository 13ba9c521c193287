// Every cell's source, as text, from the deck's snippet folder (headmatter
// `liveCells.snippets`, default snippets/): TypeScript cells' <id>.ts, Python cells' <id>.py.
import type { SnippetLang } from '../engine'
import files from 'virtual:live-cells/snippets'
import options from 'virtual:live-cells/options'

const name = (path: string) => path.replace(/^.*\/(.+)\.(ts|py)$/, '$1')
const langOf = (path: string): SnippetLang => (path.endsWith('.py') ? 'python' : 'typescript')

export const snippets: Record<string, string> = Object.fromEntries(Object.entries(files).map(([path, text]) => [name(path), text]))

/** Each cell's language, by its file. */
export const snippetLangs: Record<string, SnippetLang> = Object.fromEntries(Object.keys(files).map(path => [name(path), langOf(path)]))

/** The file name a cell's editor model takes (its extension gives the editor's language). */
export const snippetFile = (id: string): string => `${id}.${snippetLangs[id] === 'python' ? 'py' : 'ts'}`

/** The deck has Python cells (its prewarm then starts the interpreter). */
export const hasPython = (): boolean => Object.values(snippetLangs).includes('python')

export function snippetSource(id: string): string {
  const text = snippets[id]
  if (text === undefined) throw new Error(`No snippet "${id}" in ${options.snippets}/ (have: ${Object.keys(snippets).join(', ') || 'none'})`)
  return text
}
