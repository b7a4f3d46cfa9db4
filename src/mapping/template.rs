//! `@template`: `{{{path}}}` placeholders are replaced first, then `{{path}}` in the
//! result of that (so text brought in by the first pass is expanded by the second).
//! Values are written as `String(v)`, `null`/`undefined` as `""`; nothing is escaped.

use crate::json::v8::js_trim;
use super::path::Path;
use crate::json::Value;

#[derive(Clone, Debug)]
enum Part {
    Text(String),
    Value(Path),
}

/// A template split at its placeholders.
#[derive(Clone, Debug)]
pub struct Template {
    /// The `{{{…}}}` pass over the source.
    triple: Vec<Part>,
    /// The `{{…}}` pass, precomputed when the first pass cannot change the text.
    double: Option<Vec<Part>>,
}

impl Template {
    pub fn parse(source: &str) -> Template {
        let triple = split(source, 3);
        let double = match triple.as_slice() {
            [] | [Part::Text(_)] => Some(split(source, 2)),
            _ => None,
        };
        Template { triple, double }
    }

    /// The paths the template reads, when known ahead (not when the `{{{…}}}` pass can
    /// bring in new placeholders).
    pub fn paths(&self) -> Option<Vec<&Path>> {
        let parts = self.double.as_ref()?;
        Some(parts.iter().filter_map(|p| if let Part::Value(path) = p { Some(path) } else { None }).collect())
    }

    pub fn render(&self, data: &Value) -> String {
        if let Some(double) = &self.double {
            return fill(double, data);
        }
        fill(&split(&fill(&self.triple, data), 2), data)
    }
}

fn fill(parts: &[Part], data: &Value) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            Part::Text(t) => out.push_str(t),
            Part::Value(path) => {
                let got = path.get(data);
                let v = got.value();
                if !v.is_nullish() {
                    v.write_js_string(&mut out);
                }
            }
        }
    }
    out
}

/// Splits at matches of `\{{n}([^}]+)\}{n}` (n = 2 or 3), scanning as a global regex does.
fn split(source: &str, n: usize) -> Vec<Part> {
    let b = source.as_bytes();
    let mut parts = Vec::new();
    let mut text_from = 0;
    let mut i = 0;
    // The first '}' at or after a position: each match attempt needs only that.
    let mut close = 0;
    while i + 2 * n < b.len() {
        if b[i..i + n].iter().all(|&c| c == b'{') {
            let inner = i + n;
            if close < inner {
                close = b[inner..].iter().position(|&c| c == b'}').map_or(b.len(), |p| inner + p);
            }
            let closes = close > inner && b.len() >= close + n && b[close..close + n].iter().all(|&c| c == b'}');
            if closes {
                if text_from < i {
                    parts.push(Part::Text(source[text_from..i].to_owned()));
                }
                parts.push(Part::Value(Path::parse(js_trim(&source[inner..close]))));
                i = close + n;
                text_from = i;
                continue;
            }
        }
        i += 1;
    }
    if text_from < b.len() {
        parts.push(Part::Text(source[text_from..].to_owned()));
    }
    parts
}
