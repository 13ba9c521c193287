// Pure: what a snippet's (or a function's) source text says about its run.

/**
 * Source text whose timings depend on how fast the cores compute: it calls the runtime's
 * CPU work, or starts workers or threads. The page makes its runs wait for a quiet machine
 * (engine/run/background.ts); a sub-worker warms its loops up before running it.
 */
export const computes = (source: string): boolean => /\b(burn|countPrimes|parallel|threads)\s*\(/.test(source)
