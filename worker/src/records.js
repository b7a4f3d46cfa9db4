// @ts-check
// What a dead letter is called and what of an event may be logged.

/** A dead letter's key: when, which message, and a random part (a message may die twice). */
export function deadLetterKey(messageId) {
  const rand = crypto.getRandomValues(new Uint32Array(1))[0].toString(36)
  return `${new Date().toISOString()}~${String(messageId ?? 'no-id').slice(0, 100)}~${rand}`
}

/** Only ids leave in logs: the event's content stays out. */
export function ids(text) {
  const m = /"messageId"\s*:\s*"((?:[^"\\]|\\.){0,100})"/.exec(text)
  const t = /"type"\s*:\s*"(\w{1,20})"/.exec(text)
  return { messageId: m?.[1], type: t?.[1] }
}
