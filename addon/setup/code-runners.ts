import type { CodeRunnerOutput } from '@slidev/types'
import type { RunEvent } from '../engine'
import { defineCodeRunnersSetup } from '@slidev/types'
import { shallowRef } from 'vue'
import { getEngine } from '../composables/engine'
import { compileErrorText, eventLine, timeoutText } from '../engine/run/messages'

// Plain ```ts {monaco-run} blocks use the same engine as the live cells: compiled
// by esbuild-wasm off the main thread, run in a pooled worker with a time budget.
// Slidev's own runner would transpile and evaluate on the main thread.
/** Slidev's output classes for a line's level (as the live cells colour theirs). */
const LINE_CLASS: Record<string, string | undefined> = { error: 'text-red-500', warn: 'text-amber-500', system: 'opacity-60' }

async function runInWorker(code: string) {
  const output = shallowRef<CodeRunnerOutput[]>([])
  const push = (o: CodeRunnerOutput) => { output.value = [...output.value, o] }
  const onEvent = (e: RunEvent) => {
    const line = eventLine(e)
    if (!line) return
    if (e.type === 'error') push({ error: line.text })
    else push({ text: line.text, class: LINE_CLASS[line.level] })
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
