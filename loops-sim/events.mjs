// Handler for POST /v1/events/send (docs/loops-api.md, "Bodies").
import { planFields } from './fields.mjs';
import { applyIdentity, resolveContact } from './identity.mjs';
import { fail, ok } from './responses.mjs';
import { isPlainObject } from './values.mjs';

const SCALAR = new Set(['string', 'number', 'boolean']);

export function sendEvent({ team, body, cfg, now, idempotencyKey }) {
  const { eventName } = body;
  if (typeof eventName !== 'string' || eventName === '') return fail(400, 'eventName is required.');
  const eventProperties = body.eventProperties ?? {}; // null is treated as absent [I]
  if (!isPlainObject(eventProperties) || Object.values(eventProperties).some((v) => !SCALAR.has(typeof v))) {
    return fail(400, 'Invalid eventProperties.');
  }
  const who = resolveContact(team, body, 'event', cfg);
  if (who.error) return who.error;
  const plan = planFields(team, body, cfg, { contact: who.contact, isEvent: true, now });
  if (plan.error) return plan.error;
  const contact = applyIdentity(team, who);
  const contactPropertiesApplied = plan.commit(contact);
  team.events.push({
    seq: team.events.length + 1, contactId: contact.id, email: contact.email, userId: contact.userId,
    eventName, eventProperties, contactPropertiesApplied, mailingLists: body.mailingLists ?? null,
    idempotencyKey, tMs: now,
  });
  return ok({ success: true });
}
