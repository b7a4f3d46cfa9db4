#!/usr/bin/env node
// `loops-destination send <file|->`: a backfill of Segment events to Loops at Loops'
// pace, resumable, over the package's own Destination and sender (see README, "The CLI").
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { Destination } from './node.js'
import { Checkpoint } from './cli-checkpoint.js'
import { countLines, openInput } from './cli-input.js'
import { duration, progress, summaryTable } from './cli-progress.js'

const USAGE = `Usage: loops-destination send <file|-> [options]

Sends Segment events (NDJSON or one JSON array, plain or gzip) to Loops, paced.
The API key is read from LOOPS_API_KEY.

Options:
  --config FILE       the playground's exported config (new Destination options without apiKey)
  --base-url URL      the Loops API (default https://app.loops.so/api)
  --rate N            requests per second (default 10, Loops' limit)
  --concurrency N     events in flight at once (default 8)
  --checkpoint FILE   resume from FILE and keep it up to date
  --report FILE       append one JSON line per request not delivered
  --dry-run           previews only: the requests (key redacted) on stdout, no key needed
  --strict            Loops-aware warnings become errors: nothing questionable is sent
  -h, --help`

/** A problem with how the CLI was called: exit 2 with the message. */
class UsageError extends Error {}

const EXIT = { ok: 0, undelivered: 1, usage: 2, interrupted: 130 }

function parse(argv) {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      config: { type: 'string' }, 'base-url': { type: 'string' }, rate: { type: 'string' },
      concurrency: { type: 'string' }, checkpoint: { type: 'string' }, report: { type: 'string' },
      'dry-run': { type: 'boolean' }, strict: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return { help: true }
  const [command, source, ...extra] = positionals
  if (command !== 'send') throw new UsageError(command ? `unknown command "${command}"` : 'no command')
  if (!source || extra.length) throw new UsageError('send takes one file, or - for stdin')
  const number = (name, integer) => {
    const text = values[name]
    if (text === undefined) return undefined
    const n = Number(text)
    if (!(n > 0) || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      throw new UsageError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${text}"`)
    }
    return n
  }
  return {
    source, config: values.config, baseUrl: values['base-url'], rate: number('rate', false),
    concurrency: number('concurrency', true) ?? 8, checkpoint: values.checkpoint, report: values.report,
    dryRun: Boolean(values['dry-run']), strict: Boolean(values.strict),
  }
}

function destinationOptions(args, apiKey) {
  let options = {}
  if (args.config) {
    let text
    try {
      text = readFileSync(args.config, 'utf8')
    } catch (e) {
      throw new UsageError(`--config ${args.config}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`)
    }
    try {
      options = JSON.parse(text)
    } catch (e) {
      throw new UsageError(`--config ${args.config}: not JSON (${e.message})`)
    }
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new UsageError(`--config ${args.config}: must be a JSON object (the options of new Destination without apiKey)`)
    }
    if ('apiKey' in options) throw new UsageError(`--config ${args.config}: must not hold the API key: set LOOPS_API_KEY`)
  }
  options = { ...options, apiKey }
  if (args.baseUrl) options.baseUrl = args.baseUrl
  if (args.rate) options.rateLimit = args.rate
  if (args.strict) options.strict = true
  try {
    return { options, destination: new Destination(options) }
  } catch (e) {
    const where = e.path ? ` at ${e.path}` : ''
    throw new UsageError(`${args.config ? `--config ${args.config}` : 'options'}: ${e.message}${where}`)
  }
}

/** Writes to stdout, waiting when the reader is slower (memory stays flat). */
async function writeOut(text) {
  if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve))
}

/** What the progress shows: done / total, or the share of the input read. */
function inputMeter(args, total) {
  const size = args.source === '-' ? null : statSync(args.source).size
  return { size, total, fraction: (input) => (total == null && size ? input.bytesRead() / size : undefined) }
}

function progressFor(pacedRate, initialDone) {
  const everyMs = Number(process.env.LOOPS_DESTINATION_PROGRESS_MS) || 5000
  return progress({ stream: process.stderr, tty: Boolean(process.stderr.isTTY), everyMs, pacedRate, initialDone })
}

