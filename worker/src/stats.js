// @ts-check
// Counters for GET /health. They live in the isolate: a deployed Worker may run several
// isolates, so these are this isolate's figures since it started.
export const stats = {
  since: new Date().toISOString(),
  /** @type {Record<string, number>} */
  requests: {},        // by HTTP status
  eventsQueued: 0,
  delivered: 0,
  alreadyDelivered: 0,
  notSubscribed: 0,
  retried: 0,
  deadLettered: 0,
  /** Writes the ledger refused (their batches were retried), and the last one's time. */
  ledgerWriteFailures: 0,
  /** @type {string | null} */
  lastLedgerWriteFailure: null,
}

export function countLedgerFailure() {
  stats.ledgerWriteFailures += 1
  stats.lastLedgerWriteFailure = new Date().toISOString()
}

export function countRequest(status) {
  stats.requests[status] = (stats.requests[status] ?? 0) + 1
}
