// A viewer's page loads the editor when someone reaches for the code: a click (or touch)
// on it, or Enter on it. Until then the code shows as text.

/** Resolves when `el` (or anything in it) is clicked, touched, or gets Enter. */
export function whenWanted(el: HTMLElement | undefined): Promise<void> {
  if (!el) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      el.removeEventListener('pointerdown', done)
      el.removeEventListener('keydown', onKey)
      resolve()
    }
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Enter') done() }
    el.addEventListener('pointerdown', done)
    el.addEventListener('keydown', onKey)
  })
}
