// Contact handlers, identity rules (docs/loops-api.md, "Bodies", "Identity rules") and the contact-state contract.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { err, startTestSim } from './helpers.mjs';

const ID_RE = /^c[0-9a-z]{24}$/;
const put = (sim, body) => sim.api('PUT', '/v1/contacts/update', { body });
const create = (sim, body) => sim.api('POST', '/v1/contacts/create', { body });

test('update {email} on an empty store creates a contact with the documented defaults', async (t) => {
  const sim = await startTestSim(t);
  const res = await put(sim, { email: 'new@example.com' });
  assert.equal(res.status, 200);
  assert.equal(res.body.success, true);
  assert.match(res.body.id, ID_RE);
  assert.deepEqual(await sim.find({ email: 'new@example.com' }), [{
    id: res.body.id, email: 'new@example.com', firstName: null, lastName: null, source: 'API', subscribed: true,
    userGroup: '', userId: null, mailingLists: {}, optInStatus: null,
  }]);
});

test('find returns keys in the documented order, custom properties last in registry order', async (t) => {
  const sim = await startTestSim(t);
  await sim.api('POST', '/v1/contacts/properties', { body: { name: 'zeta', type: 'string' } });
  await put(sim, { email: 'o@example.com', alpha: 'a', zeta: 'z', userId: 'u', firstName: 'F', userGroup: 'g' });
  const [c] = await sim.find({ email: 'o@example.com' });
  assert.deepEqual(Object.keys(c), ['id', 'email', 'firstName', 'lastName', 'source', 'subscribed', 'userGroup', 'userId',
    'mailingLists', 'optInStatus', 'zeta', 'alpha']);
});

test('update {userId} for an unknown userId is 400 and creates nothing', async (t) => {
  const sim = await startTestSim(t);
  const res = await put(sim, { userId: 'ghost', firstName: 'G' });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, err('userId not found and cannot create a new contact without an email.'));
  assert.equal((await sim.state()).contacts.length, 0);
  // null or "" email counts as absent (the Ruby and PHP SDKs send null).
  assert.deepEqual((await put(sim, { email: null, userId: 'ghost' })).body, err('userId not found and cannot create a new contact without an email.'));
  assert.deepEqual((await put(sim, { email: '', userId: 'ghost' })).body, err('userId not found and cannot create a new contact without an email.'));
});

test('update {email: E2, userId: U} where U belongs to E1 changes the email and keeps the ID', async (t) => {
  const sim = await startTestSim(t);
  const { body: { id } } = await put(sim, { email: 'e1@example.com', userId: 'U' });
  const res = await put(sim, { email: 'e2@example.com', userId: 'U' });
  assert.deepEqual(res.body, { success: true, id });
  assert.deepEqual(await sim.find({ email: 'e1@example.com' }), []);
  const [c] = await sim.find({ email: 'e2@example.com' });
  assert.equal(c.id, id);
  assert.equal(c.userId, 'U');
  // The old email is free again.
  assert.equal((await create(sim, { email: 'e1@example.com' })).status, 200);
});

test('identity table: E only, U only, E+U matching one, E matches (userId overwritten), neither (create with both)', async (t) => {
  const sim = await startTestSim(t);
  const a = (await put(sim, { email: 'a@example.com', userId: 'ua' })).body.id;
  assert.equal((await put(sim, { email: 'a@example.com', firstName: 'ByEmail' })).body.id, a);
  assert.equal((await put(sim, { userId: 'ua', lastName: 'ByUserId' })).body.id, a);
  assert.equal((await put(sim, { email: 'a@example.com', userId: 'ua', userGroup: 'Both' })).body.id, a);
  assert.equal((await put(sim, { email: 'a@example.com', userId: 'ua2' })).body.id, a);
  let [c] = await sim.find({ email: 'a@example.com' });
  assert.deepEqual([c.firstName, c.lastName, c.userGroup, c.userId], ['ByEmail', 'ByUserId', 'Both', 'ua2']);
  assert.deepEqual(await sim.find({ userId: 'ua' }), [], 'the previous userId is released');
  const b = (await put(sim, { email: 'b@example.com', userId: 'ub' })).body.id;
  assert.notEqual(b, a);
  [c] = await sim.find({ userId: 'ub' });
  assert.equal(c.email, 'b@example.com');
});

