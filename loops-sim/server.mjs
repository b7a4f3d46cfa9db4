#!/usr/bin/env node
// Local Loops API simulator: HTTP plumbing, startSimulator() and the CLI.
//   node loops-sim/server.mjs --port 8790 [--config cfg.json] [--seed data.json]
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { handleControl } from './control.mjs';
import { handleApiRequest } from './pipeline.mjs';
import { createSimulator } from './simulator.mjs';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** cors: for test pages on another origin (the real Loops refuses browsers). */
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type, idempotency-key, user-agent',
  'access-control-expose-headers': 'x-ratelimit-limit, x-ratelimit-remaining',
  'access-control-max-age': '600',
};

/**
 * Start a simulator. port 0 picks a free port. config is deep-merged over the
 * defaults; seed is initial data (as for POST /__sim/seed), restored by reset.
 * cors: true answers preflights and adds CORS headers (browser tests only).
 */
export async function startSimulator({ port = 0, host = '127.0.0.1', config = {}, seed = null, cors = false } = {}) {
  if (!LOOPBACK.has(host)) throw new Error(`The Loops simulator listens on loopback only, not ${host}.`);
  const sim = createSimulator({ config, seed });
  const server = http.createServer((req, res) => {
    if (cors) {
      for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
      if (req.method === 'OPTIONS') { res.writeHead(204).end(); return; }
    }
    serve(sim, req, res).catch((err) => internalError(req, res, err));
  });
  // Malformed HTTP never reaches a handler; answer it and keep serving.
  server.on('clientError', (err, socket) => {
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable && !socket.destroyed) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const actualPort = server.address().port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  sim.baseUrl = url;
  let closing = null;
  return {
    url,
    port: actualPort,
    close() {
      closing ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function serve(sim, req, res) {
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  const body = await readBody(req, sim.bodyCap());
  if (body.aborted) return;

  if (path === '/__sim' || path.startsWith('/__sim/')) {
    const r = handleControl(sim, req.method, path, query, body.text);
    send(res, r.status, { 'content-type': 'application/json; charset=utf-8', ...r.headers }, JSON.stringify(r.body));
    return;
  }
  const out = await handleApiRequest(sim, { method: req.method, path, query, headers: req.headers,
                                            bodyText: body.text, bodyBytes: body.bytes });
  sim.log.append(out.logEntry, sim.config.requestLogLimit);
  if (out.drop) { req.socket.destroy(); return; } // the connection closes with no response
  send(res, out.status, out.headers, out.payload);
}

/** Read the whole body; keep at most cap bytes (the rest is counted, then dropped). */
function readBody(req, cap) {
  return new Promise((resolve) => {
    const chunks = [];
    let kept = 0;
    let bytes = 0;
    req.on('data', (chunk) => {
      bytes += chunk.length;
      if (kept < cap) {
        const part = chunk.length <= cap - kept ? chunk : chunk.subarray(0, cap - kept);
        chunks.push(part);
        kept += part.length;
      }
    });
    req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), bytes }));
    req.on('error', () => resolve({ aborted: true }));
    req.on('aborted', () => resolve({ aborted: true }));
  });
}

function send(res, status, headers, payload) {
  if (res.destroyed) return;
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** A simulator bug must not take the server down: answer 500 and carry on. */
function internalError(req, res, err) {
  process.stderr.write(`loops-sim: internal error on ${req.method} ${req.url}: ${err?.stack ?? err}\n`);
  if (res.headersSent) { res.destroy(); return; }
  send(res, 500, { 'content-type': 'application/json; charset=utf-8' },
    JSON.stringify({ success: false, message: 'Internal server error' }));
}

function parseArgs(argv) {
  const opts = { port: 8790, host: '127.0.0.1', config: {}, seed: null, cors: false };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--port') { opts.port = Number.parseInt(value, 10); i += 1; }
    else if (flag === '--host') { opts.host = value; i += 1; }
    else if (flag === '--config') { opts.config = JSON.parse(readFileSync(value, 'utf8')); i += 1; }
    else if (flag === '--seed') { opts.seed = JSON.parse(readFileSync(value, 'utf8')); i += 1; }
    else if (flag === '--cors') { opts.cors = true; }
    else if (flag === '--help' || flag === '-h') { opts.help = true; }
    else throw new Error(`unknown argument ${flag}`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('--port needs 0..65535');
  return opts;
}

async function main() {
  let opts;
  try { opts = parseArgs(process.argv.slice(2)); } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  if (opts.help) {
    process.stdout.write('usage: node loops-sim/server.mjs [--port 8790] [--host 127.0.0.1] [--config file.json] [--seed file.json] [--cors]\n');
    return;
  }
  const sim = await startSimulator(opts);
  process.stdout.write(`Loops simulator listening on ${sim.url}\n`);
  const stop = () => sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => { process.stderr.write(`${err.stack ?? err}\n`); process.exit(1); });
}
