// Every demo's source, as text, from snippets/*.ts (one file per demo).
const files = import.meta.glob(['../snippets/*.ts', '!../snippets/*.test.ts'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>

export const snippets: Record<string, string> = Object.fromEntries(
  Object.entries(files).map(([path, text]) => [path.replace(/^.*\/(.+)\.ts$/, '$1'), text]),
)

export function snippetSource(id: string): string {
  const text = snippets[id]
  if (text === undefined) throw new Error(`No snippet "${id}" in snippets/ (have: ${Object.keys(snippets).join(', ')})`)
  return text
}
