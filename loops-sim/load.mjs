#!/usr/bin/env node
// Load measurement (not a test): how many requests/s the simulator serves on
// this machine while keeping exact per-team, per-window rate accounting.
//
//   node loops-sim/load.mjs [--teams 500] [--limit 10] [--seconds 8]
//                                 [--max-requests 150000] [--concurrency 64]
//
// It starts the simulator as a child process on 127.0.0.1 (so the generator
// does not share its event loop), offers more load than the teams' limits,
// stops by itself at --seconds or --max-requests, then reads /__sim/requests
// and checks every (team, window): admitted <= limit, and admitted == limit
// wherever the window refused anything.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const opts = { teams: 500, limit: 10, seconds: 8, maxRequests: 150_000, concurrency: 64 };
for (let i = 2; i < process.argv.length; i += 2) {
  const key = process.argv[i].replace(/^--/, '').replace(/-(\w)/g, (_, c) => c.toUpperCase());
  if (!(key in opts)) throw new Error(`unknown option ${process.argv[i]}`);
  opts[key] = Number(process.argv[i + 1]);
}
opts.seconds = Math.min(opts.seconds, 60); // bounded, whatever is asked
opts.maxRequests = Math.min(opts.maxRequests, 1_000_000);

const WINDOW_MS = 1000;
const teams = Array.from({ length: opts.teams }, (_, i) => ({ apiKey: `load_${i}`, teamName: `Load ${i}` }));
const config = { teams, rateLimit: { limit: opts.limit, windowMs: WINDOW_MS }, requestLogLimit: opts.maxRequests + opts.concurrency };

async function startChild() {
  const dir = mkdtempSync(join(tmpdir(), 'loops-sim-load-'));
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  const server = fileURLToPath(new URL('./server.mjs', import.meta.url));
  const child = spawn(process.execPath, [server, '--port', '0', '--config', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = await once(createInterface({ input: child.stdout }), 'line');
  rmSync(dir, { recursive: true, force: true });
  const url = new URL(/(http:\/\/127\.0\.0\.1:\d+)$/.exec(line)[1]);
  return { child, port: Number(url.port) };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });

function request(port, method, path, key, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { authorization: `Bearer ${key}` };
    if (payload) { headers['content-type'] = 'application/json'; headers['content-length'] = Buffer.byteLength(payload); }
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** A realistic mix: upserts, events, finds, spread round-robin over the teams. */
function nextCall(n) {
  const team = n % opts.teams;
  const user = `u${n % 997}`;
  switch (n % 4) {
    case 0: return ['PUT', '/api/v1/contacts/update', team, { email: `${user}@example.com`, userId: user, plan: 'pro', seats: n % 50 }];
    case 1: return ['POST', '/api/v1/events/send', team, { email: `${user}@example.com`, eventName: 'signup', eventProperties: { n } }];
    case 2: return ['GET', `/api/v1/contacts/find?email=${user}%40example.com`, team];
    default: return ['GET', '/api/v1/api-key', team];
  }
}

async function generate(port) {
  let issued = 0;
  const statusCounts = {};
  const perSecond = new Map(); // wall second -> responses
  const admittedByTeam = new Array(opts.teams).fill(0);
  const latencies = [];
  const deadline = Date.now() + opts.seconds * 1000;
  const started = Date.now();
  async function worker() {
    while (Date.now() < deadline && issued < opts.maxRequests) {
      const n = issued++;
      const [method, path, team, body] = nextCall(n);
      const t0 = performance.now();
      const res = await request(port, method, path, teams[team].apiKey, body);
      latencies.push(performance.now() - t0);
      statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1;
      if (res.status !== 429) admittedByTeam[team] += 1;
      const sec = Math.floor((Date.now() - started) / 1000);
      perSecond.set(sec, (perSecond.get(sec) ?? 0) + 1);
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return { issued, elapsedMs: Date.now() - started, statusCounts, perSecond, admittedByTeam, latencies };
}

async function control(port, path) {
  const res = await new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent }, (r) => {
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => resolve(Buffer.concat(chunks).toString()));
    }).on('error', reject);
  });
  return JSON.parse(res);
}

