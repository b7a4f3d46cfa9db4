// Test helpers: each test starts its own simulator on an ephemeral port and
// closes it when the test ends. Not a test file itself.
import { startSimulator } from '../../loops-sim/server.mjs';

export const KEY = 'test_key';

/** The v1 error body: {success:false, message, ...extra}. */
export const err = (message, extra = {}) => ({ success: false, message, ...extra });

/**
 * Start a simulator for test t; returns API and control shortcuts. Without
 * options.config the rate limiter is off (tests send bursts); pass
 * `config: {}` for the spec's defaults.
 */
export async function startTestSim(t, options = {}) {
  const server = await startSimulator({ port: 0, ...options, config: options.config ?? NO_RATE_LIMIT });
  t.after(() => server.close());

  /** One HTTP call. body is JSON-encoded; rawBody is sent as is. key: null sends no Authorization. */
  async function call(method, path, { key = KEY, body, rawBody, headers = {}, signal } = {}) {
    const h = { ...headers };
    if (key !== null) h.authorization ??= `Bearer ${key}`;
    let payload = rawBody;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(server.url + path, { method, headers: h, body: payload, signal });
    const text = await res.text();
    let json;
    try { json = JSON.parse(text); } catch { json = undefined; }
    return { status: res.status, headers: res.headers, body: json, text };
  }

  async function control(method, name, body) {
    const res = await call(method, `/__sim/${name}`, { key: null, body });
    if (res.status !== 200) throw new Error(`control ${method} ${name}: ${res.status} ${res.text}`);
    return res.body;
  }

  return {
    url: server.url,
    close: () => server.close(),
    call,
    /** An API call under the default /api prefix: api('GET', '/v1/lists'). */
    api: (method, path, opts) => call(method, `/api${path}`, opts),
    control,
    seed: (data) => control('POST', 'seed', data),
    config: (patch) => control('POST', 'config', patch),
    faults: (rules) => control('POST', 'faults', rules),
    clock: (body) => control('POST', 'clock', body),
    /** Freeze the clock at the start of a window, so a test's requests share one window. */
    freeze: (ms = 1_700_000_000_000) => control('POST', 'clock', { setMs: ms }),
    state: (team) => control('GET', team ? `state?team=${encodeURIComponent(team)}` : 'state'),
    requests: (filter = {}) => control('GET', `requests?${new URLSearchParams(filter)}`),
    find: async (query, key = KEY) => {
      const res = await call('GET', `/api/v1/contacts/find?${new URLSearchParams(query)}`, { key });
      if (res.status !== 200) throw new Error(`find: ${res.status} ${res.text}`);
      return res.body;
    },
  };
}

/** Config with rate limiting off, for tests that send many requests. */
export const NO_RATE_LIMIT = { rateLimit: { enabled: false } };
