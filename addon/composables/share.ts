// Share links: a cell's code, compressed into the URL's fragment (as the TypeScript
// Playground does, with lz-string), so it never reaches a server. Opening one shows the
// code in that cell, marked as coming from a link, and runs nothing.
import lz from 'lz-string'

/** Longest fragment a link may carry: browsers, chat apps and mail keep links well under this. */
export const MAX_SHARE_CHARS = 8000
const KEY = 'share'

export type ShareLink = { ok: true, url: string } | { ok: false, reason: string }

/** `<page>#share=<cell>:<code>`, where page is the slide's own address. */
export function shareLink(page: string, cell: string, code: string): ShareLink {
  const packed = lz.compressToEncodedURIComponent(code)
  if (packed.length > MAX_SHARE_CHARS)
    return { ok: false, reason: `This code is too long for a link (${packed.length.toLocaleString('en')} characters packed, at most ${MAX_SHARE_CHARS.toLocaleString('en')}).` }
  const url = new URL(page)
  url.hash = `${KEY}=${encodeURIComponent(cell)}:${packed}`
  return { ok: true, url: url.href }
}

export type SharedCode = { cell: string, code: string } | { error: string }

/** Reads a share fragment; undefined when the fragment is not one. */
export function readShare(hash: string): SharedCode | undefined {
  const m = new RegExp(`^#?${KEY}=([^:]*):(.*)$`, 's').exec(hash)
  if (!m) return undefined
  const cell = decodeURIComponent(m[1])
  if (!cell) return { error: 'This share link names no cell.' }
  if (m[2].length > MAX_SHARE_CHARS) return { error: `This share link is too long (${m[2].length.toLocaleString('en')} characters); it may have been cut or changed.` }
  const code = m[2] ? lz.decompressFromEncodedURIComponent(m[2]) : ''
  if (!code) return { error: 'This share link\'s code cannot be read: the link may have been cut short when it was copied.' }
  return { cell, code }
}

/**
 * Copies a link to the slide `el` sits on, carrying `code` for cell `cell`; what to tell the
 * speaker, or undefined when the browser's own prompt showed the link (no clipboard).
 */
export async function copyShareLink(el: Element | undefined, cell: string, code: string): Promise<string | undefined> {
  const slide = el?.closest('[data-slidev-no]')?.getAttribute('data-slidev-no')
  const page = new URL(`${import.meta.env.BASE_URL}${slide ?? ''}`, location.origin).href
  const link = shareLink(page, cell, code)
  if (!link.ok) return link.reason
  try {
    await navigator.clipboard.writeText(link.url)
    return 'Link copied: it opens this slide with this code, and runs nothing until Run.'
  }
  catch {
    window.prompt('Copy this link (it opens this slide with this code):', link.url)
  }
}