async function dryRun(args, destination, meter, input) {
  const bar = progressFor(null, 0)
  const stats = { done: 0, delivered: 0, rejected: 0, failed: 0, total: meter.total }
  const warnings = new Map() // "action path: message" → count, at most MAX_WARNING_KINDS kinds
  const MAX_WARNING_KINDS = 1000
  let otherWarnings = 0
  const report = args.report ? openSync(args.report, 'a') : null
  const timer = setInterval(() => bar.update({ ...stats, fraction: meter.fraction(input) }), 250)
  let readError = null
  try {
    for await (const item of input.events) {
      let entries
      try {
        entries = JSON.parse(destination.previewJson(item.text))
      } catch (e) {
        entries = [{ action: null, subscribed: true, errors: [{ message: e.message, path: e.path ?? '' }], warnings: [] }]
      }
      let rejected = false
      for (const entry of entries) {
        if (!entry.subscribed && entry.errors.length === 0) continue
        for (const w of entry.warnings) {
          const kind = `${entry.action} ${w.path}: ${w.message}`
          if (warnings.has(kind) || warnings.size < MAX_WARNING_KINDS) warnings.set(kind, (warnings.get(kind) ?? 0) + 1)
          else otherWarnings += 1
        }
        if (entry.errors.length) {
          rejected = true
          const reason = entry.errors.map((e) => (e.path ? `${e.message} (at ${e.path})` : e.message)).join('; ')
          if (report !== null) writeSync(report, `${JSON.stringify({ position: item.position, line: item.line, action: entry.action, outcome: 'rejected', reason })}\n`)
        } else {
          await writeOut(`${JSON.stringify({ position: item.position, action: entry.action, request: entry.request })}\n`)
        }
      }
      stats.done += 1
      if (rejected) stats.rejected += 1
      else stats.delivered += 1
    }
  } catch (e) {
    readError = e
  } finally {
    clearInterval(timer)
    if (report !== null) closeSync(report)
  }
  bar.update({ ...stats, fraction: 1 }, { force: true })
  bar.end()
  const lines = [`dry run: ${stats.done} events, ${stats.delivered} would be sent, ${stats.rejected} would be rejected`]
  const sorted = [...warnings].sort((a, b) => b[1] - a[1])
  if (sorted.length || otherWarnings) lines.push(`warnings${args.strict ? '' : ' (errors with --strict)'}:`)
  for (const [kind, n] of sorted.slice(0, 20)) lines.push(`  ${String(n).padStart(7)}  ${kind}`)
  if (sorted.length > 20 || otherWarnings) lines.push(`  and ${sorted.slice(20).reduce((s, [, n]) => s + n, 0) + otherWarnings} more of other kinds`)
  if (readError) lines.push(`stopped: ${readError.message}`)
  process.stderr.write(`${lines.join('\n')}\n`)
  return readError || (stats.rejected > 0 && report === null) ? EXIT.undelivered : EXIT.ok
}

