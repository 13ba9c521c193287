import type { Server } from 'node:http'
export declare const isolationHeaders: Record<string, string>
export interface ServeOptions {
  /** Send COOP/COEP/CORP. @default true, false with `githubPages` */
  isolation?: boolean
  /** The path prefix the site was built for (`--base`). @default '/' */
  base?: string
  /** Behave like GitHub Pages: `/dir` -> 301 `/dir/`, unknown paths -> 404.html with status 404. @default false */
  githubPages?: boolean
}
export declare function serve(root: string, port?: number, host?: string, options?: ServeOptions): Promise<Server>
