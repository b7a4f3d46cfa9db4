// Shared by the CLI tests: the built CLI (scripts/build.sh writes pkg/) as a child
// process, event files in a temporary directory, the simulator's state.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const CLI = new URL('../../pkg/cli.js', import.meta.url).pathname;

/** A temporary directory removed after the test. */
export function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), 'loops-cli-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes events as NDJSON (gzip when the name ends in .gz); returns the path. */
export function writeEvents(dir, name, events) {
  const text = events.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n') + '\n';
  const file = join(dir, name);
  writeFileSync(file, name.endsWith('.gz') ? gzipSync(text) : text);
  return file;
}

/**
 * Starts the CLI. `onLine(line, child)` sees each stderr line as it comes. Resolves
 * `{ code, stdout, stderr }` when it exits. Progress lines every 100 ms.
 */
export function runCli(args, { env = {}, onLine, stdout = 'pipe' } = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, LOOPS_DESTINATION_PROGRESS_MS: '100', ...env },
    stdio: ['ignore', stdout, 'pipe'],
  });
  let out = '';
  let err = '';
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (d) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d) => {
    err += d;
    const lines = (partial + d).split('\n');
    partial = lines.pop();
    for (const line of lines) onLine?.(line, child);
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout: out, stderr: err })));
}

/** The events done so far, from a plain progress line (`progress 1234/5000 …`). */
export const progressDone = (line) => Number(/^progress (\d+)/.exec(line)?.[1] ?? -1);
