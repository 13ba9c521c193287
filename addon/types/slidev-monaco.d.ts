// Slidev's shared Monaco setup is a .ts file inside @slidev/client that imports
// Slidev's virtual modules; the type-check sees it through this declaration
// (tsconfig `paths`) instead of compiling Slidev's client sources.
import type * as Monaco from 'monaco-editor'

declare const setup: () => Promise<{ monaco: typeof Monaco, editorOptions: Monaco.editor.IEditorOptions }>
export default setup
