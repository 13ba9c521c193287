import { afterEach, describe, expect, it, vi } from 'vitest'
import { answerFrom } from './files'

afterEach(() => { vi.unstubAllGlobals() })

describe('Pyodide\'s files handed over by the page (the runner frame\'s worker fetches nothing)', () => {
  it('answers a fetch of a handed-over file from memory, with its type, as often as asked; anything else goes to the network', async () => {
    const network = vi.fn(async () => new Response('from the network'))
    vi.stubGlobal('fetch', network)
    answerFrom('http://deck/assets/pyodide-314.0.8/', { 'pyodide.asm.wasm': new Blob([new Uint8Array([0, 97, 115, 109])], { type: 'application/wasm' }) })
    for (let i = 0; i < 2; i++) {
      const response = await fetch(new URL('http://deck/assets/pyodide-314.0.8/pyodide.asm.wasm'))
      expect(response.headers.get('Content-Type')).toBe('application/wasm') // instantiateStreaming needs it
      expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 97, 115, 109])
    }
    expect(network).not.toHaveBeenCalled()
    expect(await (await fetch('http://deck/assets/pyodide-314.0.8/pyodide-lock.json')).text()).toBe('from the network')
  })
})
