//! `JSON.stringify(transform(mapping, data))` without copying the event into the result
//! where the result is a copy of the event: a top-level field that is a plain `@path` is
//! written straight from the event. (The contact mapping's `customAttributes: $.traits`
//! is most of its output; copying it to a tree and then writing the tree cost more than
//! everything else the mapping does.)

use super::eval::remove_undefined;
use super::node::{Condition, Kind, Node, Source};
use super::path::{Got, Path};
use super::{check_depth, with_event, Clock, Mapping};
use crate::error::Result;
use crate::json::{self, Value, Wanted};

/// mapping-kit removes `__proto__` keys with the `undefined` values, at every depth.
const PROTO: &str = "__proto__";

impl Mapping {
    /// The JSON text of `apply(data)`; `None` where `JSON.stringify` gives `undefined`.
    pub fn apply_to_text(&self, data: &Value, now: Clock) -> Result<Option<String>> {
        let Node::Object(entries) = &self.root else {
            return Ok(json::stringify(&self.apply(data, now)?));
        };
        with_event(data, |data| {
            check_depth(data, "data")?;
            write_fields(entries, data, now, 64, |_, _| Ok(false))
        })
    }

    /// `apply_to_text(&json::parse(text)?)`, reading only the parts of the event the
    /// mapping reads: members it does not read are checked but not built, and a
    /// top-level field that is a plain `@path` copies the event's text when that text is
    /// already exactly what `JSON.stringify` writes. Same results and errors.
    pub fn apply_text(&self, text: &str, now: Clock) -> Result<Option<String>> {
        self.apply_text_placing(text, now, &mut |_, _| false)
    }

    /// `apply_text`, but where a canonical slice of the event text would be copied,
    /// `place(output so far, start..end)` may take it instead (answering `true`): it
    /// then goes at that point of the output, which is written without it. (The wasm
    /// face hands such slices back as slices of the caller's own string.)
    pub fn apply_text_placing(
        &self,
        text: &str,
        now: Clock,
        place: &mut dyn FnMut(&str, std::ops::Range<usize>) -> bool,
    ) -> Result<Option<String>> {
        let (Some(plan), Node::Object(entries)) = (&self.text_plan, &self.root) else {
            return self.apply_to_text(&json::parse(text)?, now);
        };
        let mut slots = vec![None; plan.slots];
        let Some(data) = json::parse_wanted(text, &plan.wanted, &mut slots)? else {
            return self.apply_to_text(&json::parse(text)?, now);
        };
        // The output is mostly copied event text: one allocation instead of a dozen growths.
        write_fields(entries, &data, now, text.len() + 64, |i, out| {
            let Some(raw) = plan.raw.get(i).copied().flatten().and_then(|s| slots.get(s).copied().flatten()) else {
                return Ok(false);
            };
            let slice = text.get(raw.start..raw.end).unwrap_or("null");
            if !raw.canonical {
                json::stringify_into_without(&json::parse(slice)?, out, PROTO);
            } else if !place(out, raw.start..raw.end) {
                out.push_str(slice);
            }
            Ok(true)
        })
    }

    /// Marks in `wanted` (as read whole) every member of an event that `apply` may read;
    /// `false` when that is not known ahead (a path made per event, `@liquid`,
    /// `@transform`, the root itself): then the whole event must be built.
    pub fn mark_reads(&self, wanted: &mut Wanted) -> bool {
        let Node::Object(entries) = &self.root else { return false };
        entries.iter().all(|(_, node)| reads(node, wanted))
    }
}

/// Writes the object of `entries` resolved on `data`: the same fields, in the same
/// order, evaluated in the same order (so the same first error) as `apply`. `raw(i, out)`
/// may write field `i`'s value itself (returning `true`) instead.
fn write_fields(
    entries: &[(String, Node)],
    data: &Value,
    now: Clock,
    capacity: usize,
    mut raw: impl FnMut(usize, &mut String) -> Result<bool>,
) -> Result<Option<String>> {
    let mut out = String::with_capacity(capacity);
    out.push('{');
    for (i, (key, node)) in entries.iter().enumerate() {
        if key == PROTO {
            // Still evaluated: it may throw.
            node.peek(data, now)?;
            continue;
        }
        let mark = out.len();
        if out.len() > 1 {
            out.push(',');
        }
        json::write_string(key, &mut out);
        out.push(':');
        if raw(i, &mut out)? {
            continue;
        }
        let found = node.peek(data, now)?;
        let owned;
        let value = match found {
            Got::Ref(v) => v,
            Got::Owned(mut v) => {
                remove_undefined(&mut v);
                owned = v;
                &owned
            }
        };
        if value.is_undefined() {
            out.truncate(mark);
            continue;
        }
        json::stringify_into_without(value, &mut out, PROTO);
    }
    out.push('}');
    Ok(Some(out))
}