test('email and userId pointing at different contacts: 400 Multiple contacts, or prefer_email', async (t) => {
  const sim = await startTestSim(t);
  const a = (await put(sim, { email: 'a@example.com', userId: 'ua' })).body.id;
  const b = (await put(sim, { email: 'b@example.com', userId: 'ub' })).body.id;
  const res = await put(sim, { email: 'a@example.com', userId: 'ub', firstName: 'X' });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, err('Multiple contacts found for the given criteria'));
  // Changing B's email to A's is the same conflict.
  assert.deepEqual((await put(sim, { userId: 'ub', email: 'A@EXAMPLE.COM' })).body, err('Multiple contacts found for the given criteria'));
  assert.equal((await sim.find({ email: 'a@example.com' }))[0].firstName, null);
  await sim.config({ identityConflictPolicy: 'prefer_email' });
  assert.deepEqual((await put(sim, { email: 'a@example.com', userId: 'ub' })).body, { success: true, id: a });
  assert.equal((await sim.find({ userId: 'ub' }))[0].id, a);
  assert.equal((await sim.find({ email: 'b@example.com' }))[0].userId, null);
  assert.equal((await sim.find({ email: 'b@example.com' }))[0].id, b);
});

test('update validation: identifiers, email syntax, userId type', async (t) => {
  const sim = await startTestSim(t);
  const cases = [
    [{}, 'An email or userId is required.'], [{ email: null, userId: null }, 'An email or userId is required.'],
    [{ email: '', userId: '' }, 'An email or userId is required.'], [{ firstName: 'x' }, 'An email or userId is required.'],
    [{ email: 'not-an-email' }, 'Invalid email address.'], [{ email: 'a b@example.com' }, 'Invalid email address.'],
    [{ email: 'a@example' }, 'Invalid email address.'], [{ email: 42 }, 'Invalid email address.'],
    [{ email: ['a@example.com'] }, 'Invalid email address.'], [{ userId: 42 }, 'userId must be a string.'],
    [{ email: 'ok@example.com', userId: ['u'] }, 'userId must be a string.'],
  ];
  for (const [body, message] of cases) {
    const res = await put(sim, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.deepEqual(res.body, err(message), JSON.stringify(body));
  }
  assert.equal((await sim.state()).contacts.length, 0);
});

test('built-in fields: firstName/lastName null, source null -> "API", userGroup null -> "", notes and reserved keys ignored', async (t) => {
  const sim = await startTestSim(t);
  const { body: { id } } = await put(sim, { email: 'f@example.com', firstName: 'F', lastName: 'L', source: 'Segment', userGroup: 'beta' });
  let [c] = await sim.find({ email: 'f@example.com' });
  assert.deepEqual([c.firstName, c.lastName, c.source, c.userGroup], ['F', 'L', 'Segment', 'beta']);
  await put(sim, { email: 'f@example.com', firstName: null, lastName: null, source: null, userGroup: null,
                   notes: 'n', id: 'cxxxxxxxxxxxxxxxxxxxxxxxx', teamId: 't', listId: 'l', softDeleteAt: 1, updatedAt: 2, optInStatus: 'accepted' });
  [c] = await sim.find({ email: 'f@example.com' });
  assert.deepEqual(c, { id, email: 'f@example.com', firstName: null, lastName: null, source: 'API', subscribed: true,
                        userGroup: '', userId: null, mailingLists: {}, optInStatus: null });
  assert.equal((await sim.api('GET', '/v1/contacts/properties?list=custom')).body.length, 0);
});

test('subscribed: false unsubscribes, true re-subscribes, absent leaves it, non-boolean is 400', async (t) => {
  const sim = await startTestSim(t);
  await put(sim, { email: 's@example.com', subscribed: false });
  assert.equal((await sim.find({ email: 's@example.com' }))[0].subscribed, false);
  await put(sim, { email: 's@example.com', firstName: 'S' });
  assert.equal((await sim.find({ email: 's@example.com' }))[0].subscribed, false);
  await put(sim, { email: 's@example.com', subscribed: true });
  assert.equal((await sim.find({ email: 's@example.com' }))[0].subscribed, true);
  for (const subscribed of ['true', 1, null]) {
    assert.deepEqual((await put(sim, { email: 's@example.com', subscribed })).body, err('Invalid value for subscribed.'));
  }
});

test('emails match case-insensitively and keep the first spelling; configurable', async (t) => {
  const sim = await startTestSim(t);
  const { body: { id } } = await put(sim, { email: 'Mixed@Example.com' });
  assert.equal((await put(sim, { email: 'mixed@example.COM', firstName: 'M' })).body.id, id);
  const [c] = await sim.find({ email: 'MIXED@example.com' });
  assert.equal(c.email, 'Mixed@Example.com');
  assert.equal(c.firstName, 'M');
  assert.equal((await create(sim, { email: 'MIXED@EXAMPLE.COM' })).status, 409);
  await sim.config({ emailCaseInsensitive: false });
  assert.deepEqual(await sim.find({ email: 'mixed@example.com' }), []);
  assert.equal((await create(sim, { email: 'mixed@example.com' })).status, 200);
});

test('create: validation, 409 on an existing email or userId, no partial write', async (t) => {
  const sim = await startTestSim(t);
  for (const [body, message] of [[{}, 'Email is required.'], [{ email: '' }, 'Email is required.'], [{ email: null }, 'Email is required.'],
    [{ email: 7 }, 'Email is required.'], [{ userId: 'u' }, 'Email is required.'], [{ email: 'bad' }, 'Invalid email address.'],
    [{ email: 'c@example.com', userId: 5 }, 'userId must be a string.']]) {
    const res = await create(sim, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.deepEqual(res.body, err(message));
  }
  const made = await create(sim, { email: 'c@example.com', userId: 'uc', firstName: 'C', subscribed: false, plan: 'pro' });
  assert.equal(made.status, 200);
  assert.match(made.body.id, ID_RE);
  const [c] = await sim.find({ userId: 'uc' });
  assert.deepEqual([c.id, c.firstName, c.subscribed, c.source, c.plan], [made.body.id, 'C', false, 'API', 'pro']);
  for (const body of [{ email: 'c@example.com' }, { email: 'other@example.com', userId: 'uc' }]) {
    const dup = await create(sim, body);
    assert.equal(dup.status, 409);
    assert.deepEqual(dup.body, err('Email or userId is already on list.'));
  }
  const bad = await create(sim, { email: 'd@example.com', subscribed: 'yes' });
  assert.deepEqual(bad.body, err('Invalid value for subscribed.'));
  assert.deepEqual(await sim.find({ email: 'd@example.com' }), [], 'nothing was created');
});

test('find: exactly one identifier; [] when absent; form-urlencoded query', async (t) => {
  const sim = await startTestSim(t);
  await put(sim, { email: 'a+b@example.com', userId: 'user one' });
  const q = (s) => sim.api('GET', `/v1/contacts/find?${s}`);
  assert.deepEqual((await q('email=a%2Bb%40example.com')).body.map((c) => c.userId), ['user one']);
  assert.deepEqual((await q('userId=user+one')).body.map((c) => c.email), ['a+b@example.com'], '+ is a space');
  assert.deepEqual((await q('userId=user%20one')).body.length, 1);
  const raw = await q('email=a+b@example.com'); // unencoded + reads as a space
  assert.equal(raw.status, 400);
  assert.deepEqual(raw.body, err('Invalid email address.'));
  assert.deepEqual((await q('email=nobody%40example.com')).body, []);
  assert.deepEqual((await q('userId=nobody')).body, []);
  for (const [s, message] of [['email=a%40b.co&userId=u', 'Only one of email or userId is allowed.'], ['', 'An email or userId is required.'],
    ['email=', 'An email or userId is required.'], ['other=1', 'An email or userId is required.'], ['email=nope', 'Invalid email address.']]) {
    const res = await q(s);
    assert.equal(res.status, 400, s);
    assert.deepEqual(res.body, err(message), s);
  }
});

test('findIncludesNullCustomProps shows never-set custom properties as null', async (t) => {
  const sim = await startTestSim(t);
  await put(sim, { email: 'a@example.com', plan: 'pro' });
  await put(sim, { email: 'b@example.com' });
  assert.equal('plan' in (await sim.find({ email: 'b@example.com' }))[0], false);
  await sim.config({ findIncludesNullCustomProps: true });
  assert.equal((await sim.find({ email: 'b@example.com' }))[0].plan, null);
});

test('delete: one identifier, 404 when missing, 200 then 404 when repeated', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ lists: [{ id: 'L1', name: 'News' }] });
  await put(sim, { email: 'd@example.com', userId: 'ud', mailingLists: { L1: true } });
  const del = (body) => sim.api('POST', '/v1/contacts/delete', { body });
  for (const [body, message] of [[{ email: 'd@example.com', userId: 'ud' }, 'Only one of email or userId is allowed.'],
    [{}, 'An email or userId is required.'], [{ userId: ['ud'] }, 'userId must be a string.'], [{ userId: 5 }, 'userId must be a string.'],
    [{ email: ['d@example.com'] }, 'Invalid email address.'], [{ email: 'nope' }, 'Invalid email address.']]) {
    const res = await del(body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.deepEqual(res.body, err(message));
  }
  const first = await del({ userId: 'ud' });
  assert.equal(first.status, 200);
  assert.deepEqual(first.body, { success: true, message: 'Contact deleted.' });
  const second = await del({ userId: 'ud' });
  assert.equal(second.status, 404);
  assert.deepEqual(second.body, err('Contact not found.'));
  assert.equal((await del({ email: 'never@example.com' })).status, 404);
  // Email and userId are free again; list membership went with the contact.
  assert.equal((await create(sim, { email: 'd@example.com', userId: 'ud' })).status, 200);
  assert.deepEqual((await sim.find({ email: 'd@example.com' }))[0].mailingLists, {});
});

