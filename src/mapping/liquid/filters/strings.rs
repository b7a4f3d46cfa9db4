//! String, HTML, URL and encoding filters (`filters/{string,html,url,crypto,base64}.ts`):
//! each reads its input as text (`stringify`).

use super::{out_number, out_text, out_value, Call, R};
use crate::digest;
use crate::json::v8::{self, is_js_whitespace};
use crate::json::Value;
use crate::mapping::liquid::error::LiquidError;
use crate::mapping::liquid::text;
use crate::mapping::liquid::value::liquid_stringify;

pub(super) fn escape<'e>(mut c: Call<'e, '_>) -> R<'e> {
    let s = c.text();
    c.use_memory(s.len() as f64)?;
    out_text(text::escape(&s))
}

pub(super) fn escape_once<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(text::escape(&text::unescape(&c.text())))
}

pub(super) fn strip_html<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(text::strip_html(&c.text()))
}

pub(super) fn url_decode<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(text::decode_uri_component(&c.text().replace('+', " "))?)
}

pub(super) fn url_encode<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(text::encode_uri_component(&c.text()).replace("%20", "+"))
}

pub(super) fn cgi_escape<'e>(c: Call<'e, '_>) -> R<'e> {
    let s = text::encode_uri_component(&c.text()).replace("%20", "+");
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '!' | '\'' | '(' | ')' | '*' => out.push_str(&format!("%{:X}", ch as u32)),
            ch => out.push(ch),
        }
    }
    out_text(out)
}

pub(super) fn uri_escape<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(text::encode_uri(&c.text()).replace("%5B", "[").replace("%5D", "]"))
}

pub(super) fn slugify<'e>(c: Call<'e, '_>) -> R<'e> {
    let mode = c.given(0).map_or_else(|| "default".to_string(), Value::to_js_string);
    let cased = c.given(1).is_some_and(Value::is_truthy);
    out_text(text::slugify(&c.text(), &mode, cased))
}

pub(super) fn append<'e>(c: Call<'e, '_>) -> R<'e> {
    concat(c, "append", |l, r| l + &r)
}

pub(super) fn prepend<'e>(c: Call<'e, '_>) -> R<'e> {
    concat(c, "prepend", |l, r| r + &l)
}

fn concat<'e>(mut c: Call<'e, '_>, name: &str, join: fn(String, String) -> String) -> R<'e> {
    if c.args.len() != 1 {
        return Err(LiquidError::plain(format!("{name} expect 2 arguments")));
    }
    let (l, r) = (c.text(), c.arg_text(0));
    c.use_memory((l.len() + r.len()) as f64)?;
    out_text(join(l, r))
}

pub(super) fn strip<'e>(c: Call<'e, '_>) -> R<'e> {
    strip_ends(c, true, true)
}

pub(super) fn lstrip<'e>(c: Call<'e, '_>) -> R<'e> {
    strip_ends(c, true, false)
}

pub(super) fn rstrip<'e>(c: Call<'e, '_>) -> R<'e> {
    strip_ends(c, false, true)
}

/// JS whitespace, or the characters of the argument when it is given.
fn strip_ends<'e>(mut c: Call<'e, '_>, start: bool, end: bool) -> R<'e> {
    let s = c.text();
    c.use_memory(s.len() as f64)?;
    let chars = c.given(0).filter(|x| x.is_truthy()).map(liquid_stringify);
    out_text(text::strip(&s, chars.as_deref(), start, end))
}

pub(super) fn downcase<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(c.text().to_lowercase())
}

pub(super) fn upcase<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(c.text().to_uppercase())
}

pub(super) fn capitalize<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(text::capitalize(&c.text()))
}

pub(super) fn remove<'e>(mut c: Call<'e, '_>) -> R<'e> {
    let (s, pattern) = (c.text(), c.arg_text(0));
    c.use_memory((s.len() + pattern.len()) as f64)?;
    out_text(text::replace_all(&s, &pattern, ""))
}

pub(super) fn remove_first<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(text::replace_first(&c.text(), &c.arg_text(0), ""))
}

pub(super) fn remove_last<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(text::replace_last(&c.text(), &c.arg_text(0), ""))
}

pub(super) fn replace<'e>(mut c: Call<'e, '_>) -> R<'e> {
    let out = text::replace_all(&c.text(), &c.arg_text(0), &c.arg_text(1));
    c.use_memory(out.len() as f64)?;
    out_text(out)
}

pub(super) fn replace_first<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(text::replace_first(&c.text(), &c.arg_text(0), &c.arg_text(1)))
}

pub(super) fn replace_last<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(text::replace_last(&c.text(), &c.arg_text(0), &c.arg_text(1)))
}

pub(super) fn split<'e>(mut c: Call<'e, '_>) -> R<'e> {
    let s = c.text();
    c.use_memory(s.len() as f64)?;
    let mut parts: Vec<String> = text::js_split(&s, &c.arg_text(0));
    while parts.last().is_some_and(String::is_empty) {
        parts.pop();
    }
    out_value(Value::Array(parts.into_iter().map(Value::String).collect()))
}

pub(super) fn strip_newlines<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(c.text().replace("\r\n", "").replace('\n', ""))
}

pub(super) fn squish<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(text::collapse_whitespace(&c.text()).trim_matches(is_js_whitespace).to_string())
}

pub(super) fn normalize_whitespace<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(text::collapse_whitespace(&c.text()))
}

pub(super) fn truncate<'e>(mut c: Call<'e, '_>) -> R<'e> {
    let s = c.text();
    let length = c.given(0).map_or(50.0, v8::to_number);
    let ellipsis = c.given(1).map_or_else(|| "...".to_string(), liquid_stringify);
    c.use_memory((s.len() + ellipsis.len()) as f64)?;
    match text::truncate(&s, length, &ellipsis) {
        Some(t) => out_text(t),
        None => Ok(c.input),
    }
}

pub(super) fn truncatewords<'e>(c: Call<'e, '_>) -> R<'e> {
    let s = c.text();
    let mut words = c.given(0).map_or(15.0, v8::to_number);
    let ellipsis = c.given(1).map_or_else(|| "...".to_string(), liquid_stringify);
    let all = text::split_whitespace_js(s.trim_start_matches(is_js_whitespace));
    if words <= 0.0 {
        words = 1.0;
    }
    let take = if words.is_nan() { 0 } else { words.ceil() as usize };
    let mut out = all.iter().take(take).cloned().collect::<Vec<_>>().join(" ");
    if all.len() as f64 >= words {
        out.push_str(&ellipsis);
    }
    out_text(out)
}

pub(super) fn number_of_words<'e>(c: Call<'e, '_>) -> R<'e> {
    let s = c.text();
    let t = s.trim_matches(is_js_whitespace);
    out_number(if t.is_empty() { 0.0 } else { text::split_whitespace_js(t).len() as f64 })
}

pub(super) fn base64_encode<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(text::base64_encode(c.text().as_bytes()))
}

pub(super) fn base64_decode<'e>(c: Call<'e, '_>) -> R<'e> {
    match text::base64_decode(&c.text()) {
        Some(bytes) => out_text(String::from_utf8_lossy(&bytes).into_owned()),
        None => Err(LiquidError::plain("invalid base64 provided to base64_decode")),
    }
}

pub(super) fn sha256<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(digest::sha256_hex(c.text().as_bytes()))
}

pub(super) fn hmac_sha256<'e>(c: Call<'e, '_>) -> R<'e> {
    out_text(digest::hex(&digest::hmac_sha256(c.arg_text(0).as_bytes(), c.text().as_bytes())))
}
