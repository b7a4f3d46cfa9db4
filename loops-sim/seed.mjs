// POST /__sim/seed: put lists, properties, transactional emails, contacts and
// suppressed emails straight into a team. Stops at the first bad entry.
import { planFields } from './fields.mjs';
import { PROPERTY_TYPES, isPlainObject, isValidEmail } from './values.mjs';

const asArray = (v, name) => {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new SeedError(`${name} must be an array`);
  return v;
};

class SeedError extends Error {}

/** Returns {created} or {error}. */
export function seedTeam(team, data, { newId, cfg, now }) {
  const created = { lists: [], customProperties: [], transactionalEmails: [], contacts: [], suppressed: [] };
  try {
    for (const l of asArray(data.lists, 'lists')) {
      if (!isPlainObject(l) || typeof l.name !== 'string') throw new SeedError('each list needs a name');
      const id = l.id ?? newId();
      if (team.findList(id)) throw new SeedError(`list ${id} already exists`);
      team.lists.push({ id, name: l.name, description: l.description ?? null, isPublic: l.isPublic ?? true });
      created.lists.push(id);
    }
    for (const p of asArray(data.customProperties, 'customProperties')) {
      const key = p?.key ?? p?.name;
      if (typeof key !== 'string' || !PROPERTY_TYPES.includes(p.type)) throw new SeedError('each property needs a key and a type');
      const existing = team.propertyType(key);
      if (existing && existing !== p.type) throw new SeedError(`property ${key} already exists as ${existing}`);
      if (!existing) team.registerProperty(key, p.type);
      created.customProperties.push(key);
    }
    for (const t of asArray(data.transactionalEmails, 'transactionalEmails')) {
      const id = t?.id ?? newId();
      if (team.findTransactional(id)) throw new SeedError(`transactional email ${id} already exists`);
      const stamp = new Date(now).toISOString();
      team.transactionalEmails.push({
        id, name: t.name ?? id, published: t.published ?? true, emailMessageId: newId(),
        createdAt: t.createdAt ?? t.lastUpdated ?? stamp, lastUpdated: t.lastUpdated ?? stamp,
        dataVariables: asArray(t.dataVariables, 'dataVariables').map((d) => (typeof d === 'string'
          ? { name: d, required: true } : { name: d.name, required: d.required ?? true })),
      });
      created.transactionalEmails.push(id);
    }
    for (const c of asArray(data.contacts, 'contacts')) created.contacts.push(seedContact(team, c, { cfg, now }));
    for (const email of asArray(data.suppressed, 'suppressed')) {
      if (!isValidEmail(email)) throw new SeedError(`invalid suppressed email ${email}`);
      const contact = team.findByEmail(email) ?? team.addContact({ email });
      contact.suppressed = true;
      created.suppressed.push(contact.id);
    }
  } catch (err) {
    if (err instanceof SeedError) return { error: err.message };
    throw err;
  }
  return { created };
}

function seedContact(team, c, { cfg, now }) {
  if (!isPlainObject(c) || !isValidEmail(c.email)) throw new SeedError('each contact needs a valid email');
  if (team.findByEmail(c.email) || (c.userId != null && team.findByUserId(c.userId))) {
    throw new SeedError(`contact ${c.email} already exists`);
  }
  const { mailingLists, optInStatus = null, suppressed = false, source, ...fields } = c;
  // Seeds may list memberships as an array of IDs; new properties are always created.
  const lists = Array.isArray(mailingLists) ? Object.fromEntries(mailingLists.map((id) => [id, true])) : mailingLists;
  const plan = planFields(team, { ...fields, mailingLists: lists },
    { ...cfg, unknownPropertyPolicy: 'auto_create', unknownMailingListPolicy: 'reject', unsubscribedListAddPolicy: 'allow' },
    { contact: null, now });
  if (plan.error) throw new SeedError(`contact ${c.email}: ${plan.error.body.message}`);
  const contact = team.addContact({ email: c.email, userId: c.userId ?? null, source: source ?? 'API' });
  plan.commit(contact);
  Object.assign(contact, { optInStatus, suppressed: suppressed === true });
  return contact.id;
}
