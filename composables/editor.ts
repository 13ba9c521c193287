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