/** Read the whole request log in pages and check every (team, window). */
async function verify(port, admittedByTeam) {
  const windows = new Map(); // "team|window" -> {admitted, refused}
  const serverAdmitted = new Map();
  let since = 0;
  let entries = 0;
  for (;;) {
    const page = await control(port, `/__sim/requests?since=${since}&limit=50000&fields=seq,tMs,team,status,counted`);
    if (page.length === 0) break;
    for (const e of page) {
      const key = `${e.team}|${Math.floor(e.tMs / WINDOW_MS)}`;
      const w = windows.get(key) ?? { admitted: 0, refused: 0 };
      if (e.counted) { w.admitted += 1; serverAdmitted.set(e.team, (serverAdmitted.get(e.team) ?? 0) + 1); }
      if (e.status === 429) w.refused += 1;
      if (e.counted === (e.status === 429)) throw new Error(`entry ${e.seq}: counted=${e.counted} but status ${e.status}`);
      windows.set(key, w);
    }
    entries += page.length;
    since = page[page.length - 1].seq;
  }
  let over = 0;
  let under = 0;
  let full = 0;
  for (const w of windows.values()) {
    if (w.admitted > opts.limit) over += 1;
    if (w.refused > 0 && w.admitted !== opts.limit) under += 1;
    if (w.admitted === opts.limit) full += 1;
  }
  const mismatched = teams.filter((t, i) => (serverAdmitted.get(t.teamName) ?? 0) !== admittedByTeam[i]).length;
  return { entries, windows: windows.size, over, under, full, mismatched };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

const { child, port } = await startChild();
// A hard stop, whatever happens: the run is bounded in time.
setTimeout(() => { child.kill('SIGKILL'); console.error('load: hard time limit reached'); process.exit(1); },
  (opts.seconds + 60) * 1000).unref();
try {
  // Warm up the JIT and the sockets, then measure from a clean log.
  await Promise.all(Array.from({ length: opts.concurrency }, (_, i) => request(port, 'GET', '/api/v1/lists', teams[i % opts.teams].apiKey)));
  await new Promise((resolve) => { http.request({ host: '127.0.0.1', port, method: 'DELETE', path: '/__sim/requests', agent }, (r) => r.resume().on('end', resolve)).end(); });
  await new Promise((resolve) => { setTimeout(resolve, WINDOW_MS); }); // let warm-up windows pass

  const run = await generate(port);
  const check = await verify(port, run.admittedByTeam);
  const secs = run.elapsedMs / 1000;
  const admitted = run.admittedByTeam.reduce((a, b) => a + b, 0);
  const fullSeconds = [...run.perSecond.entries()].filter(([s]) => s < Math.floor(secs)).map(([, n]) => n).sort((a, b) => a - b);
  const lat = run.latencies.sort((a, b) => a - b);
  console.log(`Loops simulator load: ${opts.teams} teams x limit ${opts.limit}/s, ${opts.concurrency} connections, ${secs.toFixed(1)} s`);
  console.log(`  requests served      ${run.issued} (${(run.issued / secs).toFixed(0)}/s sustained; per-second min ${fullSeconds[0]}, median ${pct(fullSeconds, 0.5)}, max ${fullSeconds.at(-1)})`);
  console.log(`  admitted (counted)   ${admitted} (${(admitted / secs).toFixed(0)}/s; at most ${opts.teams * opts.limit} per 1 s window, and a run touches partial windows at both ends)`);
  console.log(`  statuses             ${JSON.stringify(run.statusCounts)}`);
  console.log(`  latency ms           p50 ${pct(lat, 0.5).toFixed(2)}  p99 ${pct(lat, 0.99).toFixed(2)}  max ${lat.at(-1).toFixed(2)}`);
  console.log(`  accounting           ${check.entries} log entries, ${check.windows} (team, window) pairs, ${check.full} full`);
  console.log(`                       windows over the limit: ${check.over}; refusing windows under the limit: ${check.under}; teams where client and log disagree: ${check.mismatched}`);
  const exact = check.over === 0 && check.under === 0 && check.mismatched === 0 && check.entries === run.issued;
  console.log(`  exact per-window accounting: ${exact ? 'YES' : 'NO'}`);
  process.exitCode = exact ? 0 : 1;
} finally {
  agent.destroy();
  child.kill('SIGTERM');
}
