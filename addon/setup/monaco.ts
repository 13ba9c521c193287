import { defineMonacoSetup } from '@slidev/types'
import runtimeApi from '../engine/worker/runtime/runtime-api.d.ts?raw'

// Snippets call the runtime's globals (sleep, task, parallel, ...): declare them
// once for Monaco's IntelliSense, from the same file the snippets type-check against.
//
// The editor's colours are not set here: Slidev runs this setup first, then turns the
// deck's Shiki theme (setup/shiki.ts -> setup/projector-theme.ts) into a Monaco theme
// with shikiToMonaco and selects it, so a theme defined here would be replaced, and its
// token rules would not match the scopes Shiki's tokenizer reports. One theme, one palette.
export default defineMonacoSetup((monaco) => {
  const ts = monaco.typescript
  ts.typescriptDefaults.addExtraLib(runtimeApi, 'file:///types/runtime-api.d.ts')
  ts.typescriptDefaults.setCompilerOptions({
    ...ts.typescriptDefaults.getCompilerOptions(),
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    lib: ['es2023', 'webworker'],
    strict: true,
  })
  return {
    editorOptions: {
      fontSize: 13,
      wordWrap: 'off',
      renderLineHighlight: 'none',
    },
  }
})
