// Handlers for GET/POST /v1/contacts/properties (docs/loops-api.md, "Endpoints the code calls").
import { fail, ok } from './responses.mjs';
import { DEFAULT_PROPERTIES } from './team-state.mjs';
import { PROPERTY_TYPES } from './values.mjs';

/** Names that cannot be created [D], plus optInStatus, which is read-only [I]. */
export const RESERVED_PROPERTY_NAMES = new Set(['id', 'listId', 'softDeleteAt', 'teamId', 'updatedAt', 'optInStatus']);

export function listProperties({ team, query }) {
  const custom = team.customProperties.map((p) => ({ ...p }));
  // Only list=custom narrows the list; any other value means all [I].
  return ok(query.get('list') === 'custom' ? custom : [...DEFAULT_PROPERTIES.map((p) => ({ ...p })), ...custom]);
}

export function createProperty({ team, body }) {
  const { name, type } = body;
  if (typeof name !== 'string' || name === '') return fail(400, 'Property name is required.');
  if (!PROPERTY_TYPES.includes(type)) return fail(400, 'Invalid property type.');
  if (RESERVED_PROPERTY_NAMES.has(name)) return fail(400, 'Property name is reserved.');
  if (team.propertyType(name)) return fail(400, 'Property already exists.');
  team.registerProperty(name, type);
  return ok({ success: true });
}
