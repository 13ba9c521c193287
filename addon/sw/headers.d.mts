/** The response headers cross-origin isolation needs (headers.mjs). */
export declare const isolationHeaders: Readonly<Record<string, string>>
