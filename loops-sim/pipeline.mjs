// The API request pipeline, in this order: faults, routing, auth,
// rate limit, body, length limit, idempotency, handler. Pure of I/O: takes a
// read request, returns what to send (or to drop) plus the request-log entry.
import { setTimeout as sleep } from 'node:timers/promises';
import { rateLimitOf } from './config.mjs';
import { bodyHash, idempotencyStore } from './idempotency.mjs';
import { fail } from './responses.mjs';
import { findRoute } from './routes.mjs';
import { hasOverlongValue, isPlainObject, jsonDepth } from './values.mjs';

/** Deeper JSON than this is refused as invalid: no endpoint takes it, and it protects the walkers [I]. */
const MAX_JSON_DEPTH = 64;
const JSON_TYPE_RE = /^application\/([\w.+-]*\+)?json\s*(;|$)/i;
const LOGGED_TEXT_MAX = 65_536;

const rateHeaders = ({ limit, remaining }) => ({ 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(remaining) });

/** Bearer auth: the key's team settings, or null. The scheme is case-insensitive (RFC 7235). */
function teamFromAuthorization(sim, header) {
  const m = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return m ? sim.teamsByKey.get(m[1]) ?? null : null;
}

/**
 * rq: {method, path, query: URLSearchParams, headers (lowercased), bodyText, bodyBytes}.
 * Returns {status, headers, payload, drop, logEntry}.
 */
export async function handleApiRequest(sim, rq) {
  const cfg = sim.config;
  const route = findRoute(rq.path, cfg);
  const teamConfig = teamFromAuthorization(sim, rq.headers.authorization);
  if (cfg.globalLatencyMs > 0) await sleep(cfg.globalLatencyMs);
  const fault = sim.faults.evaluate({ method: rq.method, path: route?.path ?? rq.path, rawPath: rq.path,
                                      team: teamConfig?.teamName ?? null });
  if (fault.delayMs > 0) await sleep(fault.delayMs);

  const now = sim.clock.now();
  const action = fault.rule?.action;
  const ctx = { sim, rq, route, teamConfig, now, parsedBody: undefined };
  let outcome = action && !action.applyStateChange ? null : runSteps(ctx);
  if (action) outcome = forcedOutcome(ctx, action, outcome);
  return finish(ctx, outcome, fault.rule);
}

/** Steps 2-8 of the pipeline. Returns {status, body, headers, counted}. */
function runSteps(ctx) {
  const { sim, rq, route, teamConfig, now } = ctx;
  const limits = rateLimitOf(sim.config, teamConfig);
  const peek = () => rateHeaders(sim.limiter.peek(teamConfig?.teamName ?? null, limits, now));
  // 404 and 405 are answered before auth; they carry the headers but use no quota [I].
  if (!route) return { ...fail(404, 'Not found.'), headers: peek() };
  const handler = route.methods[rq.method];
  if (!handler) {
    return { ...fail(405, 'Method not allowed.'), headers: { allow: Object.keys(route.methods).join(', '), ...peek() } };
  }
  if (!teamConfig) return { ...fail(401, 'Invalid API key', { error: 'Invalid API key' }), headers: {} };

  const rate = sim.limiter.consume(teamConfig.teamName, limits, now);
  const headers = rateHeaders(rate);
  if (!rate.allowed) {
    if (limits.retryAfterHeader) headers['retry-after'] = String(rate.retryAfterSec);
    return { ...fail(429, 'Rate limit exceeded.'), headers, counted: false };
  }
  return { ...withLegacyKeys(sim.config, runHandler(ctx, handler)), headers, counted: true };
}

/** Steps 5-8: body, length limit, idempotency, handler. */
function runHandler(ctx, handler) {
  const { sim, rq, route, teamConfig, now } = ctx;
  const cfg = sim.config;
  const parsed = parseBody(rq, route);
  if (parsed.error) return parsed.error;
  const { body } = parsed;
  if (rq.method === 'POST' || rq.method === 'PUT') ctx.parsedBody = body;
  if (route.lengthChecked(rq.method) && hasOverlongValue(body, cfg.maxValueLength)) {
    return fail(400, 'Some body key or value is longer than allowable');
  }

  const team = sim.teamState(teamConfig.teamName);
  const key = route.idempotent(rq.method) && rq.headers['idempotency-key'] ? rq.headers['idempotency-key'] : null;
  const store = idempotencyStore(team.idempotencyKeys, cfg.idempotency);
  const hash = key === null ? null : bodyHash(body);
  if (key !== null) {
    if (key.length > cfg.idempotency.maxKeyLength) {
      return fail(400, `Idempotency-Key must be ${cfg.idempotency.maxKeyLength} characters or fewer.`);
    }
    const seen = store.lookup(route.path, key, now);
    if (seen && seen.bodyHash !== hash) return fail(409, 'Idempotency key already used with a different request body.');
    if (seen && cfg.idempotency.sameBodyMode === 'replay') return { status: seen.status, body: seen.body };
    if (seen) return fail(409, 'Idempotency key has already been used.');
  }

  const result = handler({ team, teamConfig, cfg, body, query: rq.query, now, idempotencyKey: key,
                           routeUrl: `${sim.baseUrl}${route.prefix}${route.path}` });
  if (key !== null && (result.status < 300 || cfg.idempotency.recordOnFailure)) {
    store.record(route.path, key, { bodyHash: hash, status: result.status, body: result.body, tMs: now });
  }
  return result;
}

