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
}
/** What the server sent: requests answered, body bytes, and the files it read (from the site's root). */
export interface ServeStats { requests: number, bytes: number, paths: string[] }
export declare function serve(root: string, port?: number, host?: string, options?: ServeOptions): Promise<Server & { stats: ServeStats }>
