//! Math filters (`filters/math.ts`). `argumentsToNumber`: a missing argument stays
//! `undefined`, which is NaN.

use super::{out_number, Call, R};
use crate::json::v8;
use crate::json::{js_number_to_string, js_string_to_number};
use crate::mapping::liquid::value::to_number;

pub(super) fn abs<'e>(c: Call<'e, '_>) -> R<'e> {
    out_number(to_number(c.value()).abs())
}

pub(super) fn at_least<'e>(c: Call<'e, '_>) -> R<'e> {
    out_number(math2(&c, |x, y| if x.is_nan() || y.is_nan() { f64::NAN } else { x.max(y) }))
}

pub(super) fn at_most<'e>(c: Call<'e, '_>) -> R<'e> {
    out_number(math2(&c, |x, y| if x.is_nan() || y.is_nan() { f64::NAN } else { x.min(y) }))
}

pub(super) fn ceil<'e>(c: Call<'e, '_>) -> R<'e> {
    out_number(to_number(c.value()).ceil())
}

pub(super) fn floor<'e>(c: Call<'e, '_>) -> R<'e> {
    out_number(to_number(c.value()).floor())
}

pub(super) fn divided_by<'e>(c: Call<'e, '_>) -> R<'e> {
    let q = to_number(c.value()) / number_arg(&c, 0);
    out_number(if c.args.len() > 1 && to_number(c.arg(1)) != 0.0 { q.floor() } else { q })
}

pub(super) fn minus<'e>(c: Call<'e, '_>) -> R<'e> {
    out_number(to_number(c.value()) - number_arg(&c, 0))
}

pub(super) fn plus<'e>(c: Call<'e, '_>) -> R<'e> {
    out_number(to_number(c.value()) + number_arg(&c, 0))
}

pub(super) fn times<'e>(c: Call<'e, '_>) -> R<'e> {
    out_number(to_number(c.value()) * number_arg(&c, 0))
}

pub(super) fn modulo<'e>(c: Call<'e, '_>) -> R<'e> {
    let m = number_arg(&c, 0);
    out_number(((to_number(c.value()) % m) + m) % m)
}

pub(super) fn round<'e>(c: Call<'e, '_>) -> R<'e> {
    out_number(round_to(to_number(c.value()), c.given(0).map_or(0.0, to_number)))
}

pub(super) fn to_integer<'e>(c: Call<'e, '_>) -> R<'e> {
    out_number(v8::to_number(c.value()))
}

/// `Math.max(v, arg)` / `Math.min`, with only the given arguments converted.
fn math2(c: &Call, f: fn(f64, f64) -> f64) -> f64 {
    let x = to_number(c.value());
    match c.args.first() {
        Some(y) => f(x, to_number(y.value())),
        None => x,
    }
}

/// A number argument: `toNumber` when given, NaN (undefined) when missing.
fn number_arg(c: &Call, i: usize) -> f64 {
    c.args.get(i).map_or(f64::NAN, |v| to_number(v.value()))
}

/// liquidjs `round`: shifts the decimal point through the number's text.
fn round_to(v: f64, places: f64) -> f64 {
    let scaled = shift_decimal(v.abs(), places);
    // NaN too: `!(scaled <= MAX_SAFE_INTEGER)`.
    if scaled.is_nan() || scaled > 9007199254740991.0 {
        return v;
    }
    let rounded = shift_decimal(scaled.round(), -places);
    if v < 0.0 {
        -rounded
    } else {
        rounded
    }
}

fn shift_decimal(n: f64, exponent: f64) -> f64 {
    let text = js_number_to_string(n);
    let (mantissa, power) = match text.split_once('e') {
        Some((m, p)) => (m.to_string(), js_string_to_number(p)),
        None => (text.clone(), 0.0),
    };
    js_string_to_number(&format!("{mantissa}e{}", js_number_to_string(power + exponent)))
}
