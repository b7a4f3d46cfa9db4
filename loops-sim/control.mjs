// The control plane under /__sim (README, "Control API"): no auth, no rate limit, not logged.
import { fail, ok } from './responses.mjs';
import { isPlainObject } from './values.mjs';

const ROUTES = {
  '/__sim/reset': { POST: (sim, { body }) => { sim.reset({ config: body.config === true }); return ok({ success: true }); } },
  '/__sim/seed': {
    POST: (sim, { body }) => {
      const result = sim.seed(body);
      return result.error ? fail(400, result.error) : ok({ success: true, ...result.created });
    },
  },
  '/__sim/config': {
    GET: (sim) => ok(sim.config),
    POST: (sim, { body }) => {
      const error = sim.updateConfig(body);
      return error ? fail(400, error) : ok(sim.config);
    },
  },
  '/__sim/state': {
    GET: (sim, { query }) => {
      const name = query.get('team') ?? sim.config.teams[0].teamName;
      const team = sim.teamState(name);
      if (!team) return fail(404, `unknown team "${name}"`);
      return ok({ team: name, teams: [...sim.teamsByName.keys()], ...team.snapshot(),
                  requestLog: sim.log.query({ team: name }), faults: sim.faults.list() });
    },
  },
  '/__sim/requests': {
    GET: (sim, { query }) => ok(sim.log.query(Object.fromEntries(query))),
    DELETE: (sim) => { sim.log.clear(); return ok({ success: true }); },
  },
  '/__sim/faults': {
    GET: (sim) => ok(sim.faults.list()),
    POST: (sim, { body, rawBody }) => {
      const specs = Array.isArray(rawBody) ? rawBody : Array.isArray(body.rules) ? body.rules : rawBody;
      const { ids, error } = sim.faults.add(specs);
      return error ? fail(400, error) : ok({ success: true, ids });
    },
    DELETE: (sim) => { sim.faults.clear(); return ok({ success: true }); },
  },
  '/__sim/clock': {
    GET: (sim) => ok(clockView(sim)),
    POST: (sim, { body }) => {
      const { advanceMs, setMs, freeze } = body;
      for (const [name, v] of [['advanceMs', advanceMs], ['setMs', setMs]]) {
        if (v !== undefined && !Number.isFinite(v)) return fail(400, `${name} must be a number`);
      }
      if (freeze !== undefined && typeof freeze !== 'boolean') return fail(400, 'freeze must be a boolean');
      if (setMs !== undefined) sim.clock.set(setMs, freeze ?? true);
      else if (freeze === true) sim.clock.freeze();
      else if (freeze === false) sim.clock.unfreeze();
      if (advanceMs !== undefined) sim.clock.advance(advanceMs);
      return ok(clockView(sim));
    },
  },
};

const clockView = (sim) => ({ nowMs: sim.clock.now(), frozen: sim.clock.frozen });

/** Returns {status, body, headers}. */
export function handleControl(sim, method, path, query, bodyText) {
  const route = ROUTES[path.replace(/\/+$/, '')];
  const faultId = /^\/__sim\/faults\/(\d+)$/.exec(path);
  if (faultId && method === 'DELETE') {
    return sim.faults.remove(Number(faultId[1])) ? ok({ success: true }) : fail(404, 'No such fault rule.');
  }
  if (!route) return fail(404, 'Not found.');
  const handler = route[method];
  if (!handler) return { ...fail(405, 'Method not allowed.'), headers: { allow: Object.keys(route).join(', ') } };
  let rawBody = {};
  if (method === 'POST' && bodyText.trim() !== '') {
    try { rawBody = JSON.parse(bodyText); } catch { return fail(400, 'Invalid JSON body.'); }
  }
  const body = isPlainObject(rawBody) ? rawBody : {};
  return handler(sim, { body, rawBody, query });
}
