// applyFields (docs/loops-api.md, "Bodies", "Value limits"): validate every contact field of a request first, then
// write them all at once, so a bad field leaves the contact untouched.
import { fail } from './responses.mjs';
import { fitToType, inferType, isPlainObject, parseDate } from './values.mjs';

/** Request-level keys that are not contact properties. */
const REQUEST_KEYS = new Set(['email', 'userId', 'mailingLists']);
const EVENT_KEYS = new Set(['eventName', 'eventProperties']);
/** Silently ignored: reserved names [I], and notes, which the API cannot set [D]. */
const IGNORED = new Set(['id', 'listId', 'softDeleteAt', 'teamId', 'updatedAt', 'optInStatus', 'notes']);
/** Built-in string fields and what null resets them to. */
const STRING_FIELDS = { firstName: null, lastName: null, source: 'API', userGroup: '' };

/**
 * Plan the writes of body onto `contact` (null when the contact is about to be
 * created). Returns {error} or {commit(contact) -> appliedProperties}.
 */
export function planFields(team, body, cfg, { contact, isEvent = false, now }) {
  const writes = [];            // (contact) => void
  const applied = new Map();    // what the events log records
  const newProperties = new Map();
  const coerce = cfg.typeMismatchPolicy === 'coerce_or_400';
  const typeError = (k, t) => fail(400, `Invalid value for property "${k}" (expected ${t}).`);
  let subscribed;

  for (const [k, v] of Object.entries(body)) {
    if (REQUEST_KEYS.has(k) || (isEvent && EVENT_KEYS.has(k)) || IGNORED.has(k)) continue;
    if (k === 'subscribed') {
      if (typeof v !== 'boolean') return { error: fail(400, 'Invalid value for subscribed.') };
      subscribed = v;
      applied.set(k, v);
      continue;
    }
    if (Object.hasOwn(STRING_FIELDS, k)) {
      const fitted = v === null ? { value: STRING_FIELDS[k] } : fitToType(v, 'string', coerce);
      if (fitted.error) return { error: typeError(k, 'string') };
      writes.push((c) => { c[k] = fitted.value; });
      applied.set(k, fitted.value);
      continue;
    }
    if (k === 'createdAt') { // built-in date: set when it parses, otherwise ignored [I]
      const iso = parseDate(v);
      if (iso !== null) { writes.push((c) => { c.createdAt = iso; }); applied.set(k, iso); }
      continue;
    }
    if (v === null) { // null resets: the property disappears from find [D/O]
      writes.push((c) => { c.custom.delete(k); });
      applied.set(k, null);
      continue;
    }
    if (typeof v === 'object') return { error: fail(400, `Invalid value for property "${k}".`) };
    let type = team.propertyType(k) ?? newProperties.get(k);
    if (!type) {
      if (cfg.unknownPropertyPolicy === 'ignore') continue;
      if (cfg.unknownPropertyPolicy === 'reject') return { error: fail(400, `Unknown contact property "${k}".`) };
      type = inferType(v);
      newProperties.set(k, type);
    }
    const fitted = fitToType(v, type, coerce);
    if (fitted.error) return { error: typeError(k, type) };
    writes.push((c) => { c.custom.set(k, fitted.value); });
    applied.set(k, fitted.value);
  }

  const lists = planMailingLists(team, body.mailingLists, cfg, subscribed ?? contact?.subscribed ?? true);
  if (lists.error) return lists;

  return {
    commit(c) {
      for (const [key, type] of newProperties) if (!team.propertyType(key)) team.registerProperty(key, type);
      for (const write of writes) write(c);
      if (subscribed !== undefined) c.subscribed = subscribed;
      for (const [id, on] of lists.changes) {
        if (on) c.mailingLists.add(id); else c.mailingLists.delete(id);
      }
      c.updatedAt = new Date(now).toISOString();
      return Object.fromEntries(applied);
    },
  };
}

/** mailingLists {listId: boolean}; null or [] (the PHP SDK's empty value) mean "no change" [I]. */
function planMailingLists(team, value, cfg, willBeSubscribed) {
  const changes = [];
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return { changes };
  if (!isPlainObject(value) || Object.values(value).some((on) => typeof on !== 'boolean')) {
    return { error: fail(400, 'Invalid mailingLists value.') };
  }
  for (const [id, on] of Object.entries(value)) {
    if (!team.findList(id)) {
      if (cfg.unknownMailingListPolicy === 'reject') return { error: fail(400, `Mailing list not found: ${id}`) };
      continue;
    }
    // Unsubscribed contacts cannot be added to lists [D]; the API's reaction is a policy [I].
    if (on && !willBeSubscribed && cfg.unsubscribedListAddPolicy !== 'allow') {
      if (cfg.unsubscribedListAddPolicy === 'reject') {
        return { error: fail(400, 'Unsubscribed contacts cannot be added to mailing lists.') };
      }
      continue;
    }
    changes.push([id, on]);
  }
  return { changes };
}
