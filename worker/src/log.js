// @ts-check
// Structured logs: one JSON object per line. Only ids, counts, statuses and error
// kinds go in; never a secret, never an event's content (emails, traits).
export function log(level, msg, fields = {}) {
  const line = JSON.stringify({ level, msg, ...fields })
  if (level === 'error') console.error(line)
  else console.log(line)
}
