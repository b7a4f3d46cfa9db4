// What the mapping produced that the request does not carry: keys the action's schema
// removes, values Loops' rules filter out (e.g. mailing lists that are not true/false),
// and fields that map to nothing for this event. Paths point into the mapped payload,
// which has the mapping's shape, so the page can place them at the mapping's fields.

export const pointer = (...keys) => keys.map((k) => '/' + String(k).replaceAll('~', '~0').replaceAll('/', '~1')).join('')

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
const has = (o, k) => isObject(o) && Object.prototype.hasOwnProperty.call(o, k)

/** `[{ path, message, level }]`; level is "dropped" or "empty". */
export function dropped(action, mapping, mapped, body) {
  const out = []
  if (!action || !isObject(mapping) || !isObject(mapped) || !isObject(body)) return out
  const fields = new Map(action.fields.map((f) => [f.key, f]))
  for (const key of Object.keys(mapping)) {
    if (!has(mapped, key)) {
      out.push({ path: pointer(key), level: 'empty', message: `'${key}' maps to nothing in this event, so it is left out.` })
    }
  }
  for (const [key, value] of Object.entries(mapped)) {
    const field = fields.get(key)
    if (!field) {
      out.push({ path: pointer(key), level: 'dropped', message: `'${key}' is not a field of "${action.title}": the schema removes it.` })
      continue
    }
    if (field.type === 'object' && isObject(value)) {
      // Kept under its own key (mailingLists, eventProperties…) or spread into the body
      // (customAttributes, contactProperties).
      const target = isObject(body[key]) ? body[key] : body
      for (const inner of Object.keys(value)) {
        if (!has(target, inner)) {
          const why = key === 'mailingLists'
            ? 'Loops takes true or false for a mailing list; this value is dropped.'
            : `'${inner}' is dropped from the request.`
          out.push({ path: pointer(key, inner), level: 'dropped', message: why })
        }
      }
    } else if (!has(body, key)) {
      out.push({ path: pointer(key), level: 'dropped', message: `'${key}' is not in the request (the schema or Loops' rules leave it out).` })
    }
  }
  return out
}
