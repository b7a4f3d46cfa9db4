// POST /v1/transactional and the listing routes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KEY, err, startTestSim } from './helpers.mjs';

const send = (sim, body, key) => sim.api('POST', '/v1/transactional', { body, key });
const TEMPLATES = {
  transactionalEmails: [
    { id: 'cll42l54f20i1la0lfooe3z12', name: 'Sign up confirmation', dataVariables: ['confirmationUrl', { name: 'name', required: false }] },
    { id: 'draft1', name: 'Draft', published: false },
    { id: 'multi', name: 'Multi', dataVariables: ['a', 'b', 'c'] },
  ],
};

test('a valid send is 200 and logged; optional variables may be omitted, extras are ignored', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed(TEMPLATES);
  await sim.freeze(1_700_000_000_000);
  const body = { transactionalId: 'cll42l54f20i1la0lfooe3z12', email: 'to@example.com', dataVariables: { confirmationUrl: 'https://x', extra: 1 } };
  const res = await send(sim, body);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, { success: true });
  const { transactionalSends, contacts } = await sim.state();
  assert.deepEqual(transactionalSends, [{ seq: 1, transactionalId: 'cll42l54f20i1la0lfooe3z12', email: 'to@example.com',
    dataVariables: { confirmationUrl: 'https://x', extra: 1 }, attachments: [], addToAudience: false, contactCreated: false,
    idempotencyKey: null, tMs: 1_700_000_000_000 }]);
  assert.equal(contacts.length, 0, 'no contact without addToAudience');
  // "" is how optional variables are left empty; array blocks are allowed.
  assert.equal((await send(sim, { ...body, dataVariables: { confirmationUrl: 'u', name: '', rows: [{ a: 'x', b: 2 }] } })).status, 200);
});

test('validation in order: id, email, 404 unknown, not published', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed(TEMPLATES);
  const cases = [
    [{ email: 'to@example.com' }, 400, err('transactionalId is required.')],
    [{ transactionalId: '', email: 'to@example.com' }, 400, err('transactionalId is required.')],
    [{ transactionalId: 'nope' }, 400, err('Invalid email address.')],
    [{ transactionalId: 'nope', email: 'bad' }, 400, err('Invalid email address.')],
    [{ transactionalId: 'nope', email: 'to@example.com' }, 404, err('Transactional email not found.')],
    [{ transactionalId: 'draft1', email: 'to@example.com' }, 400, err('Transactional email is not published.')],
  ];
  for (const [body, status, expected] of cases) {
    const res = await send(sim, body);
    assert.equal(res.status, status, JSON.stringify(body));
    assert.deepEqual(res.body, expected);
  }
  assert.equal((await sim.state()).transactionalSends.length, 0);
});

test('missing required data variables: the documented nested error shape; null counts as missing', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed(TEMPLATES);
  const res = await send(sim, { transactionalId: 'multi', email: 'to@example.com', dataVariables: { a: 'x', b: null } });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, { success: false, message: 'Missing required data variable(s): b, c',
    error: { path: 'dataVariables', message: 'Missing required data variable(s): b, c' }, transactionalId: 'multi' });
  const none = await send(sim, { transactionalId: 'cll42l54f20i1la0lfooe3z12', email: 'to@example.com' });
  assert.deepEqual(none.body, { success: false, message: 'Missing required data variable(s): confirmationUrl',
    error: { path: 'dataVariables', message: 'Missing required data variable(s): confirmationUrl' }, transactionalId: 'cll42l54f20i1la0lfooe3z12' });
});

test('data variables of the wrong type are 400 with path dataVariables', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed(TEMPLATES);
  for (const [dataVariables, message] of [
    [{ a: { nested: 1 } }, 'Invalid value for data variable "a".'], [{ a: true }, 'Invalid value for data variable "a".'],
    [{ a: [1, 2] }, 'Invalid value for data variable "a".'], [{ a: [{ x: { y: 1 } }] }, 'Invalid value for data variable "a".'],
    ['a=1', 'dataVariables must be an object.'], [['a'], 'dataVariables must be an object.'],
  ]) {
    const res = await send(sim, { transactionalId: 'multi', email: 'to@example.com', dataVariables });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, err(message, { error: { path: 'dataVariables', message } }));
  }
});

test('attachments: refused unless the team has them enabled; validated when enabled', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { enabled: false }, teams: [
    { apiKey: KEY, teamName: 'Plain' }, { apiKey: 'att', teamName: 'Attach', attachmentsEnabled: true }] } });
  await sim.seed({ transactionalEmails: [{ id: 'tx' }] });
  await sim.seed({ team: 'Attach', transactionalEmails: [{ id: 'tx' }] });
  const attachment = { filename: 'a.txt', contentType: 'text/plain', data: Buffer.from('hello').toString('base64') };
  const body = { transactionalId: 'tx', email: 'to@example.com', attachments: [attachment] };
  assert.deepEqual((await send(sim, body)).body, err('Attachments are not enabled for this team.'));
  assert.equal((await send(sim, { ...body, attachments: [] })).status, 200, 'an empty list is no attachment');
  assert.equal((await send(sim, body, 'att')).status, 200);
  assert.deepEqual((await sim.state('Attach')).transactionalSends[0].attachments, [{ filename: 'a.txt', contentType: 'text/plain', byteLength: 5 }]);
  const message = 'Each attachment needs a filename, a contentType and base64 data.';
  for (const bad of [[{ ...attachment, data: 'not base64!' }], [{ ...attachment, filename: undefined }], [{ ...attachment, contentType: 5 }], ['x'], attachment]) {
    const res = await send(sim, { ...body, attachments: bad }, 'att');
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, err(message, { error: { path: 'attachments', message } }));
  }
});

