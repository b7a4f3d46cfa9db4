// Packaging: npm pack the built pkg/, install the tarball into a fresh temporary
// project, and use it from Node ESM and CommonJS, tsc --strict, a plain page and a module
// Web Worker in headless Chromium, and workerd (Miniflare), each sending to the Loops
// simulator. Every entry's export names equal what its declarations promise.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { startSimulator } from '../../loops-sim/server.mjs';
import { chromiumPath, skipWithoutBrowser } from '../common/browser.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HERE = fileURLToPath(new URL('.', import.meta.url));
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
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
  for (const f of ['consumer.ts', 'typed-node.ts', 'typed-require.cts', 'node-consumer.mjs', 'node-require.cjs', 'page.html', 'worker.js', 'workerd.js']) copyFileSync(join(HERE, f), join(project, f));
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
const installed = (file = '') => join(project, 'node_modules/loops-destination', file);
const manifest = () => JSON.parse(readFileSync(installed('package.json'), 'utf8'));

/** The value exports (functions, classes, constants) a .d.ts declares, by TypeScript's checker. */
function declaredValues(dts) {
  const ts = createRequire(import.meta.url)(join(ROOT, 'node_modules/typescript'));
  const program = ts.createProgram([dts], { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext });
  const checker = program.getTypeChecker();
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(dts)));
  const value = (s) => ((s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s).flags & ts.SymbolFlags.Value) !== 0;
  return exports.filter(value).map((s) => s.name).sort();
}

/** `{ condition target: declarations }` for every conditional entry of the manifest. */
function entries() {
  const out = [];
  for (const [subpath, target] of Object.entries(manifest().exports)) {
    if (typeof target !== 'object') continue;
    for (const [condition, file] of Object.entries(target)) if (condition !== 'types') out.push({ subpath, condition, file, types: target.types });
  }
  return out;
}

test('the tarball: exports in order, files, LICENSE and README, no stray sources', () => {
  const { exports, license, repository, files: listed } = manifest();
  assert.deepEqual(Object.keys(exports['.']), ['types', 'workerd', 'node', 'browser', 'worker', 'default']);
  assert.deepEqual(Object.keys(exports), ['.', './slim', './wasm', './package.json']);
  const [pack] = JSON.parse(execFileSync('npm', ['pack', join(ROOT, 'pkg'), '--dry-run', '--json'], { encoding: 'utf8' }));
  const files = pack.files.map((f) => f.path).sort();
  assert.deepEqual(files, ['LICENSE', 'README.md', 'browser.js', 'cli-checkpoint.js', 'cli-input.js', 'cli-progress.js', 'cli.js', 'index.d.ts', 'index.js', 'node.js', 'package.json', 'slim.d.ts', 'slim.js',
    'web/loops_destination.d.ts', 'web/loops_destination.js', 'web/loops_destination_bg.wasm', 'web/loops_destination_bg.wasm.d.ts', 'workerd.js']);
  // Every file an export or the manifest's `types` points at is in `files`, so in the tarball.
  const targets = [...entries().flatMap((e) => [e.file, e.types]), exports['./wasm'], manifest().types].map((f) => f.replace(/^\.\//, ''));
  assert.deepEqual(targets.filter((f) => !files.includes(f)), []);
  assert.ok(listed.includes('LICENSE') && listed.includes('README.md'));
  assert.equal(license, 'MIT');
  assert.match(readFileSync(installed('LICENSE'), 'utf8'), /^MIT License\n/);
  // The package README: install, the three runtimes, the API table, links into the repository.
  const readme = readFileSync(installed('README.md'), 'utf8');
  for (const part of ['npm install loops-destination', '## Cloudflare Workers', '## Node', '## Browsers', '## API', '| `await destination.send(event)` |']) assert.ok(readme.includes(part), part);
  // The Node versions the READMEs name are the manifest's engines.
  const versions = manifest().engines.node.match(/\d+\.\d+/g);
  assert.deepEqual(versions, ['20.19', '22.12'], manifest().engines.node);
  for (const doc of [readme, readFileSync(join(ROOT, 'README.md'), 'utf8')]) assert.ok(doc.includes(`Node \`^${versions[0]}\` or \`>= ${versions[1]}\``), doc.slice(0, 80));
  const repo = repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
  const links = [...readme.matchAll(/\]\((https:\/\/github\.com[^)]*)\)/g)].map((m) => m[1]);
  assert.ok(links.length >= 3 && links.every((l) => l.startsWith(repo)), links.join(' '));
  matrix.push({ env: 'npm pack + install', result: `ok (${files.length} files, ${pack.size} bytes packed, ${pack.unpackedSize} unpacked)` });
});

