// `burn`'s unit of work, and how much of it this thread does per ms.

export const mix = (x: number) => (x * 1103515245 + 12345) | 0

/**
 * How many of `burn`'s iterations this thread does per ms, measured over ~20 ms.
 * `burn(ms)` then does a fixed amount of work: two burns sharing one core take
 * twice as long, so the timeline cannot show a speedup the cores did not give.
 */
export function measureBurnRate(sampleMs = 20): number {
  let x = 1
  // A short warm-up first, so the measurement sees optimised code, as burn will.
  for (const end = performance.now() + 5; performance.now() < end;) for (let i = 0; i < 1000; i++) x = mix(x)
  let iterations = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < sampleMs) {
    for (let i = 0; i < 1000; i++) x = mix(x)
    iterations += 1000
    elapsed = performance.now() - start
  }
  return x === 0.5 ? 0 : iterations / elapsed
}
