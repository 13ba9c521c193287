// The page's idle time: work that must not hold up a frame or a click runs there.

type RequestIdle = (cb: () => void, options?: { timeout: number }) => unknown

/**
 * Runs `fn` in the next idle period of the page's thread, or after `timeoutMs` at the
 * latest (where there is no requestIdleCallback, in the next task).
 */
export function whenIdle(fn: () => void, timeoutMs = 2000): void {
  const request = (globalThis as { requestIdleCallback?: RequestIdle }).requestIdleCallback
  if (request) request(fn, { timeout: timeoutMs })
  else setTimeout(fn, 0)
}

/** Resolves in the next idle period (or after `timeoutMs`). */
export const idle = (timeoutMs = 2000): Promise<void> => new Promise(resolve => whenIdle(resolve, timeoutMs))
