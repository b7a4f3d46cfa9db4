// Contact identity (docs/loops-api.md, "Identity rules"): find the contact an email and/or userId refer to,
// without writing; applyIdentity then makes the decided change.
import { fail } from './responses.mjs';
import { isValidEmail } from './values.mjs';

/** null and "" count as absent: the Ruby and PHP SDKs send `"email": null` [S]. */
export const isPresent = (v) => v !== undefined && v !== null && v !== '';

/**
 * mode "update" or "event". Returns {error} or {contact|null, email, userId, steal?}:
 * contact null means "create one with email and userId".
 */
export function resolveContact(team, body, mode, cfg) {
  const email = isPresent(body.email) ? body.email : null;
  const userId = isPresent(body.userId) ? body.userId : null;
  if (email === null && userId === null) return { error: fail(400, 'An email or userId is required.') };
  if (email !== null && !isValidEmail(email)) return { error: fail(400, 'Invalid email address.') };
  if (userId !== null && typeof userId !== 'string') return { error: fail(400, 'userId must be a string.') };

  const byEmail = email !== null ? team.findByEmail(email) : null;
  const byUserId = userId !== null ? team.findByUserId(userId) : null;
  if (byEmail && byUserId && byEmail !== byUserId) {
    if (cfg.identityConflictPolicy === 'reject') {
      return { error: fail(400, 'Multiple contacts found for the given criteria') };
    }
    return { contact: byEmail, email, userId, steal: byUserId }; // prefer_email: a testing aid
  }
  if (!byEmail && !byUserId && email === null) {
    return { error: fail(400, mode === 'event' ? 'Contact not found.'
      : 'userId not found and cannot create a new contact without an email.') };
  }
  return { contact: byEmail ?? byUserId, email, userId };
}

/** Create the contact, or move the email/userId the resolution decided on. */
export function applyIdentity(team, { contact, email, userId, steal }) {
  if (!contact) return team.addContact({ email, userId });
  if (steal) team.setUserId(steal, null);
  if (userId !== null && contact.userId !== userId) team.setUserId(contact, userId);
  if (email !== null && team.findByEmail(email) !== contact) team.setEmail(contact, email);
  return contact;
}
