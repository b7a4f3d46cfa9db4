// The official `loops` npm SDK (7.3.0), unchanged except for apiRoot, driven
// through every call the destination's neighbours make. Each call must succeed
// or fail as docs/loops-api.md says the real API does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APIError, LoopsClient, RateLimitExceededError, ValidationError } from 'loops';
import { KEY, startTestSim } from './helpers.mjs';

const SEED = {
  lists: [{ id: 'cm06f5v0e45nf0ml5754o9cix', name: 'Newsletter' }, { id: 'cm16k73gq014h0mmj5b6jdi9r', name: 'Beta', description: 'Beta testers', isPublic: false }],
  transactionalEmails: [{ id: 'clfq6dinn000yl70fgwwyp82l', name: 'Password reset', dataVariables: ['name', 'passwordResetLink'] }],
  suppressed: ['bounced@example.com'],
};

async function setup(t, config) {
  const sim = await startTestSim(t, config ? { config, seed: SEED } : { seed: SEED });
  const loops = new LoopsClient(KEY);
  loops.apiRoot = `${sim.url}/api/`;
  return { sim, loops };
}

/** Assert a rejected SDK call is an APIError with this status and JSON body. */
async function rejectsApi(promise, statusCode, json) {
  const e = await promise.then(() => assert.fail('expected an APIError'), (err) => err);
  assert.ok(e instanceof APIError, `${e.name}: ${e.message}`);
  assert.equal(e.statusCode, statusCode);
  if (json !== undefined) assert.deepEqual(e.json, json);
  return e;
}

test('SDK: testApiKey, a bad key, listMailingLists, listDedicatedSendingIps', async (t) => {
  const { sim, loops } = await setup(t);
  assert.deepEqual(await loops.testApiKey(), { success: true, teamName: 'Test team' });
  const bad = new LoopsClient('wrong');
  bad.apiRoot = loops.apiRoot;
  const e = await rejectsApi(bad.testApiKey(), 401, { success: false, message: 'Invalid API key', error: 'Invalid API key' });
  assert.equal(e.message, '401 - Invalid API key');
  assert.deepEqual(await loops.listMailingLists(), [
    { id: 'cm06f5v0e45nf0ml5754o9cix', name: 'Newsletter', description: null, isPublic: true },
    { id: 'cm16k73gq014h0mmj5b6jdi9r', name: 'Beta', description: 'Beta testers', isPublic: false }]);
  assert.deepEqual(await loops.listDedicatedSendingIps(), []);
  const log = await sim.requests();
  assert.ok(log.every((r) => r.headers['content-type'] === 'application/json'), 'the SDK sends JSON content type, GETs included');
});

test('SDK: createContact, duplicate 409, updateContact upsert and email change, findContact, deleteContact', async (t) => {
  const { sim, loops } = await setup(t);
  const created = await loops.createContact({ email: 'a+b@example.com', properties: { firstName: 'Ada', plan: 'pro', userId: 'u-1' },
    mailingLists: { cm06f5v0e45nf0ml5754o9cix: true } });
  assert.equal(created.success, true);
  assert.match(created.id, /^c[0-9a-z]{24}$/);
  const dup = await rejectsApi(loops.createContact({ email: 'a+b@example.com' }), 409, { success: false, message: 'Email or userId is already on list.' });
  assert.equal(dup.message, '409 - Email or userId is already on list.');

  const found = await loops.findContact({ email: 'a+b@example.com' });
  assert.deepEqual(found, [{ id: created.id, email: 'a+b@example.com', firstName: 'Ada', lastName: null, source: 'API', subscribed: true,
    userGroup: '', userId: 'u-1', mailingLists: { cm06f5v0e45nf0ml5754o9cix: true }, optInStatus: null, plan: 'pro' }]);
  assert.deepEqual(await loops.findContact({ email: 'nobody@example.com' }), []);

  const updated = await loops.updateContact({ email: 'new@example.com', userId: 'u-1', properties: { lastName: 'Lovelace', plan: null },
    mailingLists: { cm06f5v0e45nf0ml5754o9cix: false, cm16k73gq014h0mmj5b6jdi9r: true } });
  assert.deepEqual(updated, { success: true, id: created.id });
  const [c] = await loops.findContact({ userId: 'u-1' });
  assert.deepEqual([c.email, c.lastName, 'plan' in c, c.mailingLists], ['new@example.com', 'Lovelace', false, { cm16k73gq014h0mmj5b6jdi9r: true }]);
  assert.equal((await loops.updateContact({ email: 'fresh@example.com', properties: { userGroup: 'beta' } })).success, true, 'upsert creates');

  await rejectsApi(loops.updateContact({ userId: 'ghost' }), 400,
    { success: false, message: 'userId not found and cannot create a new contact without an email.' });
  const before = (await sim.requests()).length;
  await assert.rejects(loops.updateContact({}), ValidationError);
  await assert.rejects(loops.findContact({ email: 'x@example.com', userId: 'u' }), ValidationError);
  await assert.rejects(loops.deleteContact({}), ValidationError);
  assert.equal((await sim.requests()).length, before, 'client-side validation sent nothing');

  assert.deepEqual(await loops.deleteContact({ email: 'new@example.com' }), { success: true, message: 'Contact deleted.' });
  await rejectsApi(loops.deleteContact({ email: 'new@example.com' }), 404, { success: false, message: 'Contact not found.' });
  await rejectsApi(loops.deleteContact({ userId: 'u-1' }), 404);
});

