// Where Pyodide's code comes from: fetched from the deck (`indexURL`), or, in the runner
// frame, handed over by the page (an opaque origin, outside the deck's service worker,
// cannot fetch them offline): its two modules are imported from blobs, and its fetches of
// the rest (the WebAssembly binary, the standard library) are answered from memory.
import type { PyodideConfig } from 'pyodide'

type Pyodide = typeof import('pyodide')

/** `loadPyodide`, its version, and the options that make it use the handed-over files. */
export interface PyodideSource { loadPyodide: Pyodide['loadPyodide'], version: string, options: PyodideConfig }

export async function pyodideSource(indexURL: string, files?: Record<string, ArrayBuffer>): Promise<PyodideSource> {
  if (!files) {
    const { loadPyodide, version } = await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`) as Pyodide
    return { loadPyodide, version, options: {} }
  }
  const blobs = Object.fromEntries(Object.entries(files).map(([name, bytes]) => [name, new Blob([bytes], { type: typeOf(name) })]))
  const moduleURL = (name: string) => URL.createObjectURL(blobs[name]!)
  answerFrom(indexURL, blobs)
  const { loadPyodide, version } = await import(/* @vite-ignore */ moduleURL('pyodide.mjs')) as Pyodide
  // pyodide.mjs would import this one from indexURL: handed over instead (its documented option).
  const { default: createPyodideModule } = await import(/* @vite-ignore */ moduleURL('pyodide.asm.mjs')) as { default: PyodideConfig['createPyodideModule'] }
  return { loadPyodide, version, options: { createPyodideModule } }
}

const typeOf = (name: string) => name.endsWith('.wasm') ? 'application/wasm' : name.endsWith('.mjs') ? 'text/javascript' : 'application/octet-stream'

/** fetch() of `indexURL` + a handed-over file's name is answered from it; anything else goes to the network. */
export function answerFrom(indexURL: string, blobs: Record<string, Blob>): void {
  const network = globalThis.fetch
  globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input)
    const blob = url.startsWith(indexURL) ? blobs[url.slice(indexURL.length)] : undefined
    // WebAssembly.instantiateStreaming needs the wasm's own type.
    return blob ? Promise.resolve(new Response(blob, { headers: { 'Content-Type': blob.type } })) : network(input, init)
  }
}
