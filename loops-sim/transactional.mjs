// Handlers for POST /v1/transactional and the two listing routes (docs/loops-api.md, "Bodies").
import { fail, ok } from './responses.mjs';
import { isPlainObject, isValidEmail } from './values.mjs';

const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;
const isScalarVariable = (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
const isArrayBlock = (v) => Array.isArray(v) && v.every((row) => isPlainObject(row) && Object.values(row).every(isScalarVariable));
/** "Not sent" for optional collections: absent, null or an empty array [I]. */
const isAbsent = (v) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);

/** The nested error shape documented for transactional 400s. */
const pathError = (path, message, extra = {}) => fail(400, message, { error: { path, message }, ...extra });

export function sendTransactional({ team, teamConfig, body, now, idempotencyKey }) {
  const { transactionalId, email } = body;
  if (typeof transactionalId !== 'string' || transactionalId === '') return fail(400, 'transactionalId is required.');
  if (!isValidEmail(email)) return fail(400, 'Invalid email address.');
  const template = team.findTransactional(transactionalId);
  if (!template) return fail(404, 'Transactional email not found.');
  if (!template.published) return fail(400, 'Transactional email is not published.');

  const dataVariables = body.dataVariables ?? {};
  if (!isPlainObject(dataVariables)) return pathError('dataVariables', 'dataVariables must be an object.');
  for (const [name, v] of Object.entries(dataVariables)) {
    if (v !== null && !isScalarVariable(v) && !isArrayBlock(v)) {
      return pathError('dataVariables', `Invalid value for data variable "${name}".`);
    }
  }
  // null "does not work" for a variable [D]: it counts as missing.
  const missing = template.dataVariables.filter((d) => d.required && (dataVariables[d.name] ?? null) === null).map((d) => d.name);
  if (missing.length) {
    return pathError('dataVariables', `Missing required data variable(s): ${missing.join(', ')}`, { transactionalId });
  }

  const { attachments } = body;
  if (!isAbsent(attachments)) {
    if (!teamConfig.attachmentsEnabled) return fail(400, 'Attachments are not enabled for this team.');
    const valid = Array.isArray(attachments) && attachments.every((a) => isPlainObject(a)
      && typeof a.filename === 'string' && a.filename !== '' && typeof a.contentType === 'string' && a.contentType !== ''
      && typeof a.data === 'string' && a.data.length % 4 === 0 && BASE64_RE.test(a.data));
    if (!valid) return pathError('attachments', 'Each attachment needs a filename, a contentType and base64 data.');
  }

  let contactCreated = false;
  if (body.addToAudience === true && !team.findByEmail(email)) {
    team.addContact({ email });
    contactCreated = true;
  }
  team.transactionalSends.push({
    seq: team.transactionalSends.length + 1, transactionalId, email, dataVariables,
    attachments: isAbsent(attachments) ? [] : attachments.map((a) => ({
      filename: a.filename, contentType: a.contentType, byteLength: Buffer.byteLength(a.data, 'base64') })),
    addToAudience: body.addToAudience === true, contactCreated, idempotencyKey, tMs: now,
  });
  return ok({ success: true });
}

/** Cursor pagination shared by both listing routes: perPage 10..50, cursor = first ID of the page. */
function paginate(items, query, pageUrl) {
  const rawPerPage = query.get('perPage');
  if (rawPerPage !== null && !(/^\d+$/.test(rawPerPage) && +rawPerPage >= 10 && +rawPerPage <= 50)) {
    return fail(400, 'Invalid perPage value');
  }
  const perPage = rawPerPage === null ? 20 : +rawPerPage;
  const cursor = query.get('cursor');
  const start = cursor ? items.findIndex((i) => i.id === cursor) : 0;
  if (start < 0) return fail(400, 'Invalid cursor');
  const data = items.slice(start, start + perPage);
  const next = items[start + perPage];
  return ok({
    pagination: { totalResults: items.length, returnedResults: data.length, perPage,
                  totalPages: Math.ceil(items.length / perPage), nextCursor: next?.id ?? null,
                  nextPage: next ? `${pageUrl}?cursor=${next.id}&perPage=${perPage}` : null },
    data,
  });
}

/** GET /v1/transactional (deprecated): published emails only. */
export function listPublishedTransactional({ team, query, routeUrl }) {
  const items = team.transactionalEmails.filter((t) => t.published).map((t) => ({
    id: t.id, name: t.name, lastUpdated: t.lastUpdated, dataVariables: t.dataVariables.map((d) => d.name) }));
  return paginate(items, query, routeUrl);
}

/** GET /v1/transactional-emails (content API): every email, newest first. */
export function listTransactionalEmails({ team, teamConfig, query, routeUrl }) {
  if (!teamConfig.contentApiEnabled) return fail(401, 'Invalid API key or content API not enabled.');
  const items = team.transactionalEmails.map((t, i) => ({ t, i }))
    .sort((a, b) => b.t.createdAt.localeCompare(a.t.createdAt) || b.i - a.i)
    .map(({ t }) => ({
      id: t.id, url: `https://app.loops.so/transactional/${t.id}`, name: t.name,
      draftEmailMessageId: null, publishedEmailMessageId: t.published ? t.emailMessageId : null,
      transactionalGroupId: null, createdAt: t.createdAt, updatedAt: t.lastUpdated,
      dataVariables: t.published ? t.dataVariables.map((d) => d.name) : [],
    }));
  return paginate(items, query, routeUrl);
}
