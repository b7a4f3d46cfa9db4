//! The filters Segment allows, ported from liquidjs 10.30 (`filters/*.ts`): a table of
//! named functions, each given one [`Call`].

mod arrays;
mod math;
mod strings;

use super::date;
use super::env::Env;
use super::error::LiquidError;
use super::text;
use super::value::{liquid_stringify, Val};
use crate::json::Value;

/// Filters Segment's engine turns off.
const DISABLED: [&str; 20] = [
    "array_to_sentence_string", "concat", "find", "find_exp", "find_index", "find_index_exp", "group_by",
    "group_by_exp", "has", "has_exp", "map", "newline_to_br", "reject", "reject_exp", "reverse", "sort",
    "sort_natural", "uniq", "where_exp", "type",
];

type R<'e> = Result<Val<'e>, LiquidError>;
type Filter = for<'e, 'x> fn(Call<'e, 'x>) -> R<'e>;

/// Every filter by name, sorted by name (looked up by binary search). `raw` and names
/// not here return their input.
const FILTERS: [(&str, Filter); 68] = [
    ("abs", math::abs),
    ("append", strings::append),
    ("at_least", math::at_least),
    ("at_most", math::at_most),
    ("base64_decode", strings::base64_decode),
    ("base64_encode", strings::base64_encode),
    ("capitalize", strings::capitalize),
    ("ceil", math::ceil),
    ("cgi_escape", strings::cgi_escape),
    ("compact", arrays::compact),
    ("date", date_filter),
    ("date_to_long_string", date_to_long_string),
    ("date_to_rfc822", date_to_rfc822),
    ("date_to_string", date_to_string),
    ("date_to_xmlschema", date_to_xmlschema),
    ("default", default),
    ("divided_by", math::divided_by),
    ("downcase", strings::downcase),
    ("escape", strings::escape),
    ("escape_once", strings::escape_once),
    ("first", arrays::first),
    ("floor", math::floor),
    ("hmac_sha256", strings::hmac_sha256),
    ("inspect", json),
    ("join", arrays::join),
    ("json", json),
    ("jsonify", json),
    ("last", arrays::last),
    ("lstrip", strings::lstrip),
    ("minus", math::minus),
    ("modulo", math::modulo),
    ("normalize_whitespace", strings::normalize_whitespace),
    ("number_of_words", strings::number_of_words),
    ("plus", math::plus),
    ("pop", arrays::pop),
    ("prepend", strings::prepend),
    ("push", arrays::push),
    ("remove", strings::remove),
    ("remove_first", strings::remove_first),
    ("remove_last", strings::remove_last),
    ("replace", strings::replace),
    ("replace_first", strings::replace_first),
    ("replace_last", strings::replace_last),
    ("round", math::round),
    ("rstrip", strings::rstrip),
    ("sample", arrays::sample),
    ("sha256", strings::sha256),
    ("shift", arrays::shift),
    ("size", arrays::size),
    ("slice", arrays::slice),
    ("slugify", strings::slugify),
    ("split", strings::split),
    ("squish", strings::squish),
    ("strip", strings::strip),
    ("strip_html", strings::strip_html),
    ("strip_newlines", strings::strip_newlines),
    ("sum", arrays::sum),
    ("times", math::times),
    ("to_integer", math::to_integer),
    ("truncate", strings::truncate),
    ("truncatewords", strings::truncatewords),
    ("unshift", arrays::unshift),
    ("upcase", strings::upcase),
    ("uri_escape", strings::uri_escape),
    ("url_decode", strings::url_decode),
    ("url_encode", strings::url_encode),
    ("where", arrays::where_),
    ("xml_escape", strings::escape),
];

/// One filter application: `{{ input | name: args… }}`.
pub(crate) struct Call<'e, 'x> {
    env: &'x mut Env<'e>,
    input: Val<'e>,
    args: Vec<Val<'e>>,
}

