// Packaging: npm pack the built pkg/, install the tarball into a fresh temporary
// project, and use it from Node ESM, tsc, a plain page and a module Web Worker in
// headless Chromium, and workerd (Miniflare), each sending to the Loops simulator.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../loops-sim/server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const CHROME_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const run = promisify(execFile);
const matrix = [];
let project;
let sim;

const control = async (path) => (await fetch(`${sim.url}/__sim/${path}`)).json();

before(async () => {
  project = mkdtempSync(join(tmpdir(), 'loops-pkg-'));
  const tarball = execFileSync('npm', ['pack', join(ROOT, 'pkg'), '--pack-destination', project, '--silent'], { encoding: 'utf8' }).trim().split('\n').at(-1);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', `./${tarball}`], { cwd: project, stdio: 'pipe' });
  for (const f of ['consumer.ts', 'node-consumer.mjs', 'page.html', 'worker.js', 'workerd.js']) copyFileSync(join(HERE, f), join(project, f));
  sim = await startSimulator({ port: 0, cors: true, config: { rateLimit: { limit: 1000 } } });
});

after(async () => {
  await sim?.close();
  if (project) rmSync(project, { recursive: true, force: true });
  console.log('packaging matrix:');
  for (const row of matrix) console.log(`  ${row.env.padEnd(28)} ${row.result}`);
});

/** The simulator has the event and the contact this environment sent. */
async function landed(email, messageId) {
  const state = await control('state');
  return state.contacts.some((c) => c.email === email) && state.events.filter((e) => e.idempotencyKey === messageId).length === 1;
}

const delivered = (outcomes) => outcomes.flat().every((o) => o.outcome === 'delivered');

test('the tarball: exports in order, files, no stray sources', () => {
  const manifest = JSON.parse(readFileSync(join(project, 'node_modules/loops-destination/package.json'), 'utf8'));
  assert.deepEqual(Object.keys(manifest.exports['.']), ['types', 'workerd', 'node', 'browser', 'worker', 'default']);
  assert.deepEqual(Object.keys(manifest.exports), ['.', './slim', './wasm', './package.json']);
  const listing = execFileSync('npm', ['pack', join(ROOT, 'pkg'), '--dry-run', '--json'], { encoding: 'utf8' });
  const files = JSON.parse(listing)[0].files.map((f) => f.path).sort();
  assert.ok(files.includes('web/loops_destination_bg.wasm') && files.includes('slim.js') && files.includes('index.d.ts'));
  assert.ok(files.every((f) => !f.endsWith('.rs')), files.join(' '));
  matrix.push({ env: 'npm pack + install', result: `ok (${files.length} files)` });
});

test('the bin: loops-destination, installed, sends from stdin', async () => {
  const bin = join(project, 'node_modules/.bin/loops-destination');
  assert.match((await run(bin, ['--help'])).stdout, /^Usage: loops-destination send <file\|-> \[options\]$/m);
  const event = JSON.stringify({ type: 'track', event: 'Bin', userId: 'bin', messageId: 'bin-1', context: { traits: { email: 'bin@example.com' } } });
  const child = execFile(bin, ['send', '-', '--base-url', `${sim.url}/api`], { env: { ...process.env, LOOPS_API_KEY: 'test_key' } });
  child.stdin.end(`${event}\n`);
  const code = await new Promise((resolve) => child.on('close', resolve));
  assert.equal(code, 0);
  assert.ok(await landed('bin@example.com', 'bin-1'));
  matrix.push({ env: 'bin loops-destination', result: 'ok: --help, send from stdin, delivered' });
});

test('Node ESM: the node condition and ./slim', async () => {
  // Not execFileSync: the simulator lives in this process and must keep answering.
  const out = JSON.parse((await run('node', ['node-consumer.mjs', sim.url], { cwd: project })).stdout);
  assert.ok(delivered(out.outcomes), JSON.stringify(out));
  assert.deepEqual([out.node, out.slim], [{ a: 1 }, { a: 2 }]);
  assert.ok(await landed('node@example.com', 'node-1'));
  matrix.push({ env: `Node ${process.version} ESM`, result: 'ok: sent, delivered, in the simulator' });
});

test('TypeScript: the declarations check a consumer (tsc --noEmit)', () => {
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], skipLibCheck: false },
    files: ['consumer.ts'],
  }));
  execFileSync('node', [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', project], { stdio: 'pipe' });
  matrix.push({ env: 'tsc 5.9 --noEmit (nodenext)', result: 'ok' });
});

test('Chromium: a plain page (import map, await init()) and a module Web Worker', async () => {
  const { chromium } = await import('playwright-core');
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = readFileSync(join(project, path));
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const profile = mkdtempSync(join(tmpdir(), 'loops-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROME_ARGS });
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/page.html?sim=${encodeURIComponent(sim.url)}`);
    await page.waitForFunction(() => window.__result, null, { timeout: 20_000 }).catch((e) => {
      throw new Error(`${e.message}; page errors: ${errors.join(' | ')}`);
    });
    const result = await page.evaluate(() => window.__result);
    assert.ok(!result.error, result.error);
    assert.ok(delivered(result.page) && delivered(result.worker), JSON.stringify(result));
    assert.deepEqual(errors, []);
    assert.ok(await landed('page@example.com', 'page-1'));
    assert.ok(await landed('page@example.com', 'worker-1'));
    matrix.push({ env: `Chromium ${context.browser()?.version() ?? ''} page`.trim(), result: 'ok: sent cross-origin (CORS), delivered' });
    matrix.push({ env: 'Chromium module Web Worker', result: 'ok: sent, delivered' });
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('workerd (Miniflare): the workerd condition, .wasm imported as a module', async () => {
  const { Miniflare } = await import('miniflare');
  const mf = new Miniflare({
    modules: true, scriptPath: join(project, 'workerd.js'), modulesRoot: project,
    modulesRules: [{ type: 'ESModule', include: ['**/*.js'] }, { type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2025-06-01', bindings: { SIM_URL: sim.url }, host: '127.0.0.1', cf: false,
  });
  try {
    const res = await mf.dispatchFetch('http://localhost/');
    const body = await res.json();
    assert.ok(delivered(body.outcomes), JSON.stringify(body));
    assert.equal(body.hasWindow, false);
    assert.ok(await landed('workerd@example.com', 'workerd-1'));
    matrix.push({ env: 'workerd (Miniflare 4)', result: 'ok: sent, delivered (no window)' });
  } finally {
    await mf.dispose();
  }
});
