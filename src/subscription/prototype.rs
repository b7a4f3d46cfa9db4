//! Names JavaScript values inherit (Node 20), which Segment's lookups find: `constructor`
//! as a field name, `properties.tags.map != null`, `properties.total.toFixed`…

/// Every object, array, string, number and boolean has these.
#[rustfmt::skip]
pub(super) const OBJECT: &[&str] = &[
    "constructor", "__defineGetter__", "__defineSetter__", "hasOwnProperty", "__lookupGetter__",
    "__lookupSetter__", "isPrototypeOf", "propertyIsEnumerable", "toString", "valueOf", "__proto__",
    "toLocaleString",
];

/// Arrays also have these (and `length`, handled apart).
#[rustfmt::skip]
pub(super) const ARRAY: &[&str] = &[
    "at", "concat", "copyWithin", "fill", "find", "findIndex", "findLast", "findLastIndex", "lastIndexOf", "pop",
    "push", "reverse", "shift", "unshift", "slice", "sort", "splice", "includes", "indexOf", "join", "keys",
    "entries", "values", "forEach", "filter", "flat", "flatMap", "map", "every", "some", "reduce", "reduceRight",
    "toReversed", "toSorted", "toSpliced", "with",
];

/// Strings also have these (and `length`, handled apart).
#[rustfmt::skip]
pub(super) const STRING: &[&str] = &[
    "anchor", "at", "big", "blink", "bold", "charAt", "charCodeAt", "codePointAt", "concat", "endsWith",
    "fontcolor", "fontsize", "fixed", "includes", "indexOf", "isWellFormed", "italics", "lastIndexOf", "link",
    "localeCompare", "match", "matchAll", "normalize", "padEnd", "padStart", "repeat", "replace", "replaceAll",
    "search", "slice", "small", "split", "strike", "sub", "substr", "substring", "sup", "startsWith",
    "toWellFormed", "trim", "trimStart", "trimLeft", "trimEnd", "trimRight", "toLocaleLowerCase",
    "toLocaleUpperCase", "toLowerCase", "toUpperCase",
];

/// Numbers also have these.
pub(super) const NUMBER: &[&str] = &["toExponential", "toFixed", "toPrecision"];

/// Whether a value with the kind-specific names `own` inherits `key`.
pub(super) fn inherits(own: &[&str], key: &str) -> bool {
    own.contains(&key) || OBJECT.contains(&key)
}
