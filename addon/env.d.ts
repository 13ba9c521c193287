/// <reference types="vite/client" />
/// <reference types="@slidev/types/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

declare module 'virtual:live-cells/recorded-results' {
  /** The file named by LIVE_CELLS_RECORDED_RESULTS when the deck was built or served, as text (vite/plugins.ts). */
  const recorded: { path?: string, text?: string, error?: string }
  export default recorded
}
declare module 'virtual:live-cells/handout' {
  /** The PDF handout's file name beside the slides, or '' when the build has none (vite/plugins.ts). */
  const file: string
  export default file
}
declare module 'virtual:live-cells/snippets' {
  /** The deck's snippet files as text, by path under the deck ('/snippets/<id>.ts'; vite/deck-modules.ts). */
  const files: Record<string, string>
  export default files
}
declare module 'virtual:live-cells/options' {
  /** The deck's headmatter `liveCells`, checked and defaulted (scripts/deck.mjs). */
  const options: import('./scripts/deck.mjs').LiveCellsOptions
  export default options
}
declare module 'virtual:live-cells/compiled-snippets' {
  /** Every snippet compiled at build time with the page's esbuild options (vite/plugins.ts). */
  const compiled: Array<{ source: string, code: string, map: string }>
  export default compiled
}

/** Pyodide's files in the built deck, under the base: `assets/pyodide-<version>/` (vite/pyodide.ts). */
declare const __PYODIDE_DIR__: string
declare const __PYODIDE_VERSION__: string
/** The header of Pyodide's lockfile (ABI, platform, Python), for the empty lockfile passed inline. */
declare const __PYODIDE_LOCK_INFO__: Record<string, string>
/** The files loadPyodide fetches from there (the page hands them to the runner frame's worker). */
declare const __PYODIDE_FILES__: readonly string[]
declare module 'virtual:live-cells/runners' {
  /** Each runner worker's code as one self-contained ES module, by kind: its URL (vite/runners.ts). */
  const runners: Record<import('./engine/frame/protocol').RunnerKind, string>
  export default runners
}
