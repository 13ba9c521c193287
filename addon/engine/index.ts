// The engine's public face for the page (the Vue layer, the code runners): create one,
// compile and run snippets, read what they send. What lies behind it, by side and stage:
// compile/ (esbuild), run/ (page side: the pool, background work, rates), worker/ (the
// worker entry and the runtime snippets call), timeline/ and record/ (what the view and
// the handout read), shared/ (pure helpers both sides use); protocol.ts is the boundary.
export type { CompileError, GroupMarker, GroupMessage, LogLevel, Pace, PlotSpec, Rates, Span, SpanKind } from './protocol'
export { compile, configureCompiler, createCompiler, seedCompiler, type CompileResult } from './compile/compile'
export { createEngine, createPythonWorker, createWorker } from './run/engine'
export type { Engine, EngineOptions, RunOptions, PythonOptions, SnippetLang, SnippetOutcome, SnippetRun } from './run/engine-api'
export { PythonRuntime } from './run/python'
export { Background } from './run/background'
export { WorkerPool, type RunError, type RunEvent, type RunOutcome, type WorkerLike } from './run/pool'
export { MEASURING, type MachineMeasure, type MachineStore } from './run/rates'
export { compileErrorText, droppedText, runErrorText, STARTING_PYTHON, timeoutText, waitingText } from './run/messages'
