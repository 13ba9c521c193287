// Pure helpers for the machine badge: browser from the user agent, timer resolution.

export interface BrowserInfo { name: string, version: string }
/** `navigator.userAgentData.brands` entries (Chromium-based browsers only). */
export interface UABrand { brand: string, version: string }

const major = (v: string | undefined) => (v ?? '').split('.')[0]

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
const UA_RULES: Array<[name: string, re: RegExp]> = [
  ['Edge', /\b(?:Edg|EdgA|EdgiOS|Edge)\/([\d.]+)/],
  ['Opera', /\b(?:OPR|OPT)\/([\d.]+)/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/([\d.]+)/],
  ['Chromium', /\bChromium\/([\d.]+)/],
  ['Chrome', /\b(?:HeadlessChrome|Chrome|CriOS)\/([\d.]+)/],
  ['Safari', /\bVersion\/([\d.]+).*\bSafari\//],
]

/**
 * Browser name and major version. Modern Chromium sends a Chrome user agent, so
 * when `brands` are known (userAgentData) they decide Chrome vs Chromium.
 */
export function parseBrowser(userAgent: string, brands?: readonly UABrand[]): BrowserInfo {
  if (brands?.length) {
    const find = (name: string) => brands.find(b => b.brand === name)
    for (const [brand, name] of [['Microsoft Edge', 'Edge'], ['Opera', 'Opera'], ['Google Chrome', 'Chrome'], ['Chromium', 'Chromium']]) {
      const hit = find(brand)
      if (hit) return { name, version: major(hit.version) }
    }
  }
  for (const [name, re] of UA_RULES) {
    const m = re.exec(userAgent)
    if (m) return { name, version: major(m[1]) }
  }
  return { name: 'Unknown browser', version: '' }
}

export const formatBrowser = (b: BrowserInfo) => (b.version ? `${b.name} ${b.version}` : b.name)

/** Smallest nonzero step between successive clock readings, in ms; undefined if the clock never moved. */
export function timerResolution(readings: readonly number[]): number | undefined {
  let best = Infinity
  for (let i = 1; i < readings.length; i++) {
    const d = readings[i] - readings[i - 1]
    if (d > 0 && d < best) best = d
  }
  return Number.isFinite(best) ? best : undefined
}

/** Reads `now` in a tight loop for at most `budgetMs` (@default 5) or `maxSamples` (@default 100000). */
export function sampleClock(now: () => number, budgetMs = 5, maxSamples = 100_000): number[] {
  const readings = [now()]
  const stop = readings[0] + budgetMs
  while (readings.length < maxSamples) {
    const t = now()
    readings.push(t)
    if (t >= stop) break
  }
  return readings
}

/** "5 µs", "0.1 ms", "1 ms" */
export function formatResolution(ms: number | undefined): string {
  if (ms === undefined) return 'unknown'
  const rounded = Number(ms.toPrecision(2)) // 0.09999… (float noise) reads as 0.1 ms
  if (rounded < 0.1) return `${Number((ms * 1000).toPrecision(2))} µs`
  return `${rounded} ms`
}

export interface MachineFacts {
  /** Workers that really run at once (the deck's count), or the browser's figure until counted. */
  cores: number
  /** What the browser says (`navigator.hardwareConcurrency`), when it says something else. */
  reportedCores?: number
  isolated: boolean
  /** SharedArrayBuffer exists (an isolated page may still lack it: WebKit without the flag). @default true */
  sharedMemory?: boolean
  /** Measured timer resolution in ms; undefined until measured. */
  timerMs?: number
  browser: BrowserInfo
}

/** The machine line's parts, in order; `warn` marks one the audience should notice. */
export function machineParts(m: MachineFacts): Array<{ text: string, warn?: true }> {
  return [
    { text: `${m.cores} ${m.cores === 1 ? 'core' : 'cores'}${m.reportedCores && m.reportedCores !== m.cores ? `; the browser says ${m.reportedCores}` : ''}` },
    !m.isolated
      ? { text: 'not isolated: shared-memory demos disabled', warn: true }
      : m.sharedMemory === false ? { text: 'isolated, but no SharedArrayBuffer: shared-memory demos disabled', warn: true } : { text: 'isolated' },
    { text: `timer ${formatResolution(m.timerMs)}` },
    { text: formatBrowser(m.browser) },
  ]
}

/** "2 cores · isolated · timer 0.1 ms · Chromium 156": the badge above each cell, and every record's. */
export function describeMachine(m: MachineFacts): string {
  return machineParts(m).map(p => p.text).join(' · ')
}
