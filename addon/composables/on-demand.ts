// A viewer's page loads the editor when someone reaches for the code: a click or a tap on
// it, or Enter on it. Until then the code shows as text. A finger that only scrolls the
// page over the code (the reading view) is not a tap: no pointerdown from touch counts.

/** Resolves when `el` (or anything in it) is clicked, tapped, or gets Enter. */
export function whenWanted(el: HTMLElement | undefined): Promise<void> {
  if (!el) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      el.removeEventListener('pointerdown', onPointer)
      el.removeEventListener('click', done)
      el.removeEventListener('keydown', onKey)
      resolve()
    }
    const onPointer = (e: PointerEvent) => { if (e.pointerType !== 'touch') done() }
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Enter') done() }
    el.addEventListener('pointerdown', onPointer)
    el.addEventListener('click', done)
    el.addEventListener('keydown', onKey)
  })
}
