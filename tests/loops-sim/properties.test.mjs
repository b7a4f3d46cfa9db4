// applyFields (fields.mjs) (custom properties, types, dates, null, mailingLists) and
// the properties, lists, api-key and dedicated-IP endpoints.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KEY, err, startTestSim } from './helpers.mjs';

const put = (sim, body) => sim.api('PUT', '/v1/contacts/update', { body });
const one = async (sim, email) => (await sim.find({ email }))[0];

const DEFAULTS = [
  { key: 'firstName', label: 'First Name', type: 'string' }, { key: 'lastName', label: 'Last Name', type: 'string' },
  { key: 'email', label: 'Email', type: 'string' }, { key: 'notes', label: 'Notes', type: 'string' },
  { key: 'source', label: 'Source', type: 'string' }, { key: 'userGroup', label: 'User Group', type: 'string' },
  { key: 'userId', label: 'User Id', type: 'string' }, { key: 'subscribed', label: 'Subscribed', type: 'boolean' },
  { key: 'createdAt', label: 'Created At', type: 'date' },
];

test('GET properties: the documented defaults, then custom ones; list=custom narrows', async (t) => {
  const sim = await startTestSim(t);
  assert.deepEqual((await sim.api('GET', '/v1/contacts/properties')).body, DEFAULTS);
  assert.deepEqual((await sim.api('GET', '/v1/contacts/properties?list=all')).body, DEFAULTS);
  assert.deepEqual((await sim.api('GET', '/v1/contacts/properties?list=custom')).body, []);
  await sim.api('POST', '/v1/contacts/properties', { body: { name: 'favoriteColor', type: 'string' } });
  await put(sim, { email: 'p@example.com', plan: 'pro' });
  const custom = [{ key: 'favoriteColor', label: 'Favorite Color', type: 'string' }, { key: 'plan', label: 'Plan', type: 'string' }];
  assert.deepEqual((await sim.api('GET', '/v1/contacts/properties?list=custom')).body, custom);
  assert.deepEqual((await sim.api('GET', '/v1/contacts/properties?list=whatever')).body, [...DEFAULTS, ...custom]);
});

test('POST properties: success, then every documented error', async (t) => {
  const sim = await startTestSim(t);
  const post = (body) => sim.api('POST', '/v1/contacts/properties', { body });
  const okRes = await post({ name: 'planName', type: 'number' });
  assert.equal(okRes.status, 200);
  assert.deepEqual(okRes.body, { success: true });
  const cases = [
    [{ type: 'string' }, 'Property name is required.'], [{ name: '', type: 'string' }, 'Property name is required.'],
    [{ name: 5, type: 'string' }, 'Property name is required.'], [{ name: 'x' }, 'Invalid property type.'],
    [{ name: 'x', type: 'text' }, 'Invalid property type.'], [{ name: 'x', type: 'String' }, 'Invalid property type.'],
    ...['id', 'listId', 'softDeleteAt', 'teamId', 'updatedAt'].map((name) => [{ name, type: 'string' }, 'Property name is reserved.']),
    [{ name: 'planName', type: 'number' }, 'Property already exists.'], [{ name: 'email', type: 'string' }, 'Property already exists.'],
    [{ name: 'createdAt', type: 'date' }, 'Property already exists.'],
  ];
  for (const [body, message] of cases) {
    const res = await post(body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.deepEqual(res.body, err(message), JSON.stringify(body));
  }
  assert.equal((await post({ name: 'PlanName', type: 'date' })).status, 200, 'names are case-sensitive');
  assert.deepEqual((await sim.api('GET', '/v1/contacts/properties?list=custom')).body,
    [{ key: 'planName', label: 'Plan Name', type: 'number' }, { key: 'PlanName', label: 'Plan Name', type: 'date' }]);
});

test('unknown keys are auto-created with the JSON type; labels split camelCase', async (t) => {
  const sim = await startTestSim(t);
  await put(sim, { email: 'a@example.com', plan: 'pro', seats: 5, isVip: true, favoriteColor: 'Blue' });
  assert.deepEqual((await sim.api('GET', '/v1/contacts/properties?list=custom')).body, [
    { key: 'plan', label: 'Plan', type: 'string' }, { key: 'seats', label: 'Seats', type: 'number' },
    { key: 'isVip', label: 'Is Vip', type: 'boolean' }, { key: 'favoriteColor', label: 'Favorite Color', type: 'string' }]);
  const c = await one(sim, 'a@example.com');
  assert.deepEqual([c.plan, c.seats, c.isVip, c.favoriteColor], ['pro', 5, true, 'Blue']);
});

test('unknownPropertyPolicy ignore and reject', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { enabled: false }, unknownPropertyPolicy: 'ignore' } });
  await put(sim, { email: 'a@example.com', plan: 'pro' });
  assert.equal('plan' in (await one(sim, 'a@example.com')), false);
  assert.deepEqual((await sim.api('GET', '/v1/contacts/properties?list=custom')).body, []);
  await sim.config({ unknownPropertyPolicy: 'reject' });
  assert.deepEqual((await put(sim, { email: 'a@example.com', plan: 'pro' })).body, err('Unknown contact property "plan".'));
  await sim.api('POST', '/v1/contacts/properties', { body: { name: 'plan', type: 'string' } });
  assert.equal((await put(sim, { email: 'a@example.com', plan: 'pro' })).status, 200);
});

