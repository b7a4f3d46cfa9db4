// One team's data: contacts with unique email and userId indexes, the
// property registry, seeded lists and transactional emails, and the send logs.
import { labelOf } from './values.mjs';

/** Built-in properties, exactly as GET /v1/contacts/properties documents them. */
export const DEFAULT_PROPERTIES = Object.freeze([
  ['firstName', 'First Name', 'string'], ['lastName', 'Last Name', 'string'],
  ['email', 'Email', 'string'], ['notes', 'Notes', 'string'], ['source', 'Source', 'string'],
  ['userGroup', 'User Group', 'string'], ['userId', 'User Id', 'string'],
  ['subscribed', 'Subscribed', 'boolean'], ['createdAt', 'Created At', 'date'],
].map(([key, label, type]) => Object.freeze({ key, label, type })));

export function createTeamState({ newId, now, normalizeEmail }) {
  const contacts = new Map();
  const byEmail = new Map();
  const byUserId = new Map();
  const customProperties = [];
  const customByKey = new Map();
  const state = {
    contacts, customProperties,
    lists: [],
    transactionalEmails: [],
    events: [],
    transactionalSends: [],
    idempotencyKeys: new Map(),
    removalQuota: { limit: 100, remaining: 100 },

    findByEmail: (email) => contacts.get(byEmail.get(normalizeEmail(email))) ?? null,
    findByUserId: (userId) => contacts.get(byUserId.get(userId)) ?? null,

    addContact({ email, userId = null, source = 'API' }) {
      const t = new Date(now()).toISOString();
      const c = { id: newId(), email, userId, firstName: null, lastName: null, source, subscribed: true,
                  userGroup: '', optInStatus: null, mailingLists: new Set(), custom: new Map(),
                  suppressed: false, createdAt: t, updatedAt: t };
      contacts.set(c.id, c);
      byEmail.set(normalizeEmail(email), c.id);
      if (userId !== null) byUserId.set(userId, c.id);
      return c;
    },
    setEmail(c, email) {
      byEmail.delete(normalizeEmail(c.email));
      c.email = email;
      byEmail.set(normalizeEmail(email), c.id);
    },
    setUserId(c, userId) {
      if (c.userId !== null) byUserId.delete(c.userId);
      c.userId = userId;
      if (userId !== null) byUserId.set(userId, c.id);
    },
    removeContact(c) {
      contacts.delete(c.id);
      byEmail.delete(normalizeEmail(c.email));
      if (c.userId !== null) byUserId.delete(c.userId);
    },
    /** Rebuild the email index, e.g. after emailCaseInsensitive changes. */
    reindex(normalize) {
      normalizeEmail = normalize;
      byEmail.clear();
      for (const c of contacts.values()) byEmail.set(normalizeEmail(c.email), c.id);
    },

    propertyType: (key) => (DEFAULT_PROPERTIES.find((p) => p.key === key) ?? customByKey.get(key))?.type ?? null,
    registerProperty(key, type) {
      const p = { key, label: labelOf(key), type };
      customProperties.push(p);
      customByKey.set(key, p);
      return p;
    },
    findList: (id) => state.lists.find((l) => l.id === id) ?? null,
    findTransactional: (id) => state.transactionalEmails.find((t) => t.id === id) ?? null,

    /** A contact as GET /v1/contacts/find returns it, keys in the documented order. */
    contactJson(c, includeNullCustom) {
      const out = { id: c.id, email: c.email, firstName: c.firstName, lastName: c.lastName, source: c.source,
                    subscribed: c.subscribed, userGroup: c.userGroup, userId: c.userId,
                    mailingLists: Object.fromEntries(state.lists.filter((l) => c.mailingLists.has(l.id)).map((l) => [l.id, true])),
                    optInStatus: c.optInStatus };
      // defineProperty, so a property named "__proto__" is a plain key, not a prototype.
      const put = (key, value) => Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      for (const { key } of customProperties) {
        if (c.custom.has(key)) put(key, c.custom.get(key));
        else if (includeNullCustom) put(key, null);
      }
      return out;
    },

    /** Everything, JSON-friendly, for GET /__sim/state. */
    snapshot() {
      return {
        contacts: [...contacts.values()].map((c) => ({ ...state.contactJson(c, false), suppressed: c.suppressed,
                                                     createdAt: c.createdAt, updatedAt: c.updatedAt })),
        properties: [...DEFAULT_PROPERTIES, ...customProperties],
        lists: state.lists,
        transactionalEmails: state.transactionalEmails,
        events: state.events,
        transactionalSends: state.transactionalSends,
        idempotencyKeys: [...state.idempotencyKeys.entries()].map(([k, v]) => ({ key: k, ...v })),
        removalQuota: state.removalQuota,
      };
    },
  };
  return state;
}
