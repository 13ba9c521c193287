// What outlives a run: its record, and what reads one (replay, trace export).
export { checkRecords, codeHash, createRecord, parseRecordFile, provenance, RECORD_FILE_KIND, RECORD_VERSION, recordFile } from './record'
export type { RecordFile, RecordInput, RecordLine, RecordMachine, RecordOutcome, RunRecord, StaleRecord } from './record'
export { replayEnd, replaySteps, type ReplayStep } from './replay'
export { toTrace, type TraceEvent, type TraceFile } from './trace'
