// The CLI's checkpoint: which events of the input are done (delivered, or reported),
// so a resumed run sends nothing twice. Positions 1..doneThrough are all done, plus
// the set doneAfter beyond (events finish out of order, a window at a time), so the
// file stays small whatever the input's size. Written after every event, atomically
// (a temporary file renamed over it): a crash leaves the old or the new one, never half.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'

const VERSION = 1
/** fsync at most this often: a rename survives a process crash at once, a reboot after this. */
const SYNC_EVERY_MS = 1000

export class Checkpoint {
  #file
  #source
  #doneThrough = 0
  #doneAfter = new Set()
  #lastSync = 0

  /** `source`: what the input was (`{ name, size }`), to refuse another input's checkpoint. */
  constructor(file, source) {
    this.#file = file
    this.#source = source
  }

  /** Reads the file if it exists; throws with the file's name when it is not ours. */
  load() {
    let text
    try {
      text = readFileSync(this.#file, 'utf8')
    } catch (e) {
      if (e.code === 'ENOENT') return this
      throw e
    }
    let saved
    try {
      saved = JSON.parse(text)
    } catch {
      throw new Error(`checkpoint ${this.#file} is not JSON`)
    }
    if (saved?.version !== VERSION || !Number.isInteger(saved.doneThrough) || !Array.isArray(saved.doneAfter)) {
      throw new Error(`checkpoint ${this.#file} is not a loops-destination checkpoint (version ${VERSION})`)
    }
    if (saved.source?.size !== this.#source.size) {
      throw new Error(`checkpoint ${this.#file} is for another input (${saved.source?.name}, ${saved.source?.size} bytes), not ${this.#source.name} (${this.#source.size} bytes)`)
    }
    this.#doneThrough = saved.doneThrough
    this.#doneAfter = new Set(saved.doneAfter)
    return this
  }

  /** Events done so far. */
  get count() {
    return this.#doneThrough + this.#doneAfter.size
  }

  isDone(position) {
    return position <= this.#doneThrough || this.#doneAfter.has(position)
  }

  markDone(position) {
    if (position === this.#doneThrough + 1) {
      this.#doneThrough = position
      while (this.#doneAfter.delete(this.#doneThrough + 1)) this.#doneThrough += 1
    } else if (position > this.#doneThrough) {
      this.#doneAfter.add(position)
    }
  }

  /**
   * Writes it now, synchronously: it must be there before a later event of the same
   * contact starts. `sync`: fsync now (at the end of a run), not just once a second.
   */
  save({ sync = false } = {}) {
    const text = JSON.stringify({
      version: VERSION, source: this.#source, doneThrough: this.#doneThrough,
      doneAfter: [...this.#doneAfter].sort((a, b) => a - b),
    })
    const temporary = `${this.#file}.tmp`
    const fd = openSync(temporary, 'w')
    try {
      writeSync(fd, text)
      const now = Date.now()
      if (sync || now - this.#lastSync >= SYNC_EVERY_MS) {
        fsyncSync(fd)
        this.#lastSync = now
      }
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, this.#file)
  }
}
