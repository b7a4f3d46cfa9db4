// Shared by the sender tests: seeded Segment events and simulator shortcuts. The
// package under test is the built one (scripts/build.sh writes pkg/).
import { startSimulator } from '../../loops-sim/server.mjs';

export const KEY = 'test_key';

/** Mulberry32: a tiny seeded generator, so every run sends the same events. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` identify/track events, seeded: each of `users` users is identified once
 * (so contact state does not depend on the order of delivery), tracks name a user
 * by userId and email.
 */
export function mixedEvents(count, seed, users = Math.ceil(count * 0.4)) {
  const rand = prng(seed);
  const user = (i) => ({ userId: `u${i}`, email: `user${i}@example.com` });
  const events = [];
  for (let i = 0; i < users && events.length < count; i += 1) {
    const { userId, email } = user(i);
    events.push({ type: 'identify', userId, messageId: `id-${i}`,
                  traits: { email, firstName: `First${i}`, plan: rand() < 0.5 ? 'pro' : 'free', seats: 1 + (i % 7) } });
  }
  let n = 0;
  while (events.length < count) {
    const { userId, email } = user(Math.floor(rand() * users));
    events.push({ type: 'track', event: ['Signed Up', 'Played', 'Paid'][n % 3], userId, messageId: `tr-${n}`,
                  properties: { n, amount: Math.round(rand() * 1000) / 10 }, context: { traits: { email } } });
    n += 1;
  }
  // Shuffle (Fisher–Yates) so identifies and tracks interleave.
  for (let i = events.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [events[i], events[j]] = [events[j], events[i]];
  }
  return events;
}

/** A simulator plus its control API. */
export async function simulator(t, { config = {}, cors = false } = {}) {
  const server = await startSimulator({ port: 0, config, cors });
  t.after(() => server.close());
  const control = async (method, name, body) => {
    const res = await fetch(`${server.url}/__sim/${name}`, {
      method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
    });
    if (res.status !== 200) throw new Error(`control ${method} ${name}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    url: server.url,
    api: `${server.url}/api`,
    control,
    faults: (rules) => control('POST', 'faults', rules),
    state: () => control('GET', 'state'),
    requests: (filter = {}) => control('GET', `requests?${new URLSearchParams(filter)}`),
  };
}

/** Contacts without what differs between two runs by nature (ids, times). */
export function comparableContacts(state) {
  return state.contacts
    .map(({ id, createdAt, updatedAt, ...rest }) => rest)
    .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
}

export const flat = (outcomes) => outcomes.flat();
