import type { Server } from 'node:http'
export declare const isolationHeaders: Readonly<Record<string, string>>
export interface ServeOptions {
  /** Send COOP/COEP/CORP. @default true, false with `githubPages` */
  isolation?: boolean
  /** The path prefix the site was built for (`--base`). @default '/' */
  base?: string
  /** Behave like GitHub Pages: `/dir` -> 301 `/dir/`, unknown paths -> 404.html with status 404. @default false */
  githubPages?: boolean
  /** An emulated network link: Mbit/s shared by all responses, and ms before each starts. @default none */
  link?: { mbps: number, latencyMs?: number }
  /** HTML put at the very start of every page's <head>, before its own scripts. @default none */
  inject?: string
}
/** What the server sent: requests answered, body bytes, the files it read (from the site's root), and the requests answered with an error status. */
export interface ServeStats { requests: number, bytes: number, paths: string[], failed: Array<{ status: number, path: string }> }
export declare function serve(root: string, port?: number, host?: string, options?: ServeOptions): Promise<Server & { stats: ServeStats }>
