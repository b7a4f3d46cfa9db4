// Value rules (docs/loops-api.md, "Value limits"): labels, dates, type coercion, the
// 500-character limit and email syntax.

export const PROPERTY_TYPES = ['string', 'number', 'boolean', 'date'];

export const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const isValidEmail = (v) => typeof v === 'string' && EMAIL_RE.test(v);

/** "favoriteColor" -> "Favorite Color" (the documented label rule). */
export function labelOf(key) {
  return key.replace(/[_\-\s]+/g, ' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').trim()
    .split(/\s+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

// The documented string forms, each with an optional Z or ±HH:MM offset.
// Fractions of 1-9 digits are accepted and cut to milliseconds [I].
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** A date property value -> "YYYY-MM-DDTHH:MM:SS.sssZ", or null if not a date. */
export function parseDate(value) {
  if (typeof value === 'number') {
    // ms since the epoch; seconds are (wrongly but faithfully) read as ms too.
    const d = Number.isFinite(value) ? new Date(value) : null;
    return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
  }
  if (typeof value !== 'string') return null;
  const m = DATE_RE.exec(value); // a ms timestamp sent as a string never matches: 400, as observed
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone = 'Z'] = m;
  const n = (x) => Number.parseInt(x, 10);
  if (n(mo) < 1 || n(mo) > 12 || n(d) < 1 || n(d) > new Date(Date.UTC(n(y), n(mo), 0)).getUTCDate()) return null;
  if (n(h) > 23 || n(mi) > 59 || n(s) > 59) return null;
  let offsetMin = 0;
  if (zone !== 'Z') {
    const [oh, om] = zone.slice(1).split(':').map(n);
    if (oh > 23 || om > 59) return null;
    offsetMin = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Date.UTC(n(y), n(mo) - 1, n(d), n(h), n(mi), n(s), n(frac.padEnd(3, '0').slice(0, 3)));
  const t = ms - offsetMin * 60_000;
  return Number.isNaN(new Date(t).getTime()) ? null : new Date(t).toISOString();
}

const NUMERIC_RE = /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/**
 * Fit a value to a property type. coerce follows typeMismatchPolicy
 * "coerce_or_400": numeric strings -> number, "true"/"false" -> boolean,
 * numbers -> string. Returns {value} or {error: true}.
 */
export function fitToType(value, type, coerce) {
  switch (type) {
    case 'string':
      if (typeof value === 'string') return { value };
      if (coerce && typeof value === 'number' && Number.isFinite(value)) return { value: String(value) };
      return { error: true };
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return { value };
      if (coerce && typeof value === 'string' && NUMERIC_RE.test(value)) return { value: Number(value) };
      return { error: true };
    case 'boolean':
      if (typeof value === 'boolean') return { value };
      if (coerce && (value === 'true' || value === 'false')) return { value: value === 'true' };
      return { error: true };
    case 'date': {
      const iso = parseDate(value);
      return iso === null ? { error: true } : { value: iso };
    }
    default:
      return { error: true };
  }
}

/** The JSON type an auto-created property gets (string, number or boolean: docs/loops-api.md, "Bodies"). */
export const inferType = (value) => (['string', 'number', 'boolean'].includes(typeof value) ? typeof value : null);

/**
 * True if any object key or string value, at any depth, is longer than max once
 * JSON-encoded (quotes included). attachments[].data is exempt [I].
 * Iterative, so deeply nested input cannot exhaust the stack.
 */
export function hasOverlongValue(body, max) {
  const tooLong = (s) => JSON.stringify(s).length > max;
  const stack = [[body, []]];
  while (stack.length) {
    const [v, path] = stack.pop();
    if (typeof v === 'string') {
      const exempt = path.length === 3 && path[0] === 'attachments' && path[2] === 'data';
      if (!exempt && tooLong(v)) return true;
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push([x, [...path, i]]));
    } else if (isPlainObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (tooLong(k)) return true;
        stack.push([x, [...path, k]]);
      }
    }
  }
  return false;
}

/** Nesting depth of a parsed JSON value, computed iteratively. */
export function jsonDepth(value) {
  let max = 0;
  const stack = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, d);
    for (const x of Object.values(v)) stack.push([x, d + 1]);
  }
  return max;
}
