// What CSS alone cannot do for a slide in the reading view (styles/reading.css does the
// rest), once the slide is on the page: wrapped code keeps its shape, and a table too wide
// for the screen reads as one block per row, each cell named by its column.
import { leadingIndent } from '../logic/reading'

export function reflowForReading(slide: HTMLElement): void {
  // A wrapped line of code continues under its own indentation (the CSS reads --indent).
  for (const line of slide.querySelectorAll<HTMLElement>('.slidev-code .line'))
    line.style.setProperty('--indent', String(leadingIndent(line.textContent ?? '')))
  for (const table of slide.querySelectorAll<HTMLTableElement>('.slidev-layout table')) {
    if (table.offsetWidth <= (table.parentElement?.clientWidth ?? Infinity) + 1) continue
    const heads = Array.from(table.querySelectorAll('thead th'), th => th.textContent?.trim() ?? '')
    for (const row of table.querySelectorAll('tbody tr'))
      Array.from(row.children).forEach((cell, i) => { if (heads[i]) cell.setAttribute('data-label', heads[i]) })
    table.classList.add('reading-table-stacked')
  }
}

/**
 * Resolves once an element matching `selector` is inside `el`: in the microtask after the
 * change (a MutationObserver), so what follows runs before the browser paints it. At most
 * `timeoutMs`.
 */
export function whenInside(el: HTMLElement, selector: string, timeoutMs = 5000): Promise<void> {
  if (el.querySelector(selector)) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect()
      clearTimeout(timer)
      resolve()
    }
    const observer = new MutationObserver(() => { if (el.querySelector(selector)) done() })
    const timer = setTimeout(done, timeoutMs)
    observer.observe(el, { childList: true, subtree: true })
  })
}
