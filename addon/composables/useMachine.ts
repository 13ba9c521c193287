import type { MachineMeasure, MachineStore } from '../engine'
import type { RecordMachine } from '../engine/record'
import type { BrowserInfo, MachineFacts, UABrand } from '../logic/machine'
import { ref } from 'vue'
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

/**
 * What this browser measured of its machine (engine/run/rates.ts: the fastest rates, the
 * most cores counted running at once), kept across page loads: a Run right after a reload
 * need not measure again. Another browser version or reported core count, or another
 * definition of the work, starts afresh.
 */
export function machineStore(): MachineStore {
  const key = 'live-cells:machine'
  const owner = `v2 ${navigator.hardwareConcurrency} ${navigator.userAgent}`
  return {
    load() {
      try {
        const saved = JSON.parse(localStorage.getItem(key) ?? 'null') as { owner: string } & MachineMeasure | null
        if (saved?.owner !== owner) return undefined
        const rates = saved.rates && saved.rates.burn > 0 && saved.rates.primes > 0 ? saved.rates : undefined
        const cores = Number.isInteger(saved.cores) && saved.cores! > 0 ? saved.cores : undefined
        return { rates, cores }
      }
      catch { return undefined }
    },
    save(m) {
      try { localStorage.setItem(key, JSON.stringify({ owner, ...m })) } catch {}
    },
  }
}

/**
 * How many workers really run at once here, once the deck has counted them (the engine
 * sets it; an earlier visit's count is kept): the figure every timeline, pool and machine
 * line uses. Until then, the browser's own figure stands in.
 */
export const countedCores = ref<number | undefined>(typeof window === 'undefined' ? undefined : machineStore().load()?.cores)

/** The facts the audience needs next to a measured number: cores, isolation, clock, browser. */
export function useMachine(): UseMachine {
  const nav = typeof navigator === 'undefined' ? undefined : navigator
  const brands = (nav as (Navigator & { userAgentData?: { brands?: UABrand[] } }) | undefined)?.userAgentData?.brands
  const reported = nav?.hardwareConcurrency || 1
  const facts: Omit<MachineFacts, 'timerMs'> = {
    cores: countedCores.value ?? reported,
    reportedCores: reported,
    isolated: globalThis.crossOriginIsolated === true,
    sharedMemory: typeof SharedArrayBuffer === 'function',
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