function parseBody(rq, route) {
  if (rq.method !== 'POST' && rq.method !== 'PUT') return { body: {} };
  if (rq.bodyBytes > route.maxBodyBytes) return { error: fail(413, 'Payload too large.') };
  const invalid = { error: fail(400, 'Invalid JSON body.') };
  // A missing Content-Type is tolerated; a declared non-JSON one is refused [I].
  const type = rq.headers['content-type'];
  if (type !== undefined && !JSON_TYPE_RE.test(type)) return invalid;
  let body;
  try { body = JSON.parse(rq.bodyText); } catch { return invalid; }
  return isPlainObject(body) && jsonDepth(body) <= MAX_JSON_DEPTH ? { body } : invalid;
}

/** legacyErrorKeys: 400 bodies also carry the deprecated `error` string. */
function withLegacyKeys(cfg, result) {
  if (!cfg.legacyErrorKeys || result.status !== 400 || result.body?.error !== undefined) return result;
  return { ...result, body: { ...result.body, error: result.body.message } };
}

/**
 * A fault's forced answer. Without applyStateChange nothing else ran, so the
 * request is counted here (if countTowardsRateLimit and the window has room).
 */
function forcedOutcome({ sim, teamConfig, now }, action, real) {
  const respond = action.respond ?? { status: 0 };
  let rate = real?.headers?.['x-ratelimit-limit'] ? real.headers : null;
  let counted = real?.counted ?? false;
  if (!real && teamConfig && respond.status !== 401) {
    const limits = rateLimitOf(sim.config, teamConfig);
    if (action.countTowardsRateLimit) {
      const r = sim.limiter.consume(teamConfig.teamName, limits, now);
      counted = r.allowed;
      rate = rateHeaders(r);
    } else {
      rate = rateHeaders(sim.limiter.peek(teamConfig.teamName, limits, now));
    }
  }
  if (!rate && respond.status !== 401) rate = rateHeaders({ limit: sim.config.rateLimit.limit, remaining: sim.config.rateLimit.limit });
  const headers = respond.status === 401 || respond.rateLimitHeaders === false ? {} : { ...pickRate(rate) };
  for (const [k, v] of Object.entries(respond.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (action.dropConnection) return { drop: true, status: null, headers, counted };
  if (respond.rawBody != null) {
    return { status: respond.status, raw: String(respond.rawBody), contentType: respond.contentType ?? 'text/plain; charset=utf-8', headers, counted };
  }
  if (respond.json != null) return { status: respond.status, body: respond.json, contentType: respond.contentType, headers, counted };
  return { status: respond.status, raw: '', contentType: respond.contentType, headers, counted };
}

const pickRate = (h) => (h ? { 'x-ratelimit-limit': h['x-ratelimit-limit'], 'x-ratelimit-remaining': h['x-ratelimit-remaining'] } : {});

/** Serialise the outcome and build the request-log entry. */
function finish({ sim, rq, route, teamConfig, now, parsedBody }, outcome, rule) {
  const payload = outcome.raw ?? (outcome.body === undefined ? '' : JSON.stringify(outcome.body));
  const headers = { ...outcome.headers };
  if (!outcome.drop && (outcome.raw === undefined || outcome.contentType)) {
    headers['content-type'] = outcome.contentType ?? 'application/json; charset=utf-8';
  }
  const logged = { ...rq.headers };
  if (logged.authorization !== undefined) logged.authorization = '[redacted]';
  const logEntry = {
    tMs: now, team: teamConfig?.teamName ?? null, method: rq.method, path: rq.path, route: route?.path ?? null,
    query: Object.fromEntries(rq.query), headers: logged,
    body: parsedBody ?? (rq.bodyBytes <= LOGGED_TEXT_MAX ? rq.bodyText || null : null), bodyBytes: rq.bodyBytes,
    status: outcome.drop ? null : outcome.status, responseBody: outcome.raw ?? outcome.body ?? null,
    counted: outcome.counted === true, fault: rule?.id ?? null, dropped: outcome.drop === true,
  };
  return { status: outcome.status, headers, payload, drop: outcome.drop === true, logEntry };
}