/// What `apply_text` reads from an event, decided when the mapping is compiled.
#[derive(Clone, Debug)]
pub(super) struct TextPlan {
    wanted: Wanted,
    /// Per top-level field: the slot of the event text it copies (a plain `@path`).
    raw: Vec<Option<usize>>,
    slots: usize,
}

impl TextPlan {
    /// `None` where the mapping may read anything (a path made per event, `@liquid`,
    /// `@transform`, the root itself): then the event is parsed whole.
    pub(super) fn new(root: &Node) -> Option<TextPlan> {
        let Node::Object(entries) = root else { return None };
        let mut plan = TextPlan { wanted: Wanted::default(), raw: Vec::with_capacity(entries.len()), slots: 0 };
        for (key, node) in entries {
            match plain_path(node) {
                Some(keys) if key != PROTO => {
                    let w = plan.wanted.at(keys);
                    let slot = *w.slot.get_or_insert(plan.slots);
                    if slot == plan.slots {
                        plan.slots += 1;
                    }
                    plan.raw.push(Some(slot));
                }
                _ => {
                    if !reads(node, &mut plan.wanted) {
                        return None;
                    }
                    plan.raw.push(None);
                }
            }
        }
        Some(plan)
    }
}

/// The keys of a `@path` known ahead that reads below the root.
fn plain_path(node: &Node) -> Option<&[String]> {
    match node {
        Node::Directive(d) => match &d.kind {
            Kind::Path(Source::Ready(Path::Keys(keys))) if !keys.is_empty() => Some(keys),
            _ => None,
        },
        _ => None,
    }
}

/// Marks what `node` reads as wanted whole; `false` when that is not known ahead.
fn reads(node: &Node, wanted: &mut Wanted) -> bool {
    let opt = |n: &Option<Node>, w: &mut Wanted| n.as_ref().is_none_or(|n| reads(n, w));
    match node {
        Node::Value(_) | Node::Fail(_) => true,
        Node::Array(items) => items.iter().all(|n| reads(n, wanted)),
        Node::Object(entries) => entries.iter().all(|(_, n)| reads(n, wanted)),
        Node::Directive(d) => match &d.kind {
            Kind::Path(Source::Ready(path)) | Kind::ArrayPath { root: Source::Ready(path), .. } => read_path(path, wanted),
            Kind::Template(Source::Ready(t)) => t.paths().is_some_and(|paths| paths.into_iter().all(|p| read_path(p, wanted))),
            Kind::If { condition: Condition::Exists(c) | Condition::Blank(c), then, otherwise } => {
                reads(c, wanted) && opt(then, wanted) && opt(otherwise, wanted)
            }
            Kind::Case { value, .. } | Kind::Replace { value, .. } => opt(value, wanted),
            Kind::Literal(n) | Kind::ExcludeWhenNull(n) | Kind::Json { value: n, .. } => reads(n, wanted),
            Kind::Flatten { separator, value, .. } => reads(separator, wanted) && reads(value, wanted),
            Kind::Merge { direction, objects } => {
                reads(direction, wanted) && objects.as_ref().map_or(true, |ns| ns.iter().all(|n| reads(n, wanted)))
            }
            _ => false,
        },
    }
}

