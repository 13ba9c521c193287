/**
 * The print view (`slidev export`, the browser exporter, ?print): slides are laid
 * out for paper, so cells show their code as text and start no editor or worker.
 */
export function isPrintView(loc: Pick<Location, 'search' | 'pathname'> | undefined = globalThis.location): boolean {
  if (!loc) return false
  return new URLSearchParams(loc.search).has('print') || /\/(export|print)(\/|$)/.test(loc.pathname)
}
