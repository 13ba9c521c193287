// A start-up that happens once (a module loaded, a compiler initialised): every caller
// shares the same promise; if it fails, the next caller tries again.

/** `start` run on the first call only; its promise is shared, and forgotten if it rejects. */
export function once<T>(start: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined
  return () => {
    if (!pending) {
      const p = start()
      pending = p
      p.catch(() => { if (pending === p) pending = undefined })
    }
    return pending
  }
}