test('addToAudience creates a missing contact; unsubscribed contacts still receive', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ transactionalEmails: [{ id: 'tx' }], contacts: [{ email: 'unsub@example.com', subscribed: false }] });
  assert.equal((await send(sim, { transactionalId: 'tx', email: 'new@example.com', addToAudience: true })).status, 200);
  const [c] = await sim.find({ email: 'new@example.com' });
  assert.deepEqual([c.source, c.subscribed], ['API', true]);
  assert.equal((await send(sim, { transactionalId: 'tx', email: 'new@example.com', addToAudience: true })).status, 200);
  assert.equal((await send(sim, { transactionalId: 'tx', email: 'unsub@example.com' })).status, 200);
  assert.equal((await send(sim, { transactionalId: 'tx', email: 'other@example.com', addToAudience: false })).status, 200);
  assert.deepEqual(await sim.find({ email: 'other@example.com' }), []);
  const sends = (await sim.state()).transactionalSends;
  assert.deepEqual(sends.map((s) => s.contactCreated), [true, false, false, false]);
});

test('GET /v1/transactional (deprecated): published only, paginated, perPage 10..50, cursor', async (t) => {
  const sim = await startTestSim(t);
  const emails = Array.from({ length: 25 }, (_, i) => ({ id: `t${String(i).padStart(2, '0')}`, name: `T${i}`,
    lastUpdated: '2025-02-02T02:56:28.845Z', dataVariables: ['v'] }));
  await sim.seed({ transactionalEmails: [...emails.slice(0, 3), { id: 'hidden', published: false }, ...emails.slice(3)] });
  const first = await sim.api('GET', '/v1/transactional');
  assert.equal(first.status, 200);
  assert.deepEqual(first.body.pagination, { totalResults: 25, returnedResults: 20, perPage: 20, totalPages: 2, nextCursor: 't20',
    nextPage: `${sim.url}/api/v1/transactional?cursor=t20&perPage=20` });
  assert.deepEqual(first.body.data[0], { id: 't00', name: 'T0', lastUpdated: '2025-02-02T02:56:28.845Z', dataVariables: ['v'] });
  assert.equal(first.body.data.some((d) => d.id === 'hidden'), false);
  const second = await sim.call('GET', new URL(first.body.pagination.nextPage).pathname + new URL(first.body.pagination.nextPage).search);
  assert.deepEqual(second.body.data.map((d) => d.id), ['t20', 't21', 't22', 't23', 't24']);
  assert.equal(second.body.pagination.nextPage, null);
  assert.equal(second.body.pagination.nextCursor, null);
  assert.equal((await sim.api('GET', '/v1/transactional?perPage=10')).body.pagination.totalPages, 3);
  for (const q of ['perPage=9', 'perPage=51', 'perPage=abc', 'perPage=', 'perPage=1e1']) {
    assert.deepEqual((await sim.api('GET', `/v1/transactional?${q}`)).body, err('Invalid perPage value'), q);
  }
  assert.deepEqual((await sim.api('GET', '/v1/transactional?cursor=nope')).body, err('Invalid cursor'));
});

test('GET /v1/transactional-emails: 401 without the content API, else all emails newest first', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ transactionalEmails: [{ id: 'old', createdAt: '2024-01-01T00:00:00.000Z', lastUpdated: '2024-02-01T00:00:00.000Z', dataVariables: ['x'] },
    { id: 'new', createdAt: '2025-01-01T00:00:00.000Z', published: false }] });
  const denied = await sim.api('GET', '/v1/transactional-emails');
  assert.equal(denied.status, 401);
  assert.deepEqual(denied.body, err('Invalid API key or content API not enabled.'));
  await sim.config({ teams: [{ apiKey: KEY, teamName: 'Test team', contentApiEnabled: true }] });
  const res = await sim.api('GET', '/v1/transactional-emails?perPage=10');
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.data.map((d) => d.id), ['new', 'old']);
  assert.deepEqual(Object.keys(res.body.data[1]), ['id', 'url', 'name', 'draftEmailMessageId', 'publishedEmailMessageId',
    'transactionalGroupId', 'createdAt', 'updatedAt', 'dataVariables']);
  assert.deepEqual(res.body.data[1].dataVariables, ['x']);
  assert.deepEqual(res.body.data[0].dataVariables, []);
  assert.equal(res.body.data[0].publishedEmailMessageId, null);
});
