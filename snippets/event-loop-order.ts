// Guess the order of the letters, then press Run
const log = console.log
log('A  sync code')
setTimeout(() => log('B  timer, 0 ms'), 0)
queueMicrotask(() => log('C  microtask'))
Promise.resolve().then(() => log('D  promise.then'))

async function job() {
  log('E  async function, before await')
  await null
  log('F  async function, after await')
}
job()
log('G  sync code, last line')

export {}