fn read_path(path: &Path, wanted: &mut Wanted) -> bool {
    match path {
        Path::Keys(keys) if !keys.is_empty() => {
            wanted.at(keys).whole = true;
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::json::{self, Value};
    use crate::mapping::Mapping;
    /// No case here reads Liquid's `"now"`: any fixed time does.
    const NOW: crate::mapping::Clock = &|| 1_700_000_000_000.0;

    /// On every mapping fixture (Segment-recorded), the text path gives exactly the text
    /// of the tree path, or the same error.
    #[test]
    fn same_text_as_apply_on_every_fixture() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mapping");
        let mut checked = 0;
        for file in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let case = json::parse(line).unwrap();
                let Ok(mapping) = Mapping::compile(case.get("mapping").unwrap_or(&Value::Undefined)) else { continue };
                let data = case.get("input").cloned().unwrap_or_default();
                let tree = mapping.apply(&data, NOW).map(|v| json::stringify(&v));
                let text = mapping.apply_to_text(&data, NOW);
                assert_eq!(format!("{tree:?}"), format!("{text:?}"), "{line}");
                checked += 1;
            }
        }
        assert!(checked > 500, "only {checked} fixtures checked");
    }

    #[test]
    fn proto_keys_and_undefined_are_left_out_at_every_depth() {
        let mapping = Mapping::compile(&json::parse(r#"{"a":{"@path":"$.t"},"__proto__":{"@path":"$.t"},"b":{"@path":"$.missing"}}"#).unwrap()).unwrap();
        let data = json::parse(r#"{"t":{"x":1,"__proto__":{"y":2},"z":[{"__proto__":3,"w":4}]}}"#).unwrap();
        let text = mapping.apply_to_text(&data, NOW).unwrap().unwrap();
        assert_eq!(text, r#"{"a":{"x":1,"z":[{"w":4}]}}"#);
        assert_eq!(Some(text), json::stringify(&mapping.apply(&data, NOW).unwrap()));
    }

    /// Texts of the same event that are not what `JSON.stringify` writes: whitespace,
    /// other number forms, other escapes, repeated keys, index keys after named keys.
    fn variants(canonical: &str, seed: u64) -> Vec<String> {
        let mut rng = seed | 1;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        let mut out = Vec::new();
        for kind in 0..6 {
            let mut t = String::new();
            let (mut in_string, mut escaped) = (false, false);
            let chars: Vec<char> = canonical.chars().collect();
            for (i, &c) in chars.iter().enumerate() {
                let pick = next() % 4 == 0;
                if in_string {
                    match c {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        '"' => in_string = false,
                        'a' if kind == 1 && pick => {
                            t.push_str("\\u0061");
                            continue;
                        }
                        '/' if kind == 1 => {
                            t.push_str("\\/");
                            continue;
                        }
                        _ => {}
                    }
                    t.push(c);
                    continue;
                }
                t.push(c);
                match c {
                    '"' => in_string = true,
                    ',' | ':' | '{' | '[' if kind == 0 && pick => t.push_str(" \n\t"),
                    '0'..='9' if kind == 2 && pick => {
                        let next_c = chars.get(i + 1).copied().unwrap_or(' ');
                        let start = chars[..i].iter().rposition(|c| !matches!(c, '0'..='9' | '-')).map_or(0, |p| p + 1);
                        let number: String = chars[start..=i].iter().collect();
                        if !next_c.is_ascii_digit() && !matches!(next_c, '.' | 'e' | 'E') && !chars[..start].ends_with(&['e']) && !chars[..start].ends_with(&['.']) && !number.contains('.') {
                            t.push_str(if next() % 2 == 0 { ".0" } else { "e0" });
                        }
                    }
                    '{' if kind == 3 && pick => t.push_str("\"1\":0,\"traits\":5,\"x\":[],"),
                    '{' if kind == 4 && pick => t.push_str("\"b\":1,\"7\":2,"),
                    '{' if kind == 5 && pick => t.push_str("\"__proto__\":{\"p\":1},"),
                    _ => {}
                }
            }
            out.push(t);
        }
        out
    }

    /// Checks one text; says whether it was valid JSON.
    fn same(mapping: &Mapping, text: &str) -> bool {
        let tree = json::parse(text).and_then(|data| mapping.apply_to_text(&data, NOW));
        let fast = mapping.apply_text(text, NOW);
        assert_eq!(format!("{tree:?}"), format!("{fast:?}"), "{text}");
        json::parse(text).is_ok()
    }

    /// The text path gives exactly `apply_to_text(parse(text))` or the same error: on
    /// every fixture's event as JSON.stringify writes it, on other texts of the same
    /// event, and on broken texts.
    #[test]
    fn apply_text_is_apply_to_text_of_the_parsed_event() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mapping");
        let mut mappings = vec![];
        let mut events = vec![];
        for file in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let case = json::parse(line).unwrap();
                if let Ok(m) = Mapping::compile(case.get("mapping").unwrap_or(&Value::Undefined)) {
                    mappings.push(m);
                }
                events.push(json::stringify(case.get("input").unwrap_or(&Value::Null)).unwrap());
            }
        }
        for fields in [crate::loops::ActionKind::CreateOrUpdateContact, crate::loops::ActionKind::SendEvent] {
            mappings.push(Mapping::compile(&fields.default_mapping().unwrap()).unwrap());
        }
        let planned = mappings.iter().filter(|m| m.text_plan.is_some()).count();
        assert!(planned > 300, "only {planned} mappings read parts of events");
        let identify = r#"{"type":"identify","userId":"u1","traits":{"email":"a@b.co","firstName":"A/a","n":[1,2.5,{"2":0,"x":"\u0001"}],"mailingLists":{"l1":true}},"properties":{"a":1e21}}"#;
        events.push(identify.to_owned());
        let mut valid = [0; 6];
        for (i, m) in mappings.iter().enumerate() {
            // Each mapping on its own event and a few others.
            for event in [events.get(i).map(String::as_str).unwrap_or("{}"), identify, events[i * 7 % events.len()].as_str()] {
                same(m, event);
                for (kind, v) in variants(event, i as u64 + 1).iter().enumerate() {
                    valid[kind] += usize::from(same(m, v) && v != event);
                }
                for cut in [1, event.len() / 2, event.len().saturating_sub(1)] {
                    if let Some(broken) = event.get(..cut) {
                        same(m, broken);
                    }
                }
            }
        }
        // Every kind of variant made many valid, different texts.
        assert!(valid.iter().all(|&n| n > 200), "{valid:?}");
    }
}