test('null resets a custom property: it disappears from find', async (t) => {
  const sim = await startTestSim(t);
  await put(sim, { email: 'n@example.com', plan: 'pro' });
  assert.equal((await one(sim, 'n@example.com')).plan, 'pro');
  assert.equal((await put(sim, { email: 'n@example.com', plan: null, neverSet: null })).status, 200);
  assert.equal('plan' in (await one(sim, 'n@example.com')), false);
});

test('nested objects and arrays are 400', async (t) => {
  const sim = await startTestSim(t);
  for (const [k, v] of [['address', { city: 'X' }], ['tags', ['a']], ['firstName', { x: 1 }]]) {
    const res = await put(sim, { email: 'o@example.com', [k]: v });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, err(k === 'firstName' ? 'Invalid value for property "firstName" (expected string).'
      : `Invalid value for property "${k}".`));
  }
});

test('type coercion (coerce_or_400) and strict typing', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ customProperties: [{ key: 'seats', type: 'number' }, { key: 'vip', type: 'boolean' }, { key: 'code', type: 'string' }] });
  await put(sim, { email: 'c@example.com', seats: '42', vip: 'true', code: 7, firstName: 12.5 });
  let c = await one(sim, 'c@example.com');
  assert.deepEqual([c.seats, c.vip, c.code, c.firstName], [42, true, '7', '12.5']);
  await put(sim, { email: 'c@example.com', seats: ' -1.5e2 ', vip: 'false' });
  c = await one(sim, 'c@example.com');
  assert.deepEqual([c.seats, c.vip], [-150, false]);
  for (const [k, v, type] of [['seats', 'abc', 'number'], ['seats', true, 'number'], ['seats', '', 'number'], ['vip', 'yes', 'boolean'],
    ['vip', 1, 'boolean'], ['code', false, 'string'], ['lastName', true, 'string']]) {
    const res = await put(sim, { email: 'c@example.com', [k]: v });
    assert.equal(res.status, 400, `${k}=${JSON.stringify(v)}`);
    assert.deepEqual(res.body, err(`Invalid value for property "${k}" (expected ${type}).`));
  }
  await sim.config({ typeMismatchPolicy: 'reject' });
  assert.deepEqual((await put(sim, { email: 'c@example.com', seats: '42' })).body, err('Invalid value for property "seats" (expected number).'));
  assert.deepEqual((await put(sim, { email: 'c@example.com', code: 7 })).body, err('Invalid value for property "code" (expected string).'));
});

