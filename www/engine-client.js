// Runs the engine in a Web Worker, one run at a time: while a run is busy only the latest
// request waits (older ones are superseded, so typing never queues up work). A run past
// its time limit, or stopped by the user, ends by terminating the worker; a fresh one
// starts at once.

const WORKER_URL = new URL('./engine-worker.js', import.meta.url)

export class Engine {
  #worker = null
  #ready = null
  #busy = null // { id, resolve, timer }
  #waiting = null // { run, resolve }
  #ids = 0
  onBusy = () => {}

  constructor() {
    this.#start()
  }

  #start() {
    this.#worker = new Worker(WORKER_URL, { type: 'module' })
    this.#ready = new Promise((resolve) => {
      this.#worker.addEventListener('message', function first({ data }) {
        if ('ready' in data) resolve(data)
      })
      this.#worker.addEventListener('error', (e) => resolve({ ready: false, fatal: e.message || 'the engine worker failed to start' }))
    })
    this.#worker.addEventListener('message', ({ data }) => {
      if (this.#busy && data.id === this.#busy.id) this.#finish(data)
    })
  }

  ready() {
    return this.#ready
  }

  /** Resolves with the worker's answer, `{ superseded: true }` or `{ stopped: reason }`. */
  run(run, timeLimitMs = 2000) {
    return new Promise((resolve) => {
      if (this.#busy) {
        this.#waiting?.resolve({ superseded: true })
        this.#waiting = { run, resolve, timeLimitMs }
        return
      }
      this.#send(run, resolve, timeLimitMs)
    })
  }

  #send(run, resolve, timeLimitMs) {
    const id = ++this.#ids
    const timer = setTimeout(() => this.stop(`Stopped: the run took longer than ${timeLimitMs / 1000} s.`), timeLimitMs)
    this.#busy = { id, resolve, timer }
    this.onBusy(true)
    this.#worker.postMessage({ ...run, id })
  }

  #finish(answer) {
    const { resolve, timer } = this.#busy
    clearTimeout(timer)
    this.#busy = null
    resolve(answer)
    const next = this.#waiting
    this.#waiting = null
    if (next) this.#send(next.run, next.resolve, next.timeLimitMs)
    else this.onBusy(false)
  }

  /** Ends the current run (and drops the waiting one) by replacing the worker. */
  stop(reason = 'Stopped.') {
    if (!this.#busy) return
    this.#worker.terminate()
    clearTimeout(this.#busy.timer)
    const { resolve } = this.#busy
    this.#busy = null
    this.#waiting?.resolve({ superseded: true })
    this.#waiting = null
    this.onBusy(false)
    this.#start()
    resolve({ stopped: reason })
  }
}
