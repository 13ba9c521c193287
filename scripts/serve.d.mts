import type { Server } from 'node:http'
export declare const isolationHeaders: Record<string, string>
export declare function serve(root: string, port?: number, host?: string, options?: { isolation?: boolean }): Promise<Server>
