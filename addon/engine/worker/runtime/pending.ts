// Counts the runtime work a snippet left under way (timers, tasks, requests, workers), so
// its run is done only when all of it is.

export class Pending {
  private count = 0
  private waiters: Array<() => void> = []
  /** `timeout` is the worker's own setTimeout (the snippet's counts as pending work). */
  constructor(private readonly timeout: (fn: () => void, ms: number) => unknown) {}
  inc(): void { this.count++ }
  dec(): void {
    if (--this.count === 0) this.timeout(() => this.check(), 0)
  }
  track<T>(p: Promise<T>): Promise<T> {
    this.inc()
    return p.finally(() => this.dec())
  }
  /** Resolves once nothing is pending (checked again one task later, for work started in callbacks). */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve)
      this.timeout(() => this.check(), 0)
    })
  }
  private check(): void {
    if (this.count > 0) return
    const w = this.waiters
    this.waiters = []
    w.forEach(f => f())
  }
}
