// A toy event loop: generators take turns
type Job = Generator<string, void, undefined>

function* cook(dish: string, steps: number): Job {
  for (let i = 1; i <= steps; i++) {
    yield `${dish} ${i}`
  }
}
function* breakfast(): Job {
  yield* cook('tea', 2) // like `yield from`
  yield* cook('toast', 2)
}

// #region scheduler
function run(jobs: Job[]): void {
  const ready = [...jobs] // the run queue
  while (ready.length > 0) {
    const job = ready.shift()!
    const step = job.next() // up to its next yield
    if (step.done) continue // finished: drop it
    console.log(step.value)
    ready.push(job) // back of the queue
  }
}
// #endregion

run([cook('rice', 3), breakfast(), cook('soup', 2)])

export {}