test('date properties: ms numbers and the documented string forms; ms strings are 400', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ customProperties: [{ key: 'signedUpAt', type: 'date' }] });
  const cases = [
    [1705486871000, '2024-01-17T10:21:11.000Z'], ['2024-01-17T10:21:11.000Z', '2024-01-17T10:21:11.000Z'],
    ['2024-01-17T10:21:11.123', '2024-01-17T10:21:11.123Z'], ['2024-01-17T10:21:11', '2024-01-17T10:21:11.000Z'],
    ['2024-01-17T10:21', '2024-01-17T10:21:00.000Z'], ['2024-01-17 10:21:11.5', '2024-01-17T10:21:11.500Z'],
    ['2024-01-17 10:21:11', '2024-01-17T10:21:11.000Z'], ['2024-01-17 10:21', '2024-01-17T10:21:00.000Z'],
    ['2024-01-17', '2024-01-17T00:00:00.000Z'], ['2024-01-17T12:21:11+02:00', '2024-01-17T10:21:11.000Z'],
    ['2024-01-17T03:21:11-07:00', '2024-01-17T10:21:11.000Z'], ['2024-02-29', '2024-02-29T00:00:00.000Z'],
    [1704711066, '1970-01-20T17:31:51.066Z'], // seconds are read as ms, as observed
  ];
  for (const [input, stored] of cases) {
    const res = await put(sim, { email: 'd@example.com', signedUpAt: input });
    assert.equal(res.status, 200, JSON.stringify(input));
    assert.equal((await one(sim, 'd@example.com')).signedUpAt, stored, JSON.stringify(input));
  }
  for (const bad of ['1705486871000', '2023-02-29', '2024-13-01', '2024-01-17T24:00', 'yesterday', '17/01/2024', true]) {
    const res = await put(sim, { email: 'd@example.com', signedUpAt: bad });
    assert.equal(res.status, 400, JSON.stringify(bad));
    assert.deepEqual(res.body, err('Invalid value for property "signedUpAt" (expected date).'));
  }
});

test('createdAt is set when it parses as a date and ignored otherwise', async (t) => {
  const sim = await startTestSim(t);
  await put(sim, { email: 'ca@example.com', createdAt: '2020-05-06T07:08:09Z' });
  const contact = () => sim.state().then((s) => s.contacts.find((c) => c.email === 'ca@example.com'));
  assert.equal((await contact()).createdAt, '2020-05-06T07:08:09.000Z');
  assert.equal((await put(sim, { email: 'ca@example.com', createdAt: 'not a date' })).status, 200);
  assert.equal((await contact()).createdAt, '2020-05-06T07:08:09.000Z');
  assert.deepEqual((await sim.api('GET', '/v1/contacts/properties?list=custom')).body, []);
});

test('a field error writes nothing: no other field, no identity change, no auto-created property', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ customProperties: [{ key: 'seats', type: 'number' }] });
  await put(sim, { email: 'x@example.com', userId: 'ux', firstName: 'Old' });
  const res = await put(sim, { email: 'new@example.com', userId: 'ux', firstName: 'New', brandNew: 'v', seats: 'many' });
  assert.equal(res.status, 400);
  const c = await one(sim, 'x@example.com');
  assert.equal(c.firstName, 'Old');
  assert.deepEqual(await sim.find({ email: 'new@example.com' }), []);
  assert.deepEqual((await sim.api('GET', '/v1/contacts/properties?list=custom')).body.map((p) => p.key), ['seats']);
});

test('mailingLists: true adds, false removes, unmentioned lists stay; find shows only memberships', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ lists: [{ id: 'L1', name: 'One' }, { id: 'L2', name: 'Two' }] });
  await put(sim, { email: 'm@example.com', mailingLists: { L1: true, L2: true } });
  assert.deepEqual((await one(sim, 'm@example.com')).mailingLists, { L1: true, L2: true });
  await put(sim, { email: 'm@example.com', mailingLists: { L1: false } });
  assert.deepEqual((await one(sim, 'm@example.com')).mailingLists, { L2: true });
  await put(sim, { email: 'm@example.com', mailingLists: { L2: false } });
  assert.deepEqual((await one(sim, 'm@example.com')).mailingLists, {});
  for (const empty of [{}, [], null]) assert.equal((await put(sim, { email: 'm@example.com', mailingLists: empty })).status, 200);
  for (const bad of [{ L1: 'true' }, { L1: 1 }, ['L1'], 'L1', true]) {
    assert.deepEqual((await put(sim, { email: 'm@example.com', mailingLists: bad })).body, err('Invalid mailingLists value.'));
  }
});

