// The runner frame's messages (types only). The frame (frame/host.ts; the page's side:
// run/frame.ts) is a sandboxed iframe, a process of its own in Chromium, that starts the
// cells' workers. The page talks to each worker over a MessagePort of its own, with the
// messages of ../protocol.ts; to the frame only to start, end and interrupt workers, and to
// check that it is still there.
/** Which code a runner worker runs: the snippet worker's (engine/worker/entry.ts) or the Python worker's. */
export type RunnerKind = 'snippet' | 'python'
export type PageToFrame =
  /** The code of one kind of worker: a self-contained ES module (vite/runners.ts). */
  | { op: 'code', kind: RunnerKind, code: string }
  /** Starts a worker; `port` is its line to the page. */
  | { op: 'create', id: number, kind: RunnerKind, name: string, port: MessagePort }
  /** Ends a worker and every sub-worker it started. */
  | { op: 'terminate', id: number }
  /** Writes the Python worker's interrupt word (2: KeyboardInterrupt; 0: clear). */
  | { op: 'interrupt', id: number, value: number }
  | { op: 'ping', seq: number }
export type FrameToPage =
  /** The frame's script runs: it takes code and starts workers from now on. */
  | { op: 'hello' }
  | { op: 'pong', seq: number }
  /** A worker's error event (its code failed to load, or an error nothing caught). */
  | { op: 'error', id: number, message: string }
/** The frame to the shim every runner worker starts with (workerShim). */
export type FrameToShim =
  | { liveCells: 'line', port: MessagePort, entry: string, interrupt?: SharedArrayBuffer }
  | { liveCells: 'child-error', ref: number, message: string }
/** A runner worker's shim to the frame: a sub-worker to start (or end), or its code failed to load. */
export type ShimToFrame =
  | { liveCells: 'spawn', ref: number, name: string, port: MessagePort }
  | { liveCells: 'end', ref: number }
  | { liveCells: 'failed', message: string }
