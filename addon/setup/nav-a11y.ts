// A workaround for Slidev's navigation bar (52.20): its MenuButton wraps the IconButton it
// is given, itself a <button>, in a second <button> (the sync settings and "More Options"
// menus), so every slide has two buttons nested in buttons (axe: nested-interactive). A
// screen reader meets two stops for one control, and a button inside a button is invalid
// HTML. The outer button is the one that opens the menu, so it stays and the inner one
// stops being a control: `inert` takes it out of the tab order and the accessibility tree
// (clicks on it reach the outer button, as before), and the outer button takes its name.

/** Marks the outer buttons already fixed. */
const FIXED = 'data-live-cells-menu-button'

/** Fixes the nested buttons under `root`; returns how many it fixed. */
export function unnestMenuButtons(root: ParentNode): number {
  let fixed = 0
  for (const inner of root.querySelectorAll<HTMLElement>('button > button.slidev-icon-btn:not([inert])')) {
    const outer = inner.parentElement!
    const name = inner.getAttribute('title') || inner.textContent?.trim() || 'Menu'
    inner.inert = true
    outer.setAttribute('aria-label', name)
    outer.setAttribute('title', name)
    outer.setAttribute(FIXED, '')
    fixed++
  }
  // The menu is the outer button's next sibling while it is open (MenuButton's v-if).
  for (const outer of root.querySelectorAll<HTMLElement>(`button[${FIXED}]`)) {
    const open = String(outer.nextElementSibling instanceof HTMLElement)
    if (outer.getAttribute('aria-expanded') !== open) outer.setAttribute('aria-expanded', open)
  }
  return fixed
}

/** Keeps `root` fixed as Slidev renders and re-renders its controls; returns a stop function. */
export function watchMenuButtons(root: HTMLElement): () => void {
  unnestMenuButtons(root)
  const observer = new MutationObserver((records) => {
    if (records.some(r => r.addedNodes.length || r.removedNodes.length)) unnestMenuButtons(root)
  })
  observer.observe(root, { childList: true, subtree: true })
  return () => observer.disconnect()
}