test('SDK: findContact encodes + and spaces the way the simulator decodes them', async (t) => {
  const { loops } = await setup(t);
  await loops.updateContact({ email: 'plus+tag@example.com', userId: 'user with spaces' });
  assert.equal((await loops.findContact({ email: 'plus+tag@example.com' })).length, 1);
  assert.equal((await loops.findContact({ userId: 'user with spaces' }))[0].email, 'plus+tag@example.com');
});

test('SDK: sendEvent with properties, lists and an Idempotency-Key; replay 409; unknown userId 400', async (t) => {
  const { sim, loops } = await setup(t);
  const ok = await loops.sendEvent({ email: 'e@example.com', eventName: 'planChange', contactProperties: { firstName: 'Sam', favoriteColor: 'red' },
    eventProperties: { newPlan: 'Pro', planPrice: 29, isLifetime: false, updateDate: '2024-03-07T10:09:23Z' },
    mailingLists: { cm06f5v0e45nf0ml5754o9cix: true }, headers: { 'Idempotency-Key': 'msg-1' } });
  assert.deepEqual(ok, { success: true });
  const again = await rejectsApi(loops.sendEvent({ email: 'e@example.com', eventName: 'planChange', contactProperties: { firstName: 'Sam', favoriteColor: 'red' },
    eventProperties: { newPlan: 'Pro', planPrice: 29, isLifetime: false, updateDate: '2024-03-07T10:09:23Z' },
    mailingLists: { cm06f5v0e45nf0ml5754o9cix: true }, headers: { 'Idempotency-Key': 'msg-1' } }), 409);
  assert.equal(again.message, '409 - Idempotency key has already been used.');
  await rejectsApi(loops.sendEvent({ userId: 'ghost', eventName: 'x' }), 400, { success: false, message: 'Contact not found.' });
  await assert.rejects(loops.sendEvent({ eventName: 'x' }), ValidationError);
  // The SDK's documented pitfall: a contact property named eventName wins.
  await loops.sendEvent({ email: 'e@example.com', eventName: 'meant', contactProperties: { eventName: 'overridden' } });
  const { events } = await sim.state();
  assert.deepEqual(events.map((e) => [e.eventName, e.idempotencyKey]), [['planChange', 'msg-1'], ['overridden', null]]);
  const [c] = await loops.findContact({ email: 'e@example.com' });
  assert.deepEqual([c.firstName, c.favoriteColor, c.mailingLists], ['Sam', 'red', { cm06f5v0e45nf0ml5754o9cix: true }]);
});

test('SDK: listContactProperties (all, custom) and createContactProperty (success, duplicate, bad type)', async (t) => {
  const { loops } = await setup(t);
  const all = await loops.listContactProperties();
  assert.deepEqual(all.map((p) => p.key), ['firstName', 'lastName', 'email', 'notes', 'source', 'userGroup', 'userId', 'subscribed', 'createdAt']);
  assert.deepEqual(await loops.createContactProperty('planName', 'string'), { success: true });
  assert.deepEqual(await loops.listContactProperties('custom'), [{ key: 'planName', label: 'Plan Name', type: 'string' }]);
  await rejectsApi(loops.createContactProperty('planName', 'string'), 400, { success: false, message: 'Property already exists.' });
  await rejectsApi(loops.createContactProperty('other', 'text'), 400, { success: false, message: 'Invalid property type.' });
  await rejectsApi(loops.createContactProperty('teamId', 'string'), 400, { success: false, message: 'Property name is reserved.' });
});

