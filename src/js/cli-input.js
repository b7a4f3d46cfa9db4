// The CLI's input: Segment events as NDJSON or one JSON array, plain or gzip, from a
// file or stdin, read as a stream (memory does not grow with the input).
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { Readable, pipeline } from 'node:stream'
import { createGunzip } from 'node:zlib'

const READ_BYTES = 16 * 1024

/**
 * `{ events, bytesRead(), gzip }`: `events` yields `{ position, line, text }` (position:
 * the event's 1-based ordinal; line: its line for NDJSON, else null) and throws on input
 * that is neither format, saying where. `bytesRead()`: bytes of the source read so far.
 */
export async function openInput(source) {
  // Small reads: the share of the file read is the progress when the count is unknown.
  const input = source === '-' ? process.stdin : createReadStream(source, { highWaterMark: READ_BYTES })
  let bytes = 0
  const counted = (async function* () {
    for await (const chunk of input) {
      bytes += chunk.length
      yield chunk
    }
  })()
  const first = await counted.next()
  const gzip = !first.done && first.value[0] === 0x1f && first.value[1] === 0x8b
  const raw = (async function* () {
    if (!first.done) yield first.value
    yield* counted
  })()
  const decoded = gzip ? pipeline(Readable.from(raw, { objectMode: false, highWaterMark: READ_BYTES }), createGunzip(), () => {}) : raw
  return { events: events(decoded), bytesRead: () => bytes, gzip }
}

async function* texts(chunks) {
  const decoder = new TextDecoder('utf-8')
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true })
    if (text) yield text
  }
  const rest = decoder.decode()
  if (rest) yield rest
}

/** NDJSON unless the first non-blank character is `[`. */
async function* events(chunks) {
  const source = texts(chunks)[Symbol.asyncIterator]()
  let head = ''
  for (;;) {
    const next = await source.next()
    if (next.done) return
    head += next.value
    if (/\S/.test(head)) break
  }
  const all = (async function* () {
    yield head
    for (let n; !(n = await source.next()).done; ) yield n.value
  })()
  yield* head.trimStart().startsWith('[') ? arrayItems(all) : ndjsonLines(all)
}

async function* ndjsonLines(textChunks) {
  let carry = ''
  let line = 0
  let position = 0
  const item = (text) => {
    line += 1
    const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text
    return trimmed.trim() === '' ? null : { position: ++position, line, text: trimmed }
  }
  for await (const chunk of textChunks) {
    const parts = (carry + chunk).split('\n')
    carry = parts.pop()
    for (const part of parts) {
      const it = item(part)
      if (it) yield it
    }
  }
  const it = carry === '' ? null : item(carry)
  if (it) yield it
}

/** The elements of one top-level JSON array, each as its own text (not parsed here). */
async function* arrayItems(textChunks) {
  let depth = 0 // inside the top array: 1
  let inString = false
  let escaped = false
  let element = '' // the element read so far
  let position = 0
  let offset = 0 // characters read before this chunk
  let closed = false
  const fail = (at, what) => {
    throw new Error(`the input is not NDJSON or one JSON array: ${what} at character ${at + 1}`)
  }
  for await (const chunk of textChunks) {
    // Where the current element's part of this chunk starts, -1 between elements.
    let from = depth >= 2 || (depth === 1 && element !== '') ? 0 : -1
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]
      if (inString) {
        if (escaped) escaped = false
        else if (c === '\\') escaped = true
        else if (c === '"') inString = false
        continue
      }
      if (closed) {
        if (!/\s/.test(c)) fail(offset + i, 'text after the array')
        continue
      }
      if (depth === 0) {
        if (c === '[') depth = 1
        else if (!/\s/.test(c)) fail(offset + i, `unexpected "${c}"`)
        continue
      }
      if (depth === 1 && (c === ',' || c === ']')) {
        if (from >= 0) element += chunk.slice(from, i)
        from = -1
        const text = element.trim()
        element = ''
        if (text !== '') yield { position: ++position, line: null, text }
        else if (c === ',' || position > 0) fail(offset + i, `missing value before "${c}"`)
        if (c === ']') {
          depth = 0
          closed = true
        }
        continue
      }
      if (depth === 1 && from < 0) {
        if (/\s/.test(c)) continue
        from = i
      }
      if (c === '"') inString = true
      else if (c === '[' || c === '{') depth += 1
      else if (c === ']' || c === '}') depth -= 1
    }
    if (from >= 0) element += chunk.slice(from)
    offset += chunk.length
  }
  if (!closed) fail(offset, 'the array does not end')
}

/**
 * How many events an NDJSON file holds (plain or gzip), counting non-blank lines, or
 * null when that is not cheap to know (a JSON array, stdin). A gzip file is read
 * through once more for it: seconds for a million events, which take a day to send.
 */
export async function countLines(source) {
  if (source === '-') return null
  const file = await open(source)
  let gzip
  try {
    const head = Buffer.alloc(2)
    const { bytesRead } = await file.read(head, 0, 2, 0)
    gzip = bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b
  } finally {
    await file.close()
  }
  const raw = createReadStream(source, { highWaterMark: 1 << 20 })
  const chunks = gzip ? pipeline(raw, createGunzip(), () => {}) : raw
  let lines = 0
  let content = false // the current line has a character other than whitespace
  let first = true
  try {
    for await (const buffer of chunks) {
      let i = 0
      if (first) {
        // The first non-blank character decides the format, as in openInput.
        while (i < buffer.length && (buffer[i] === 0x20 || buffer[i] === 0x0d || buffer[i] === 0x09 || buffer[i] === 0x0a)) i += 1
        if (i === buffer.length) continue
        first = false
        if (buffer[i] === 0x5b) return null // '[': a JSON array
      }
      for (; i < buffer.length; i++) {
        const b = buffer[i]
        if (b === 0x0a) {
          if (content) lines += 1
          content = false
        } else if (b !== 0x20 && b !== 0x0d && b !== 0x09) content = true
      }
    }
  } catch {
    return null // a damaged gzip: openInput says where when the events are read
  } finally {
    raw.destroy()
  }
  return content ? lines + 1 : lines
}
