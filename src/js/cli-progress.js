// The CLI's progress display and final table. Written here rather than taken from a
// library: one bar and one line format are ~100 lines, and the package stays without
// runtime dependencies.

const BAR_WIDTH = 24
const TTY_EVERY_MS = 100
const RATE_WINDOW_MS = 10_000

export function duration(ms) {
  if (!Number.isFinite(ms)) return '?'
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`
}

const int = (n) => n.toLocaleString('en-US')

/**
 * `stream`: where to write (stderr). `tty`: draw a bar in place, else a plain line every
 * `everyMs`. `pacedRate`: requests per second the sender keeps to (null: unpaced).
 * `initialDone`: events done before the run (a resumed checkpoint).
 * `update(stats)` with `{ done, total?, fraction?, delivered, rejected, failed }`
 * (`total` when the number of events is known, else `fraction` of the input read).
 */
export function progress({ stream, tty, everyMs = 5000, pacedRate, initialDone = 0, now = () => Date.now() }) {
  const samples = [[now(), initialDone]] // [time, done], the last RATE_WINDOW_MS
  let last = 0
  let drawn = false
  const line = (stats, bar) => {
    const t = now()
    samples.push([t, stats.done])
    while (samples.length > 2 && t - samples[0][0] > RATE_WINDOW_MS) samples.shift()
    const [t0, d0] = samples[0]
    const rate = t > t0 ? ((stats.done - d0) * 1000) / (t - t0) : 0
    const fraction = stats.total ? stats.done / stats.total : stats.fraction
    const remaining = stats.total ? stats.total - stats.done
      : fraction > 0 ? (stats.done * (1 - fraction)) / fraction : NaN
    // At the paced rate, unless the run is slower than that (few events in flight, retries).
    const speed = pacedRate ? (rate > 0 ? Math.min(rate, pacedRate) : pacedRate) : rate
    const eta = remaining >= 0 && speed > 0 ? duration((remaining / speed) * 1000) : '?'
    const n = bar ? int : String // plain lines are for logs and scripts: no thousands separators
    const count = stats.total ? `${n(stats.done)}/${n(stats.total)}` : n(stats.done)
    const percent = fraction >= 0 ? ` ${(fraction * 100).toFixed(1)}%` : ''
    const fates = `delivered ${n(stats.delivered)}  rejected ${n(stats.rejected)}  failed ${n(stats.failed)}`
    const head = bar && fraction >= 0
      ? `[${'█'.repeat(Math.round(fraction * BAR_WIDTH)).padEnd(BAR_WIDTH, '░')}] `
      : ''
    return `${head}${count}${percent}  ${rate.toFixed(1)}/s  ETA ${eta}  ${fates}`
  }
  return {
    tty,
    update(stats, { force = false } = {}) {
      const t = now()
      if (!force && t - last < (tty ? TTY_EVERY_MS : everyMs)) return
      last = t
      if (tty) {
        stream.write(`\r\x1b[2K${line(stats, true)}`)
        drawn = true
      } else {
        stream.write(`progress ${line(stats, false)}\n`)
      }
    },
    /** Ends the bar's line before other output. */
    end() {
      if (drawn) stream.write('\n')
      drawn = false
    },
  }
}

const FATES = [['delivered', 'delivered'], ['already_delivered', 'already delivered'], ['rejected', 'rejected'], ['failed', 'failed'], ['misconfigured', 'misconfigured']]

/** The final table: requests by fate (rows) and action (columns). `byAction`: action → { fate → n }. */
export function summaryTable(byAction) {
  const actions = [...byAction.keys()].sort()
  const columns = [...actions, 'total']
  const cell = (action, fate) =>
    action === 'total' ? actions.reduce((n, a) => n + (byAction.get(a)[fate] ?? 0), 0) : byAction.get(action)[fate] ?? 0
  const rows = [['', ...columns], ...FATES.map(([fate, label]) => [label, ...columns.map((a) => int(cell(a, fate)))])]
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd()).join('\n')
}