test('suppression: check, remove, not suppressed, not found, quota', async (t) => {
  const sim = await startTestSim(t);
  await sim.seed({ contacts: [{ email: 'kept@example.com', userId: 'uk' }], suppressed: ['s@example.com', 'kept@example.com'] });
  const check = await sim.api('GET', '/v1/contacts/suppression?email=s%40example.com');
  assert.equal(check.status, 200);
  assert.deepEqual(Object.keys(check.body), ['contact', 'isSuppressed', 'removalQuota']);
  assert.deepEqual(check.body.contact.email, 's@example.com');
  assert.equal(check.body.contact.userId, null);
  assert.equal(check.body.isSuppressed, true);
  assert.deepEqual(check.body.removalQuota, { limit: 100, remaining: 100 });
  const removed = await sim.api('DELETE', '/v1/contacts/suppression?userId=uk');
  assert.deepEqual(removed.body, { success: true, message: 'Email removed from suppression list.', removalQuota: { limit: 100, remaining: 99 } });
  const again = await sim.api('DELETE', '/v1/contacts/suppression?userId=uk');
  assert.equal(again.status, 400);
  assert.deepEqual(again.body, err('This contact is not suppressed.'));
  assert.equal((await sim.api('GET', '/v1/contacts/suppression?userId=uk')).body.isSuppressed, false);
  for (const method of ['GET', 'DELETE']) {
    const missing = await sim.api(method, '/v1/contacts/suppression?email=none%40example.com');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, err('This contact was not found.'));
    assert.deepEqual((await sim.api(method, '/v1/contacts/suppression')).body, err('An email or userId is required.'));
  }
  // Use up the quota.
  const many = Array.from({ length: 100 }, (_, i) => `q${i}@example.com`);
  await sim.seed({ suppressed: many });
  for (const email of many.slice(0, 99)) {
    assert.equal((await sim.api('DELETE', `/v1/contacts/suppression?email=${encodeURIComponent(email)}`)).status, 200);
  }
  const over = await sim.api('DELETE', '/v1/contacts/suppression?email=q99%40example.com');
  assert.equal(over.status, 400);
  assert.deepEqual(over.body, err('Removal quota exceeded.'));
});
