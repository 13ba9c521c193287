// Monaco, loaded once for the deck through Slidev's shared setup (so IntelliSense sees
// the runtime's declarations from setup/monaco.ts), in its own async chunk.
import type * as Monaco from 'monaco-editor'

export interface LoadedEditor {
  monaco: typeof Monaco
  editorOptions: Monaco.editor.IEditorOptions
}

let loading: Promise<LoadedEditor> | undefined

/** Loads and sets up Monaco on first call; later calls share the same promise. */
export function loadEditor(): Promise<LoadedEditor> {
  loading ??= import('@slidev/client/setup/monaco.ts')
    .then(({ default: setup }) => setup())
    .then(({ monaco, editorOptions }) => ({ monaco: monaco as typeof Monaco, editorOptions }))
    .catch((error) => {
      loading = undefined // a later call tries again
      throw error
    })
  return loading
}

/**
 * Starts TypeScript's language service (Monaco's worker parses the standard library,
 * seconds of one core) on a throwaway model, so the first cell's editor does not pay
 * for it while its slide is on screen, nor slow the first demo that runs.
 */
export async function warmLanguageService(): Promise<void> {
  const { monaco } = await loadEditor()
  const uri = monaco.Uri.parse('file:///cells/__warm-up.ts')
  const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel('await sleep(1)\nexport {}\n', 'typescript', uri)
  try {
    const client = await (await typescriptWorker(monaco))(uri)
    await client.getSemanticDiagnostics(uri.toString())
  }
  finally { model.dispose() }
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
