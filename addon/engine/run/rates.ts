// Page side of the rates (engine/worker/runtime/work.ts measures them): which code needs
// them, the faster of two readings, where they are kept, and the worker that measures them.
import type { Rates } from '../protocol'
import type { WorkerLike } from './pool'

export type { Rates }

/** The faster of two measurements, rate by rate (other work only ever slows a reading down). */
export function fastest(a: Partial<Rates> | undefined, b: Partial<Rates> | undefined): Rates | undefined {
  const burn = Math.max(a?.burn ?? 0, b?.burn ?? 0)
  const primes = Math.max(a?.primes ?? 0, b?.primes ?? 0)
  return burn > 0 && primes > 0 ? { burn, primes } : undefined
}

/** What this browser has measured of its machine: the fastest rates, and the most cores seen running at once. */
export interface MachineMeasure { rates?: Rates, cores?: number }

/** Where what this browser measured of its machine is kept across page loads. */
export interface MachineStore {
  load(): MachineMeasure | undefined
  save(measured: MachineMeasure): void
}

/** What a run waiting for the first measurement of the machine is told. */
export const MEASURING = 'measuring how many cores run at once and how fast one computes (once per browser)'

/** Measures the rates in a fresh worker of its own: the page's thread stays free, and no run's worker is touched. */
export function measureRates(create: () => WorkerLike): Promise<Rates> {
  return new Promise((resolve, reject) => {
    const worker = create()
    const end = () => { worker.onmessage = null; worker.onerror = null; worker.terminate() }
    worker.onmessage = ({ data }) => {
      if (data.type === 'ready') worker.postMessage({ type: 'calibrate' })
      else if (data.type === 'calibrated') { end(); resolve(data.rates) }
    }
    worker.onerror = (e) => { e.preventDefault?.(); end(); reject(new Error(`measuring a core's speed failed: ${e.message ?? 'worker error'}`)) }
  })
}