/** Events without a messageId get one from their position and text, so a resumed run's repeats are deduplicated by Loops. */
function keyed(item) {
  let event
  try {
    event = JSON.parse(item.text)
  } catch {
    return item.text // sendBatch reports it rejected, with the JSON error
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return item.text
  if (typeof event.messageId === 'string' ? event.messageId !== '' : typeof event.messageId === 'number') return item.text
  const digest = createHash('sha256').update(item.text).digest('hex').slice(0, 24)
  return { ...event, messageId: `cli-${item.position}-${digest}` }
}

async function send(args, destination, options, meter, input) {
  const check = await destination.checkApiKey()
  if (!check.ok) {
    const status = check.status ? ` (HTTP ${check.status})` : ''
    throw new UsageError(`${check.reason}${status}. Set LOOPS_API_KEY to a key of your Loops team${args.baseUrl ? ` at ${args.baseUrl}` : ''}.`)
  }
  process.stderr.write(`API key OK${check.team ? ` (team "${check.team}")` : ''}\n`)
  const checkpoint = args.checkpoint
    ? new Checkpoint(args.checkpoint, { name: basename(args.source), size: meter.size }).load()
    : null
  const before = checkpoint?.count ?? 0
  if (before) process.stderr.write(`resuming: ${before} events done before (${args.checkpoint})\n`)
  const report = args.report ? openSync(args.report, 'a') : null
  const pacedRate = options.rateLimit === false ? null : options.rateLimit ?? 10
  const bar = progressFor(pacedRate, before)
  const stats = { done: before, delivered: 0, rejected: 0, failed: 0, total: meter.total }
  const byAction = new Map()
  const unreported = []
  let unreportedCount = 0
  let unmatched = 0
  const meta = new Map() // sendBatch index → the item's position and line, while in flight
  let yielded = 0
  async function* pending() {
    for await (const item of input.events) {
      if (checkpoint?.isDone(item.position)) continue
      meta.set(yielded++, { position: item.position, line: item.line, text: item.text })
      yield keyed(item)
    }
  }
  // A refused key or a wrong base URL (`misconfigured`): stop, and from then on mark
  // nothing done, so a resumed run sends that event and every later one again, in order.
  let halted = null
  const count = (o) => {
    const action = o.action ?? '(unreadable)'
    if (!byAction.has(action)) byAction.set(action, {})
    const counts = byAction.get(action)
    counts[o.outcome] = (counts[o.outcome] ?? 0) + 1
  }
  const onOutcome = ({ index, outcomes }) => {
    const { position, line, text } = meta.get(index)
    meta.delete(index)
    outcomes.forEach(count)
    halted ??= outcomes.find((o) => o.outcome === 'misconfigured') ?? null
    if (halted) {
      controller.abort()
      return
    }
    let fate = outcomes.length ? 'delivered' : null
    for (const o of outcomes) {
      if (o.outcome === 'delivered' || o.outcome === 'already_delivered') continue
      if (fate !== 'failed') fate = o.outcome
      const entry = { position, line, action: o.action, outcome: o.outcome, status: o.status ?? null, reason: o.message ?? null }
      if (report !== null) {
        let event
        try {
          event = JSON.parse(text)
        } catch {
          event = text
        }
        writeSync(report, `${JSON.stringify({ ...entry, event })}\n`)
      } else {
        unreportedCount += 1
        if (unreported.length < 20) unreported.push(entry)
      }
    }
    stats.done += 1
    if (fate === null) unmatched += 1
    else stats[fate] += 1
    // The event is done (delivered, or its fate written): on disk before the next of its contact starts.
    if (checkpoint) {
      checkpoint.markDone(position)
      checkpoint.save()
    }
    if (bar.tty) bar.update({ ...stats, fraction: meter.fraction(input) })
  }
  const controller = new AbortController()
  let interrupts = 0
  const interrupt = () => {
    interrupts += 1
    bar.end()
    if (interrupts > 1) {
      checkpoint?.save({ sync: true })
      process.stderr.write('stopped at once; the checkpoint has every event that finished\n')
      printPeakMemory()
      process.exit(EXIT.interrupted)
    }
    controller.abort()
    process.stderr.write(`stopping after the ${meta.size} events in flight (Ctrl-C again to quit now)\n`)
  }
  process.on('SIGINT', interrupt)
  process.on('SIGTERM', interrupt)
  const timer = setInterval(() => bar.update({ ...stats, fraction: meter.fraction(input) }), bar.tty ? 250 : 1000)
  const started = Date.now()
  let readError = null
  let summary
  try {
    summary = await destination.sendBatch(pending(), { concurrency: args.concurrency, onOutcome, signal: controller.signal })
  } catch (e) {
    readError = e
  } finally {
    clearInterval(timer)
    process.off('SIGINT', interrupt)
    process.off('SIGTERM', interrupt)
    checkpoint?.save({ sync: true })
    if (report !== null) closeSync(report)
  }
  bar.update({ ...stats, fraction: meter.fraction(input) }, { force: true })
  bar.end()
  const elapsed = Date.now() - started
  const thisRun = stats.done - before
  const lines = [summaryTable(byAction.size ? byAction : new Map([['requests', {}]]))]
  lines.push(`events: ${thisRun} this run${before ? `, ${before} done before (checkpoint)` : ''}${unmatched ? `, ${unmatched} matched no subscription` : ''}`)
  lines.push(`time: ${duration(elapsed)}, ${elapsed > 0 ? ((thisRun * 1000) / elapsed).toFixed(1) : '0'} events/s`)
  if (args.report) lines.push(`report: ${args.report}`)
  for (const u of unreported) lines.push(`not delivered: event ${u.position} ${u.action ?? ''} ${u.outcome}${u.status ? ` ${u.status}` : ''}: ${u.reason}`)
  if (unreportedCount > unreported.length) lines.push(`and ${unreportedCount - unreported.length} more not delivered (use --report FILE to keep them all)`)
  if (readError) lines.push(`stopped: ${readError.message}`)
  else if (halted) lines.push(`stopped: Loops refused the setup (${halted.message ?? `HTTP ${halted.status}`}); fix LOOPS_API_KEY or --base-url and run again${args.checkpoint ? ' to resume' : ''}`)
  else if (summary.stopped) lines.push(`interrupted: run the same command again to resume${args.checkpoint ? '' : ' (with --checkpoint FILE next time: this run kept none)'}`)
  process.stderr.write(`${lines.join('\n')}\n`)
  if (readError || halted) return EXIT.undelivered
  if (summary.stopped) return EXIT.interrupted
  return unreportedCount > 0 ? EXIT.undelivered : EXIT.ok
}

async function main(argv) {
  const args = parse(argv)
  if (args.help) {
    process.stdout.write(`${USAGE}\n`)
    return EXIT.ok
  }
  const apiKey = process.env.LOOPS_API_KEY
  if (!apiKey && !args.dryRun) throw new UsageError('set LOOPS_API_KEY to your Loops API key (it is read from the environment only)')
  const { options, destination } = destinationOptions(args, apiKey || 'dry-run')
  if (args.source !== '-') {
    try {
      statSync(args.source)
    } catch {
      throw new UsageError(`${args.source}: no such file`)
    }
  }
  const meter = inputMeter(args, await countLines(args.source))
  const input = await openInput(args.source)
  return args.dryRun ? dryRun(args, destination, meter, input) : send(args, destination, options, meter, input)
}

/** For tests of memory use: the peak resident set size, when LOOPS_DESTINATION_MAXRSS is set. */
function printPeakMemory() {
  if (process.env.LOOPS_DESTINATION_MAXRSS) process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS} kB\n`)
}

const finish = (code) => {
  printPeakMemory()
  // stdin may still be open after a stop: exit once the output is written.
  process.stdout.write('', () => process.exit(code))
}

main(process.argv.slice(2)).then(finish, (e) => {
  process.stderr.write(`loops-destination: ${e instanceof UsageError || e?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? e.message : e?.stack ?? e}\n`)
  if (e instanceof UsageError || e?.code?.startsWith?.('ERR_PARSE_ARGS')) process.stderr.write('Run loops-destination --help for the options.\n')
  finish(EXIT.usage)
})