impl<'e> Call<'e, '_> {
    fn value(&self) -> &Value {
        self.input.value()
    }

    /// The input as text (liquidjs `stringify`).
    fn text(&self) -> String {
        liquid_stringify(self.value())
    }

    /// Argument `i` as JavaScript sees it: `undefined` when missing.
    fn arg(&self, i: usize) -> &Value {
        self.args.get(i).map_or(&Value::Undefined, Val::value)
    }

    fn arg_text(&self, i: usize) -> String {
        liquid_stringify(self.arg(i))
    }

    /// Argument `i`, or None when missing or undefined (so a JS default applies).
    fn given(&self, i: usize) -> Option<&Value> {
        self.args.get(i).map(Val::value).filter(|v| !v.is_undefined())
    }

    fn use_memory(&mut self, n: f64) -> Result<(), LiquidError> {
        self.env.use_memory(n)
    }
}

fn out_value<'e>(v: Value) -> R<'e> {
    Ok(Val::Own(v))
}

fn out_text<'e>(s: String) -> R<'e> {
    Ok(Val::Own(Value::String(s)))
}

fn out_number<'e>(n: f64) -> R<'e> {
    Ok(Val::Own(Value::Number(n)))
}

pub(crate) fn apply<'e>(env: &mut Env<'e>, name: &str, input: Val<'e>, args: Vec<Val<'e>>) -> R<'e> {
    if DISABLED.contains(&name) {
        return Err(LiquidError::plain(format!("filter \"{name}\" is disabled")));
    }
    match FILTERS.binary_search_by(|(n, _)| (*n).cmp(name)) {
        Ok(i) => FILTERS[i].1(Call { env, input, args }),
        Err(_) => Ok(input),
    }
}

fn date_filter<'e>(c: Call<'e, '_>) -> R<'e> {
    let (format, tz) = (c.given(0).cloned(), c.given(1).cloned());
    date::date_filter(c.env, &c.input, format.as_ref(), tz.as_ref())
}

fn date_to_xmlschema<'e>(c: Call<'e, '_>) -> R<'e> {
    date::date_filter(c.env, &c.input, Some(&Value::from("%Y-%m-%dT%H:%M:%S%:z")), None)
}

fn date_to_rfc822<'e>(c: Call<'e, '_>) -> R<'e> {
    date::date_filter(c.env, &c.input, Some(&Value::from("%a, %d %b %Y %H:%M:%S %z")), None)
}

fn date_to_string<'e>(c: Call<'e, '_>) -> R<'e> {
    let (kind, style) = (c.given(0).cloned(), c.given(1).cloned());
    date::stringify_date(c.env, &c.input, "%b", kind.as_ref(), style.as_ref())
}

fn date_to_long_string<'e>(c: Call<'e, '_>) -> R<'e> {
    let (kind, style) = (c.given(0).cloned(), c.given(1).cloned());
    date::stringify_date(c.env, &c.input, "%B", kind.as_ref(), style.as_ref())
}

fn default<'e>(mut c: Call<'e, '_>) -> R<'e> {
    let is_empty_seq = match c.value() {
        Value::String(s) => Some(s.is_empty()),
        Value::Array(x) => Some(x.is_empty()),
        _ => None,
    };
    let fallback = if c.args.is_empty() { Val::UNDEFINED } else { c.args.swap_remove(0) };
    if let Some(empty) = is_empty_seq {
        return Ok(if empty { fallback } else { c.input });
    }
    // `allow_false: true` comes as the pair ["allow_false", true].
    let allow_false = c.args.iter().any(|x| match x.value() {
        Value::Array(kv) => kv.first().and_then(Value::as_str) == Some("allow_false") && kv.get(1).is_some_and(Value::is_truthy),
        _ => false,
    });
    if matches!(c.value(), Value::Bool(false)) && allow_false {
        return out_value(Value::Bool(false));
    }
    Ok(if c.input.is_truthy() { c.input } else { fallback })
}

fn json<'e>(mut c: Call<'e, '_>) -> R<'e> {
    let text = match &c.input {
        Val::Nil | Val::Empty | Val::Blank => Some("{}".to_string()),
        _ => text::json_with_space(c.value(), c.arg(0)),
    };
    if let Some(t) = &text {
        c.use_memory(t.len() as f64)?;
    }
    out_value(text.map_or(Value::Undefined, Value::String))
}

#[cfg(test)]
mod tests {
    use super::{DISABLED, FILTERS};

    #[test]
    fn the_table_is_sorted_and_disjoint_from_the_disabled() {
        assert!(FILTERS.windows(2).all(|w| w[0].0 < w[1].0), "FILTERS must be sorted by name");
        assert!(FILTERS.iter().all(|(n, _)| !DISABLED.contains(n)));
    }
}
