//! String helpers with JavaScript's semantics (whitespace, URI coding, split,
//! JSON with indentation) and the hashing/encoding filters need.

use super::error::LiquidError;
use crate::json::v8::{is_js_whitespace, utf16_len};
use crate::json::{stringify as json_stringify, write_string, Value};

pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn unescape(s: &str) -> String {
    const MAP: [(&str, char); 5] = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&#34;", '"'), ("&#39;", '\'')];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    'outer: while let Some(c) = rest.chars().next() {
        if c == '&' {
            for (ent, ch) in MAP {
                if let Some(r) = rest.strip_prefix(ent) {
                    out.push(ch);
                    rest = r;
                    continue 'outer;
                }
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// liquidjs `strip_html`: drops script/style blocks, comments and tags.
pub(crate) fn strip_html(s: &str) -> String {
    let mut blocks: Vec<(&str, &str)> = vec![("<script", "</script>"), ("<style", "</style>"), ("<!--", "-->"), ("<", ">")];
    let mut out = String::new();
    let mut i = 0;
    while i < s.len() {
        let Some(lt) = s[i..].find('<').map(|k| k + i) else {
            out.push_str(&s[i..]);
            return out;
        };
        out.push_str(&s[i..lt]);
        let mut k = 0;
        while k < blocks.len() {
            let (open, close) = blocks[k];
            if !s[lt..].starts_with(open) {
                k += 1;
                continue;
            }
            if let Some(e) = s[lt + open.len()..].find(close) {
                i = lt + open.len() + e + close.len();
                break;
            }
            blocks.remove(k);
        }
        if i <= lt {
            out.push_str(&s[lt..]);
            return out;
        }
    }
    out
}

fn percent_encode(s: &str, keep: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c) || keep.contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

pub(crate) fn encode_uri_component(s: &str) -> String {
    percent_encode(s, "")
}

pub(crate) fn encode_uri(s: &str) -> String {
    percent_encode(s, ";,/?:@&=+$#")
}

pub(crate) fn decode_uri_component(s: &str) -> Result<String, LiquidError> {
    let malformed = || LiquidError::plain("URI malformed");
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or_else(malformed)?;
            let text = std::str::from_utf8(hex).map_err(|_| malformed())?;
            out.push(u8::from_str_radix(text, 16).map_err(|_| malformed())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| malformed())
}

pub(crate) fn slugify(s: &str, mode: &str, cased: bool) -> String {
    let letter = |c: char| c.is_alphanumeric();
    let replaced = match mode {
        "raw" => Some(replace_runs(s, is_js_whitespace)),
        "default" => Some(replace_runs(s, |c| !letter(c))),
        "latin" => Some(replace_runs(&remove_accents(s), |c| !letter(c))),
        "pretty" => Some(replace_runs(s, |c| !(letter(c) || "._~!$&'()+,;=@".contains(c)))),
        "ascii" => Some(replace_runs(s, |c| !c.is_ascii_alphanumeric())),
        _ => None,
    };
    let out = match replaced {
        Some(r) => {
            let r = r.strip_prefix('-').unwrap_or(&r);
            r.strip_suffix('-').unwrap_or(r).to_string()
        }
        None => s.to_string(),
    };
    if cased {
        out
    } else {
        out.to_lowercase()
    }
}

fn replace_runs(s: &str, is_sep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_run = false;
    for c in s.chars() {
        if is_sep(c) {
            if !in_run {
                out.push('-');
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out
}

fn remove_accents(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'à'..='å' => out.push('a'),
            'æ' => out.push_str("ae"),
            'ç' => out.push('c'),
            'è'..='ë' => out.push('e'),
            'ì'..='ï' => out.push('i'),
            'ð' => out.push('d'),
            'ñ' => out.push('n'),
            'ò'..='ö' | 'ø' => out.push('o'),
            'ù'..='ü' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ß' => out.push_str("ss"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            'ẞ' => out.push_str("SS"),
            'Œ' => out.push_str("OE"),
            'Þ' => out.push_str("TH"),
            c => out.push(c),
        }
    }
    out
}

/// `strip`/`lstrip`/`rstrip`: JS whitespace, or the given set of characters.
pub(crate) fn strip(s: &str, chars: Option<&str>, left: bool, right: bool) -> String {
    let is_trim = |c: char| match chars {
        Some(set) => set.contains(c),
        None => is_js_whitespace(c),
    };
    let mut t = s;
    if left {
        t = t.trim_start_matches(is_trim);
    }
    if right {
        t = t.trim_end_matches(is_trim);
    }
    t.to_string()
}

pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase(),
        None => String::new(),
    }
}

/// `str.split(pat).join(rep)`.
pub(crate) fn replace_all(s: &str, pat: &str, rep: &str) -> String {
    js_split(s, pat).join(rep)
}

/// `str.split(sep)` for a string separator ("" splits into characters).
pub(crate) fn js_split(s: &str, sep: &str) -> Vec<String> {
    if sep.is_empty() {
        return s.chars().map(String::from).collect();
    }
    s.split(sep).map(String::from).collect()
}

pub(crate) fn replace_first(s: &str, pat: &str, rep: &str) -> String {
    s.replacen(pat, rep, 1)
}

pub(crate) fn replace_last(s: &str, pat: &str, rep: &str) -> String {
    match s.rfind(pat) {
        Some(i) => format!("{}{}{}", &s[..i], rep, &s[i + pat.len()..]),
        None => s.to_string(),
    }
}

/// `replace(/\s+/g, ' ')`.
pub(crate) fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_run = false;
    for c in s.chars() {
        if is_js_whitespace(c) {
            if !in_run {
                out.push(' ');
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out
}

/// `split(/\s+/)`: keeps an empty piece at either end.
pub(crate) fn split_whitespace_js(s: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut in_run = false;
    for c in s.chars() {
        if is_js_whitespace(c) {
            if !in_run {
                parts.push(String::new());
            }
            in_run = true;
        } else {
            if let Some(p) = parts.last_mut() {
                p.push(c);
            }
            in_run = false;
        }
    }
    parts
}

/// liquidjs `truncate`; None when the input is returned unchanged.
pub(crate) fn truncate(s: &str, l: f64, o: &str) -> Option<String> {
    let units = utf16_len(s) as f64;
    // advanceCodePoints(str, 0, n) as a UTF-16 index.
    let advance = |n: f64| -> usize {
        let mut idx = 0;
        let mut i = 0.0;
        for c in s.chars() {
            if i >= n {
                break;
            }
            idx += c.len_utf16();
            i += 1.0;
        }
        idx
    };
    if units <= l || advance(l) as f64 >= units {
        return None;
    }
    let keep = (l - o.chars().count() as f64).max(0.0);
    let end = advance(keep);
    let utf16: Vec<u16> = s.encode_utf16().collect();
    Some(String::from_utf16_lossy(&utf16[..end.min(utf16.len())]) + o)
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * k)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// liquidjs's `isBase64` check, then Node's lenient decoding.
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut t: String = s.chars().filter(|c| !matches!(c, '\t' | '\n' | '\u{c}' | '\r' | ' ')).collect();
    if t.len().is_multiple_of(4) {
        if t.ends_with("==") {
            t.truncate(t.len() - 2);
        } else if t.ends_with('=') {
            t.truncate(t.len() - 1);
        }
    }
    if t.len() % 4 == 1 || !t.bytes().all(|b| B64.contains(&b)) {
        return None;
    }
    let mut out = Vec::with_capacity(t.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for b in t.bytes() {
        let v = B64.iter().position(|&x| x == b)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// `JSON.liquid_stringify(value, null, space)`; None for `undefined`.
pub(crate) fn json_with_space(v: &Value, space: &Value) -> Option<String> {
    let indent: String = match space {
        Value::Number(n) if *n >= 1.0 => " ".repeat(n.min(10.0) as usize),
        Value::String(s) => s.chars().take(10).collect(),
        _ => String::new(),
    };
    if indent.is_empty() {
        return json_stringify(v);
    }
    let mut out = String::new();
    write_indented(v, &indent, 0, &mut out)?;
    Some(out)
}

fn write_indented(v: &Value, indent: &str, depth: usize, out: &mut String) -> Option<()> {
    let pad = |out: &mut String, d: usize| {
        out.push('\n');
        for _ in 0..d {
            out.push_str(indent);
        }
    };
    match v {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                pad(out, depth + 1);
                if write_indented(item, indent, depth + 1, out).is_none() {
                    out.push_str("null");
                }
            }
            pad(out, depth);
            out.push(']');
        }
        Value::Object(o) if o.values().any(|x| !x.is_undefined()) => {
            out.push('{');
            let mut first = true;
            for (k, item) in o.iter() {
                if item.is_undefined() {
                    continue;
                }
                if !first {
                    out.push(',');
                }
                first = false;
                pad(out, depth + 1);
                write_string(k, out);
                out.push_str(": ");
                write_indented(item, indent, depth + 1, out);
            }
            pad(out, depth);
            out.push('}');
        }
        other => out.push_str(&json_stringify(other)?),
    }
    Some(())
}
