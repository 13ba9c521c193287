// What a reader on a phone sees, measured in the page: plain functions of the DOM, no
// Playwright types, so any driver can run them (Playwright: `page.evaluate(fn, arg)`;
// WebDriver: `executeScript(\`return (${fn})(arguments[0])\`, arg)`). Each one is
// self-contained (no imports, no closures over this module): a driver sends only its text.

/** Slide `no`'s body text (paragraphs, list items) and its code (code blocks, a cell's code before an editor), as selectors. */
export const bodyText = (no: number): string => `.slidev-page-${no} .slidev-layout :is(p, li)`
export const codeText = (no: number): string => `.slidev-page-${no} :is(.slidev-code .line > span, .code-editor__fallback .line, .slidev-monaco-fallback)`
/** The smallest effective sizes a reader needs (CSS px to the eye): body text, code, a timeline's labels. */
export const READABLE = { body: 16, code: 13, labels: 11 }

/** One piece of text: its CSS font size, the scale the page draws it at, and the product. */
export interface TextSize {
  /** The first characters of the text. */
  text: string
  /** The computed font size, in CSS px (for SVG text: in the drawing's own units). */
  px: number
  /** Every scale between that size and the screen: CSS transforms on ancestors, an SVG's viewBox, pinch zoom. */
  scale: number
  /** px × scale: the size a reader's eye gets, in CSS px of the screen. */
  effective: number
}

/**
 * The effective size of the text in every visible element (not one kept for screen readers) matching `selector` that holds
 * text of its own (a direct text node): its computed font size times every scale between it
 * and the screen. For HTML, the product of the CSS transforms and `scale` of the element and
 * its ancestors (how Slidev fits its canvas to the screen); for SVG text, the drawing's width
 * on screen over its viewBox width (which includes those); both times the pinch zoom.
 */
export function effectiveTextSizes(selector: string): TextSize[] {
  const zoom = window.visualViewport?.scale ?? 1
  const cssScale = (from: Element | null) => {
    let scale = 1
    for (let e = from; e; e = e.parentElement) {
      const style = getComputedStyle(e)
      if (style.transform && style.transform !== 'none') {
        const m = new DOMMatrixReadOnly(style.transform)
        scale *= Math.hypot(m.a, m.b)
      }
      if (style.scale && style.scale !== 'none') scale *= Number.parseFloat(style.scale)
    }
    return scale
  }
  const out: TextSize[] = []
  for (const el of Array.from(document.querySelectorAll(selector))) {
    const own = Array.from(el.childNodes).filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent ?? '').join('').trim()
    const rect = el.getBoundingClientRect()
    // Not drawn, or drawn for a screen reader only (the 1 px clipped box of a live region's text).
    if (!own || rect.width <= 1 || rect.height <= 1) continue
    let scale = 1
    if (el instanceof SVGElement) {
      const svg = el instanceof SVGSVGElement ? el : el.ownerSVGElement
      const box = svg?.viewBox.baseVal
      scale = svg && box && box.width > 0 ? svg.getBoundingClientRect().width / box.width : cssScale(el)
    }
    else scale = cssScale(el)
    const px = Number.parseFloat(getComputedStyle(el).fontSize)
    out.push({ text: own.slice(0, 40), px, scale: scale * zoom, effective: px * scale * zoom })
  }
  return out
}

/** How far the page scrolls sideways (0 when it does not), and the widest elements that stick out. */
export function sidewaysOverflow(): { scroll: number, outside: string[] } {
  const root = document.scrollingElement ?? document.documentElement
  const width = root.clientWidth
  const outside: string[] = []
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    const r = el.getBoundingClientRect()
    if (r.width === 0 || r.right <= width + 1) continue
    // Inside a box that clips or scrolls sideways, it does not move the page.
    let clipped = false
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p)
      if (s.overflowX !== 'visible' && p.getBoundingClientRect().right <= width + 1) { clipped = true; break }
    }
    if (!clipped) outside.push(`${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').trim().split(/\s+/).join('.')} right ${Math.round(r.right)}`)
    if (outside.length >= 5) break
  }
  return { scroll: root.scrollWidth - width, outside }
}

/** Where the element matching `selector` is drawn, against the layout viewport's width. */
export function boxAgainstViewport(selector: string): { left: number, right: number, width: number, viewport: number } | null {
  const el = document.querySelector(selector)
  if (!el) return null
  const r = el.getBoundingClientRect()
  return { left: r.left, right: r.right, width: r.width, viewport: document.documentElement.clientWidth }
}

/** The smallest of `sizes` (to the eye); none: an infinite size with no text. */
export const smallestText = (sizes: TextSize[]): TextSize =>
  sizes.reduce<TextSize>((a, t) => (t.effective < a.effective ? t : a), { text: '', px: Infinity, scale: 1, effective: Infinity })

/** What slide `no` misses of a reader's sizes, or sideways scroll, each in a line naming the text. */
export function readingMisses(no: number, body: TextSize, code: TextSize, sideways: { scroll: number, outside: string[] }): string[] {
  const out: string[] = []
  if (body.effective < READABLE.body) out.push(`slide ${no}: body text ${body.effective.toFixed(1)} px ("${body.text}")`)
  if (code.effective < READABLE.code) out.push(`slide ${no}: code ${code.effective.toFixed(1)} px ("${code.text}")`)
  if (sideways.scroll > 0 || sideways.outside.length) out.push(`slide ${no}: sideways ${sideways.scroll} px, ${sideways.outside.join(', ')}`)
  return out
}
