// Handlers for /v1/contacts/{create,update,find,delete,suppression} (docs/loops-api.md, "Bodies").
import { planFields } from './fields.mjs';
import { applyIdentity, isPresent, resolveContact } from './identity.mjs';
import { fail, ok } from './responses.mjs';
import { isValidEmail } from './values.mjs';

export function createContact({ team, body, cfg, now }) {
  const { email } = body;
  if (typeof email !== 'string' || email === '') return fail(400, 'Email is required.');
  if (!isValidEmail(email)) return fail(400, 'Invalid email address.');
  const userId = isPresent(body.userId) ? body.userId : null;
  if (userId !== null && typeof userId !== 'string') return fail(400, 'userId must be a string.');
  if (team.findByEmail(email) || (userId !== null && team.findByUserId(userId))) {
    return fail(409, 'Email or userId is already on list.');
  }
  const plan = planFields(team, body, cfg, { contact: null, now });
  if (plan.error) return plan.error;
  const contact = team.addContact({ email, userId });
  plan.commit(contact);
  return ok({ success: true, id: contact.id });
}

export function updateContact({ team, body, cfg, now }) {
  const who = resolveContact(team, body, 'update', cfg);
  if (who.error) return who.error;
  const plan = planFields(team, body, cfg, { contact: who.contact, now });
  if (plan.error) return plan.error;
  const contact = applyIdentity(team, who);
  plan.commit(contact);
  return ok({ success: true, id: contact.id });
}

/** Exactly one of email / userId, from a query string or a JSON body. */
function singleIdentifier(email, userId) {
  const hasEmail = isPresent(email);
  const hasUserId = isPresent(userId);
  if (hasEmail && hasUserId) return { error: fail(400, 'Only one of email or userId is allowed.') };
  if (!hasEmail && !hasUserId) return { error: fail(400, 'An email or userId is required.') };
  if (hasUserId && typeof userId !== 'string') return { error: fail(400, 'userId must be a string.') };
  if (hasEmail && !isValidEmail(email)) return { error: fail(400, 'Invalid email address.') };
  return hasEmail ? { email } : { userId };
}

const lookup = (team, id) => (id.email !== undefined ? team.findByEmail(id.email) : team.findByUserId(id.userId));

export function findContact({ team, query, cfg }) {
  const id = singleIdentifier(query.get('email'), query.get('userId'));
  if (id.error) return id.error;
  const contact = lookup(team, id);
  return ok(contact ? [team.contactJson(contact, cfg.findIncludesNullCustomProps)] : []);
}

export function deleteContact({ team, body }) {
  const id = singleIdentifier(body.email, body.userId);
  if (id.error) return id.error;
  const contact = lookup(team, id);
  if (!contact) return fail(404, 'Contact not found.');
  team.removeContact(contact); // list memberships live on the contact and go with it
  return ok({ success: true, message: 'Contact deleted.' });
}

function suppressionTarget(team, query) {
  const id = singleIdentifier(query.get('email'), query.get('userId'));
  if (id.error) return id;
  const contact = lookup(team, id);
  return contact ? { contact } : { error: fail(404, 'This contact was not found.') };
}

export function checkSuppression({ team, query }) {
  const { contact, error } = suppressionTarget(team, query);
  if (error) return error;
  return ok({ contact: { id: contact.id, email: contact.email, userId: contact.userId },
              isSuppressed: contact.suppressed, removalQuota: { ...team.removalQuota } });
}

export function removeSuppression({ team, query }) {
  const { contact, error } = suppressionTarget(team, query);
  if (error) return error;
  if (!contact.suppressed) return fail(400, 'This contact is not suppressed.');
  if (team.removalQuota.remaining <= 0) return fail(400, 'Removal quota exceeded.');
  contact.suppressed = false;
  team.removalQuota.remaining -= 1;
  return ok({ success: true, message: 'Email removed from suppression list.', removalQuota: { ...team.removalQuota } });
}