test('npm publish --dry-run in pkg/ would publish LICENSE and README.md', () => {
  // npm prints its notices on stderr; --dry-run neither logs in nor uploads.
  const log = execFileSync('sh', ['-c', 'npm publish --dry-run 2>&1'], { cwd: join(ROOT, 'pkg'), encoding: 'utf8' });
  assert.match(log, /npm notice [\d.]+k?B LICENSE\n/);
  assert.match(log, /npm notice [\d.]+k?B README\.md\n/);
  assert.match(log, /\(dry-run\)/);
  assert.match(log, /\+ loops-destination@\d+\.\d+\.\d+/);
  matrix.push({ env: 'npm publish --dry-run', result: 'ok (LICENSE, README.md listed)' });
});

test('every entry exports the names its declarations promise (Node: node, browser, worker, default, ./slim)', async () => {
  const checked = [];
  for (const { subpath, condition, file, types } of entries()) {
    if (condition === 'workerd') continue; // Node cannot import a .wasm module: the workerd test checks it
    const names = Object.keys(await import(installed(file))).sort();
    assert.deepEqual(names, declaredValues(installed(types)), `${subpath} (${condition}: ${file}) against ${types}`);
    checked.push(condition);
  }
  assert.deepEqual(checked, ['node', 'browser', 'worker', 'default', 'default']);
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

test('Node CommonJS: require() of the package (require(esm))', async () => {
  const out = JSON.parse((await run('node', ['node-require.cjs'], { cwd: project })).stdout);
  assert.deepEqual(out, { init: 'function', body: { email: 'cjs@example.com', source: 'Segment', userId: 'cjs-u', mailingLists: {} } });
  matrix.push({ env: `Node ${process.version} require()`, result: 'ok' });
});

/** tsc over `files` in the consumer project; throws tsc's own report. */
function tsc(name, compilerOptions, files) {
  const config = `tsconfig.${name}.json`;
  writeFileSync(join(project, config), JSON.stringify({
    compilerOptions: { strict: true, target: 'es2022', lib: ['es2022', 'dom'], skipLibCheck: false, ...compilerOptions }, files,
  }));
  try {
    execFileSync('node', [TSC, '-p', join(project, config)], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    throw new Error(`tsc (${name}) failed:\n${e.stdout}${e.stderr}`);
  }
}

test('TypeScript: tsc --strict over typed Segment events, for each resolution of the entries', () => {
  const resolutions = {
    node: { module: 'nodenext', moduleResolution: 'nodenext' },
    workerd: { module: 'esnext', moduleResolution: 'bundler', customConditions: ['workerd'] },
    browser: { module: 'esnext', moduleResolution: 'bundler', customConditions: ['browser'] },
  };
  // The package README's TypeScript example, as a user would paste it.
  writeFileSync(join(project, 'readme-example.ts'), readFileSync(installed('README.md'), 'utf8').match(/```ts\n([\s\S]*?)```/)[1]);
  for (const [name, options] of Object.entries(resolutions)) tsc(name, { ...options, noEmit: true }, ['consumer.ts', 'readme-example.ts']);
  matrix.push({ env: `tsc ${createRequire(import.meta.url)(join(ROOT, 'node_modules/typescript')).version} --strict`, result: `ok (${Object.keys(resolutions).join(', ')})` });
});

test('TypeScript then Node: what the declarations promise is there at run time', async () => {
  tsc('emit', { module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out' }, ['typed-node.ts', 'typed-require.cts']);
  const body = JSON.parse((await run('node', [join(project, 'out/typed-require.cjs')], { cwd: project })).stdout);
  assert.deepEqual(body, { email: 'cts@example.com', source: 'Segment', userId: 'cts-u', mailingLists: {} });
  const outcomes = JSON.parse((await run('node', [join(project, 'out/typed-node.js'), sim.url], { cwd: project })).stdout);
  assert.deepEqual(outcomes, [{ action: 'sendEvent', outcome: 'delivered', status: 200, attempts: 1 }]);
  assert.ok(await landed('ts@example.com', 'ts-1'));
  matrix.push({ env: 'tsc --strict, then Node', result: 'ok: ESM (await init(), sent, delivered) and CommonJS (.cts)' });
});

test('Chromium: a plain page (import map, await init()) and a module Web Worker', { skip: skipWithoutBrowser }, async () => {
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
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath(), headless: true, args: CHROME_ARGS });
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
    const { types } = entries().find((e) => e.condition === 'workerd');
    assert.deepEqual(body.exports.sort(), declaredValues(installed(types)), 'workerd.js against its declarations');
    assert.ok(await landed('workerd@example.com', 'workerd-1'));
    matrix.push({ env: 'workerd (Miniflare 4)', result: 'ok: sent, delivered (no window)' });
  } finally {
    await mf.dispose();
  }
});
