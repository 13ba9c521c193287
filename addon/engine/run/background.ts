// The deck's own background work (its start-up: compiler, editor, language service, burn's
// rates; the offline copy's download) and the runs it must not share the cores with.
//
// - A run of code that computes waits until no such work is in flight (a few seconds at
//   most, once per page load), and says what it waits for; then the work waits for it.
// - Background work goes in steps; a step starts only while no run is under way, so a
//   Run pressed during start-up pre-empts every step that has not started yet.
// Framework-free; one instance per engine.

export class Background {
  private readonly inFlight = new Map<object, string>()
  private runs = 0
  private wakers: Array<() => void> = []

  /** Runs `work` once no run is under way; while it runs, a run that computes waits for it. */
  async step<T>(name: string, work: () => Promise<T> | T): Promise<T> {
    while (this.runs > 0) await this.changed()
    return this.track(name, Promise.resolve().then(work))
  }

  /** Counts work that has started already (it cannot wait) as in flight until it settles. */
  track<T>(name: string, work: Promise<T>): Promise<T> {
    const token = {}
    this.inFlight.set(token, name)
    this.wake()
    return work.finally(() => {
      this.inFlight.delete(token)
      this.wake()
    })
  }

  /** The background work in flight (the oldest's name), if any. */
  get busy(): string | undefined {
    return this.inFlight.values().next().value
  }

  /**
   * The deck's start-up is over (its last step found the machine quiet): runs no longer
   * check the cores before they start. Until then, one that computes does (engine.ts).
   */
  settled = false

  /** Marks the start-up over. */
  settle(): void {
    this.settled = true
  }

  /** True while a run holds the machine. */
  get running(): boolean {
    return this.runs > 0
  }

  /**
   * A run starts: it waits for the work in flight when `quiet` is set (reporting each
   * thing it waits for through `onWait`, once), then holds the machine until the returned
   * function is called. Steps that have not started wait until then. Undefined if `signal`
   * aborted the wait (a Stop).
   */
  async acquire(quiet: boolean, onWait: (what: string) => void = () => {}, signal?: AbortSignal): Promise<(() => void) | undefined> {
    const aborted = new Promise<void>(resolve => signal?.addEventListener('abort', () => resolve(), { once: true }))
    let told: string | undefined
    while (quiet && this.inFlight.size > 0 && !signal?.aborted) {
      if (this.busy !== told) onWait(told = this.busy!)
      await Promise.race([this.changed(), aborted])
    }
    return signal?.aborted ? undefined : this.hold()
  }

  /** A run that need not wait holds the machine at once, until the returned function is called. */
  hold(): () => void {
    this.runs++
    let released = false
    return () => {
      if (released) return
      released = true
      this.runs--
      this.wake()
    }
  }

  private changed(): Promise<void> {
    return new Promise(resolve => this.wakers.push(resolve))
  }

  private wake(): void {
    const w = this.wakers
    this.wakers = []
    w.forEach(f => f())
  }
}
