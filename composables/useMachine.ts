import type { RecordMachine } from '../engine/record'
import type { BrowserInfo, MachineFacts, UABrand } from '../logic/machine'
import { describeMachine, formatBrowser, machineParts, parseBrowser, sampleClock, timerResolution } from '../logic/machine'

export interface UseMachine {
  cores: number
  isolated: boolean
  browser: BrowserInfo
  /** Smallest step of performance.now() seen in a ~5 ms loop, in ms. */
  timerMs?: number
  /** The line's parts, for the badge. */
  parts: ReturnType<typeof machineParts>
  /** One line: "2 cores · isolated · timer 0.1 ms · Chromium 156" */
  summary: string
  /** The machine as a run record carries it. */
  record: RecordMachine
}

// Measured once per page: the clock's resolution does not change, and the loop busies the thread ~5 ms.
let measured: number | undefined

/** The facts the audience needs next to a measured number: cores, isolation, clock, browser. */
export function useMachine(): UseMachine {
  const nav = typeof navigator === 'undefined' ? undefined : navigator
  const brands = (nav as (Navigator & { userAgentData?: { brands?: UABrand[] } }) | undefined)?.userAgentData?.brands
  const facts: Omit<MachineFacts, 'timerMs'> = {
    cores: nav?.hardwareConcurrency || 1,
    isolated: globalThis.crossOriginIsolated === true,
    browser: parseBrowser(nav?.userAgent ?? '', brands),
  }
  if (measured === undefined && typeof performance !== 'undefined')
    measured = timerResolution(sampleClock(() => performance.now()))
  const all: MachineFacts = { ...facts, timerMs: measured }
  const summary = describeMachine(all)
  return {
    ...all,
    parts: machineParts(all),
    summary,
    record: { cores: all.cores, isolated: all.isolated, timerMs: all.timerMs, browser: formatBrowser(all.browser), line: summary },
  }
}
