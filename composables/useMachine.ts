import { readonly, shallowRef } from 'vue'
import type { BrowserInfo, MachineFacts, UABrand } from '../engine/machine'
import { describeMachine, parseBrowser, sampleClock, timerResolution } from '../engine/machine'

export interface UseMachine {
  cores: number
  isolated: boolean
  browser: BrowserInfo
  /** Smallest step of performance.now() seen in a ~5 ms loop, in ms. */
  timerMs: Readonly<{ value: number | undefined }>
  /** One line: "2 cores · isolated · timer 0.1 ms · Chromium 156" */
  summary: () => string
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
  const timerMs = shallowRef(measured)
  return {
    ...facts,
    timerMs: readonly(timerMs),
    summary: () => describeMachine({ ...facts, timerMs: timerMs.value }),
  }
}
