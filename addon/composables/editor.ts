// Monaco, loaded once for the deck through Slidev's shared setup (so IntelliSense sees
// the runtime's declarations from setup/monaco.ts), in its own async chunk.
import type * as Monaco from 'monaco-editor'
import { once } from '../engine/shared/once'
import { idle } from '../logic/idle'
import { background, EDITORS, LANGUAGE_SERVICE } from './background'

export interface LoadedEditor {
  monaco: typeof Monaco
  editorOptions: Monaco.editor.IEditorOptions
}

/** Loads and sets up Monaco on first call; later calls share the same promise. */
export const loadEditor = once(async (): Promise<LoadedEditor> => {
  const { default: setup } = await import('@slidev/client/setup/monaco.ts')
  const { monaco, editorOptions } = await setup()
  return { monaco: monaco as typeof Monaco, editorOptions }
})

/**
 * Starts TypeScript's language service (Monaco's worker parses the standard library,
 * seconds of one core) on a throwaway model, so the first cell's editor does not pay
 * for it while its slide is on screen. Once per page; until it is done, a run that
 * computes waits for it (it would take a core from the run).
 */
export const warmLanguageService = once(() => background.track(LANGUAGE_SERVICE, startLanguageService()))

async function startLanguageService(): Promise<void> {
  const { monaco } = await loadEditor()
  const uri = monaco.Uri.parse('file:///cells/__warm-up.ts')
  const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel('await sleep(1)\nexport {}\n', 'typescript', uri)
  try { await checked(monaco, uri) }
  finally { model.dispose() }
}

/** Resolves once TypeScript has checked the model at `uri` (what Monaco's markers do after a change). */
async function checked(monaco: typeof Monaco, uri: Monaco.Uri): Promise<void> {
  const client = await (await typescriptWorker(monaco))(uri)
  await client.getSemanticDiagnostics(uri.toString())
}

/**
 * Monaco registers TypeScript's worker asynchronously, once a TypeScript model exists
 * (the language's code loads then): until it has, getTypeScriptWorker rejects.
 */
async function typescriptWorker(monaco: typeof Monaco, tries = 200) {
  for (let i = 1; ; i++) {
    try { return await monaco.typescript.getTypeScriptWorker() }
    catch (error) {
      if (i >= tries) throw error
      await new Promise(resolve => setTimeout(resolve, 25))
    }
  }
}

/** One place for a cell editor's options: an editor made ahead of its slide is the same. */
function cellOptions(path: string, editorOptions: Monaco.editor.IEditorOptions): Monaco.editor.IStandaloneEditorConstructionOptions {
  return {
    automaticLayout: true,
    minimap: { enabled: false },
    lineNumbers: 'on',
    lineNumbersMinChars: 2,
    lineDecorationsWidth: 4,
    overviewRulerLanes: 0,
    scrollBeyondLastLine: false,
    fontSize: 13,
    tabSize: 2,
    padding: { top: 6, bottom: 6 },
    fontFamily: 'var(--slidev-code-font-family)',
    ...editorOptions,
    ariaLabel: `Code editor: ${path}. Ctrl+Enter runs the cell; Escape, then Tab, leaves the editor.`,
  }
}

const cellUri = (monaco: typeof Monaco, path: string) => monaco.Uri.parse(`file:///cells/${path}`)

/** The editor's language for a cell's file: its extension says (snippets/<id>.py is Python). */
export const languageOf = (path: string): 'python' | 'typescript' => (path.endsWith('.py') ? 'python' : 'typescript')

/**
 * A cell's editor in `host`, on the model for `path`: created with `code` if it is new; a
 * model that exists keeps its text (the cell on screen keeps it in step with its code).
 */
export async function createCellEditor(host: HTMLElement, path: string, code: string) {
  const { monaco, editorOptions } = await loadEditor()
  const uri = cellUri(monaco, path)
  let model = monaco.editor.getModel(uri)
  if (!model) {
    const language = languageOf(path)
    model = monaco.editor.createModel(code, language, uri)
    // A new TypeScript model starts the language service, then its first check: start-up
    // work a run that computes waits for. (Python has highlighting only.)
    if (language === 'typescript') void background.track(LANGUAGE_SERVICE, warmLanguageService().then(() => checked(monaco, uri))).catch(() => {})
  }
  return { monaco, editor: monaco.editor.create(host, { model, ...cellOptions(path, editorOptions) }) }
}

// Editors made ahead of their slides, in idle time: building one is a main-thread task of
// ~50-150 ms, which on the slide's arrival would hold up the speaker's first click on Run.
// A cell that mounts takes its editor from here (or builds one, if there is none yet).
interface Parked { host: HTMLDivElement, editor: Monaco.editor.IStandaloneCodeEditor }
const parked = new Map<string, Parked>()
let lot: HTMLDivElement | undefined

/** Builds the editors of `cells` off screen, one per idle period. */
export async function parkEditors(cells: Array<{ path: string, code: string }>): Promise<void> {
  if (!lot) {
    // Laid out (Monaco measures its font) but off screen, out of the tab order and of the accessibility tree.
    lot = Object.assign(document.createElement('div'), { inert: true })
    lot.setAttribute('aria-hidden', 'true')
    lot.style.cssText = 'position:fixed;left:-10000px;top:0;width:760px;height:300px;overflow:hidden;'
    document.body.append(lot)
  }
  const { monaco } = await loadEditor()
  // A cell that has a model already has (or had) an editor on screen: it builds its own again.
  const skip = (path: string) => parked.has(path) || monaco.editor.getModel(cellUri(monaco, path)) !== null
  for (const { path, code } of cells) {
    if (skip(path)) continue
    await idle()
    if (skip(path)) continue
    const host = document.createElement('div')
    host.style.cssText = 'position:absolute;inset:0;'
    lot.append(host)
    const { editor } = await background.step(EDITORS, () => createCellEditor(host, path, code))
    parked.set(path, { host, editor })
  }
}

/** The editor built ahead for `path`, if any (it is the caller's from now on). */
export function takeParkedEditor(path: string): Parked | undefined {
  const found = parked.get(path)
  parked.delete(path)
  return found
}
