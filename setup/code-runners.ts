import type { CodeRunnerOutput } from '@slidev/types'
import type { RunEvent } from '../engine'
import { defineCodeRunnersSetup } from '@slidev/types'
import { shallowRef } from 'vue'
import { getEngine } from '../composables/engine'
import { compileErrorText, droppedText, runErrorText, timeoutText } from '../engine/messages'

// Plain ```ts {monaco-run} blocks use the same engine as the live cells: compiled
// by esbuild-wasm off the main thread, run in a pooled worker with a time budget.
// Slidev's own runner would transpile and evaluate on the main thread.
async function runInWorker(code: string) {
  const output = shallowRef<CodeRunnerOutput[]>([])
  const push = (o: CodeRunnerOutput) => { output.value = [...output.value, o] }
  const onEvent = (e: RunEvent) => {
    if (e.type === 'log') push({ text: e.text, class: e.level === 'error' || e.level === 'warn' ? `text-${e.level === 'error' ? 'red' : 'amber'}-500` : undefined })
    else if (e.type === 'dropped') push({ text: droppedText(e.count), class: 'opacity-60' })
    else if (e.type === 'error') push({ error: runErrorText(e) })
  }
  const engine = await getEngine()
  const run = engine.runSnippet(code, { budgetMs: 5_000 }, onEvent)
  void run.done.then((outcome) => {
    if (outcome.status === 'compile-error') outcome.errors.forEach(e => push({ error: compileErrorText(e) }))
    else if (outcome.status === 'timeout') push({ error: timeoutText(outcome.budgetMs) })
    else if (outcome.status === 'error' && outcome.error.crashed) push({ error: outcome.error.message })
  })
  return output
}

export default defineCodeRunnersSetup(() => ({
  ts: runInWorker,
  typescript: runInWorker,
  js: runInWorker,
  javascript: runInWorker,
}))
