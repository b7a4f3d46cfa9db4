// @ts-check
// Cloudflare Queues take at most 100 messages and 256 KB per sendBatch (and 128 KB
// per message, checked at the door): a 4,000-event Segment batch goes in chunks.
export const QUEUE_LIMITS = { maxMessages: 100, maxBytes: 256 * 1024, perMessageOverhead: 128 }

/** UTF-8 length without encoding (events are mostly ASCII; this is one pass). */
export function utf8Length(s) {
  let n = s.length
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) continue
    if (c < 0x800) n += 1
    else if (c >= 0xd800 && c <= 0xdbff) i++, n += 2 // a surrogate pair: 4 bytes for 2 units
    else n += 2
  }
  return n
}

/** Splits texts into runs that each fit one sendBatch. */
export function chunk(texts, limits = QUEUE_LIMITS) {
  const out = []
  let current = []
  let bytes = 0
  for (const t of texts) {
    const size = utf8Length(t) + limits.perMessageOverhead
    if (current.length && (current.length === limits.maxMessages || bytes + size > limits.maxBytes)) {
      out.push(current)
      current = []
      bytes = 0
    }
    current.push(t)
    bytes += size
  }
  if (current.length) out.push(current)
  return out
}
