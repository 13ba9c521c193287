// Shared memory (SharedArrayBuffer, Atomics.wait) is what block() and threads() stand on.
// Without it they cannot run; every other runtime call can. What the cell is told then
// names the real cause: a page that is not cross-origin isolated, or a browser that keeps
// SharedArrayBuffer from an isolated page (WebKit unless it is switched on).

/** Why `what` cannot run on this page, in one line; undefined if shared memory is here. */
export function withoutSharedMemory(what: string): string | undefined {
  const isolated = globalThis.crossOriginIsolated === true
  if (isolated && typeof SharedArrayBuffer === 'function') return undefined
  return isolated
    ? `${what} needs shared memory, and this browser does not provide SharedArrayBuffer even on this cross-origin isolated page; every cell that does not share memory runs`
    : `${what} needs SharedArrayBuffer, but this page is not cross-origin isolated: its host sends no COOP/COEP headers and the deck's service worker, which adds them, is not running here (a private window, or service workers blocked)`
}

/** Throws `withoutSharedMemory(what)`'s reason, if there is one. */
export function needSharedMemory(what: string): void {
  const reason = withoutSharedMemory(what)
  if (reason) throw new Error(reason)
}