test('unknown mailing list: reject (400) or ignore', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ lists: [{ id: 'L1', name: 'One' }] });
  const res = await put(sim, { email: 'u@example.com', mailingLists: { L1: true, nope: true } });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, err('Mailing list not found: nope'));
  assert.deepEqual(await sim.find({ email: 'u@example.com' }), []);
  await sim.config({ unknownMailingListPolicy: 'ignore' });
  assert.equal((await put(sim, { email: 'u@example.com', mailingLists: { L1: true, nope: true } })).status, 200);
  assert.deepEqual((await one(sim, 'u@example.com')).mailingLists, { L1: true });
});

test('unsubscribed contacts are not added to lists (ignore, allow, reject)', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ lists: [{ id: 'L1', name: 'One' }, { id: 'L2', name: 'Two' }] });
  await put(sim, { email: 'u@example.com', subscribed: false });
  assert.equal((await put(sim, { email: 'u@example.com', mailingLists: { L1: true } })).status, 200);
  assert.deepEqual((await one(sim, 'u@example.com')).mailingLists, {}, 'silently skipped');
  await put(sim, { email: 'u@example.com', subscribed: true, mailingLists: { L1: true } });
  assert.deepEqual((await one(sim, 'u@example.com')).mailingLists, { L1: true }, 're-subscribing in the same request allows it');
  await put(sim, { email: 'u@example.com', subscribed: false, mailingLists: { L1: false } });
  assert.deepEqual((await one(sim, 'u@example.com')).mailingLists, {}, 'removal always works');
  await sim.config({ unsubscribedListAddPolicy: 'reject' });
  assert.deepEqual((await put(sim, { email: 'u@example.com', mailingLists: { L2: true } })).body,
    err('Unsubscribed contacts cannot be added to mailing lists.'));
  await sim.config({ unsubscribedListAddPolicy: 'allow' });
  await put(sim, { email: 'u@example.com', mailingLists: { L2: true } });
  assert.deepEqual((await one(sim, 'u@example.com')).mailingLists, { L2: true });
});

test('GET lists: [] by default, then the seeded lists in seed order', async (t) => {
  const sim = await startTestSim(t);
  assert.deepEqual((await sim.api('GET', '/v1/lists')).body, []);
  await sim.seed({ lists: [{ id: 'clxf1nxlb000t0ml79ajwcsj0', name: 'Mailing List Beta' },
    { id: 'clxf2q43u00010mlh12q9ggx1', name: 'Product B Launch', description: 'Get pre-launch updates about Product B.', isPublic: false }] });
  assert.deepEqual((await sim.api('GET', '/v1/lists')).body, [
    { id: 'clxf1nxlb000t0ml79ajwcsj0', name: 'Mailing List Beta', description: null, isPublic: true },
    { id: 'clxf2q43u00010mlh12q9ggx1', name: 'Product B Launch', description: 'Get pre-launch updates about Product B.', isPublic: false }]);
});

test('api-key returns the team name; dedicated-sending-ips the configured array', async (t) => {
  const sim = await startTestSim(t, { config: { rateLimit: { enabled: false },
    teams: [{ apiKey: KEY, teamName: 'My team', dedicatedSendingIps: ['1.2.3.4', '5.6.7.8'] }, { apiKey: 'k2', teamName: 'Other' }] } });
  assert.deepEqual((await sim.api('GET', '/v1/api-key')).body, { success: true, teamName: 'My team' });
  assert.deepEqual((await sim.api('GET', '/v1/dedicated-sending-ips')).body, ['1.2.3.4', '5.6.7.8']);
  assert.deepEqual((await sim.api('GET', '/v1/dedicated-sending-ips', { key: 'k2' })).body, []);
});
