// The v1 route table: which handler serves each path and method, and which
// pipeline steps (length limit, idempotency, body size) apply to it.
import { checkSuppression, createContact, deleteContact, findContact, removeSuppression, updateContact } from './contacts.mjs';
import { sendEvent } from './events.mjs';
import { createProperty, listProperties } from './properties.mjs';
import { ok } from './responses.mjs';
import { listPublishedTransactional, listTransactionalEmails, sendTransactional } from './transactional.mjs';

const ROUTES = {
  '/v1/api-key': { GET: ({ teamConfig }) => ok({ success: true, teamName: teamConfig.teamName }) },
  '/v1/contacts/create': { POST: createContact },
  '/v1/contacts/update': { PUT: updateContact },
  '/v1/contacts/find': { GET: findContact },
  '/v1/contacts/delete': { POST: deleteContact },
  '/v1/contacts/suppression': { GET: checkSuppression, DELETE: removeSuppression },
  '/v1/contacts/properties': { GET: listProperties, POST: createProperty },
  '/v1/lists': { GET: ({ team }) => ok(team.lists.map((l) => ({ ...l }))) },
  '/v1/events/send': { POST: sendEvent },
  '/v1/transactional': { GET: listPublishedTransactional, POST: sendTransactional },
  '/v1/transactional-emails': { GET: listTransactionalEmails },
  '/v1/dedicated-sending-ips': { GET: ({ teamConfig }) => ok([...(teamConfig.dedicatedSendingIps ?? [])]) },
};

/** Idempotency-Key is honoured here only [D]. */
const IDEMPOTENT = new Set(['/v1/events/send', '/v1/transactional']);
/** The 500-character rule applies to these bodies [D]. */
const LENGTH_CHECKED = new Set(['/v1/contacts/create', '/v1/contacts/update', '/v1/events/send', '/v1/transactional']);

/**
 * Map a request path to a v1 route: "/api/v1/..." (the configured prefix) or
 * the bare "/v1/..." alias [I]. Returns null for unknown paths.
 */
export function findRoute(path, cfg) {
  const bare = cfg.apiPrefix && path.startsWith(cfg.apiPrefix + '/') ? path.slice(cfg.apiPrefix.length) : path;
  const handlers = Object.hasOwn(ROUTES, bare) ? ROUTES[bare] : null;
  if (!handlers) return null;
  const methods = { ...handlers };
  // Production integrations POST to update; the real server accepts it [O].
  if (bare === '/v1/contacts/update' && cfg.acceptPostForUpdate) methods.POST = methods.PUT;
  return {
    path: bare,
    prefix: path.slice(0, path.length - bare.length),
    methods,
    idempotent: (method) => method === 'POST' && IDEMPOTENT.has(bare),
    lengthChecked: (method) => method !== 'GET' && LENGTH_CHECKED.has(bare),
    maxBodyBytes: bare === '/v1/transactional' ? cfg.maxTransactionalBodyBytes : cfg.maxBodyBytes,
  };
}