test('SDK: sendTransactionalEmail (success, addToAudience, 404, missing variables, idempotency) and listTransactionalEmails', async (t) => {
  const { sim, loops } = await setup(t);
  const base = { transactionalId: 'clfq6dinn000yl70fgwwyp82l', email: 'favorite@example.com',
    dataVariables: { name: 'Chris', passwordResetLink: 'https://example.com/reset-password' } };
  assert.deepEqual(await loops.sendTransactionalEmail({ ...base, addToAudience: true, headers: { 'Idempotency-Key': 'tx-1' } }), { success: true });
  assert.equal((await loops.findContact({ email: 'favorite@example.com' })).length, 1);
  await rejectsApi(loops.sendTransactionalEmail({ ...base, headers: { 'Idempotency-Key': 'tx-1' } }), 409,
    { success: false, message: 'Idempotency key already used with a different request body.' });
  await rejectsApi(loops.sendTransactionalEmail({ ...base, transactionalId: 'nope' }), 404, { success: false, message: 'Transactional email not found.' });
  const missing = await rejectsApi(loops.sendTransactionalEmail({ ...base, dataVariables: { name: 'Chris' } }), 400);
  assert.equal(missing.message, '400 - Missing required data variable(s): passwordResetLink', 'the SDK reads error.message');
  assert.equal(missing.json.transactionalId, 'clfq6dinn000yl70fgwwyp82l');
  assert.equal((await sim.state()).transactionalSends.length, 1);
  // SDK 7 lists through the content API.
  await rejectsApi(loops.listTransactionalEmails(), 401, { success: false, message: 'Invalid API key or content API not enabled.' });
  await sim.config({ teams: [{ apiKey: KEY, teamName: 'Test team', contentApiEnabled: true }] });
  const page = await loops.listTransactionalEmails({ perPage: 10 });
  assert.deepEqual(page.data.map((d) => d.id), ['clfq6dinn000yl70fgwwyp82l']);
  assert.equal(page.pagination.perPage, 10);
  await rejectsApi(loops.listTransactionalEmails({ perPage: 5 }), 400, { success: false, message: 'Invalid perPage value' });
});

test('SDK: checkContactSuppression and removeContactSuppression', async (t) => {
  const { loops } = await setup(t);
  const check = await loops.checkContactSuppression({ email: 'bounced@example.com' });
  assert.equal(check.isSuppressed, true);
  assert.deepEqual(check.removalQuota, { limit: 100, remaining: 100 });
  const removed = await loops.removeContactSuppression({ email: 'bounced@example.com' });
  assert.deepEqual(removed, { success: true, message: 'Email removed from suppression list.', removalQuota: { limit: 100, remaining: 99 } });
  await rejectsApi(loops.removeContactSuppression({ email: 'bounced@example.com' }), 400, { success: false, message: 'This contact is not suppressed.' });
  await rejectsApi(loops.checkContactSuppression({ userId: 'none' }), 404, { success: false, message: 'This contact was not found.' });
});

test('SDK: 429 becomes RateLimitExceededError from the headers', async (t) => {
  const { sim, loops } = await setup(t, { rateLimit: { limit: 2 } });
  await sim.freeze();
  await loops.testApiKey();
  await loops.listMailingLists();
  const e = await loops.listMailingLists().then(() => assert.fail('expected 429'), (err) => err);
  assert.ok(e instanceof RateLimitExceededError);
  assert.deepEqual([e.limit, e.remaining, e.message], [2, 0, 'Rate limit of 2 requests per second exceeded.']);
  await sim.clock({ advanceMs: 1000 });
  assert.equal((await loops.testApiKey()).success, true);
});

test('SDK: a 502 HTML page and an empty 500 become APIError with rawBody; a dropped connection rejects', async (t) => {
  const { sim, loops } = await setup(t);
  await sim.faults([{ match: { nth: [1] }, action: { preset: 'http502Html' } }, { match: { nth: [2] }, action: { preset: 'http500Empty' } },
    { match: { nth: [3] }, action: { preset: 'drop' } }]);
  const html = await rejectsApi(loops.testApiKey(), 502, null);
  assert.match(html.rawBody, /502 Bad Gateway/);
  assert.equal(html.message, '502');
  const empty = await rejectsApi(loops.testApiKey(), 500, null);
  assert.equal(empty.rawBody, '');
  await assert.rejects(loops.testApiKey(), TypeError);
  assert.equal((await loops.testApiKey()).success, true);
});
