//! The JavaScript face: JSON text in, JSON text out (the fastest crossing: one string
//! each way, no value-by-value conversion). The object API is a thin JS wrapper in
//! src/js/index.js. Errors become JS `Error`s carrying `kind`, `path` and `errors`.

use crate::error::{Error, ErrorKind};
use crate::json::{self, Value};
use crate::mapping::{self, Mapping};
use crate::loops;
use crate::subscription::Subscription;
use wasm_bindgen::prelude::*;

fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    let set = |k: &str, v: &JsValue| {
        // Setting a property on a fresh Error cannot fail.
        let _ = js_sys::Reflect::set(&err, &JsValue::from_str(k), v);
    };
    set("kind", &JsValue::from_str(e.kind.as_str()));
    set("path", &JsValue::from_str(&e.path));
    let list = js_sys::Array::new();
    for inner in e.flatten() {
        let o = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&o, &"message".into(), &JsValue::from_str(&inner.message));
        let _ = js_sys::Reflect::set(&o, &"path".into(), &JsValue::from_str(&inner.path));
        list.push(&o);
    }
    set("errors", &list);
    err.into()
}

fn parse(text: &str) -> Result<Value, JsValue> {
    json::parse(text).map_err(|e| js_error(&e))
}

/// A JSON-text argument. Taken as `JsValue` and checked, because a non-string passed
/// where wasm-bindgen expects `&str` traps the whole instance.
fn text_arg(v: &JsValue, what: &str) -> Result<String, JsValue> {
    v.as_string().ok_or_else(|| js_error(&Error::new(ErrorKind::Json, "", format!("{what} must be JSON text (a string)"))))
}

/// A trigger argument: a non-string is Segment's "Failed to validate subscription".
fn trigger_arg(v: &JsValue) -> Result<Subscription, JsValue> {
    let parsed = match v.as_string() {
        Some(s) => Subscription::parse(&s),
        None => Err(Error::new(ErrorKind::Subscription, "", crate::subscription::FAILED_TO_VALIDATE)),
    };
    parsed.map_err(|e| js_error(&e))
}

fn parse_arg(v: &JsValue, what: &str) -> Result<Value, JsValue> {
    parse(&text_arg(v, what)?)
}

fn to_text(v: &Value) -> String {
    json::stringify(v).unwrap_or_else(|| "null".into())
}

/// `transform(mapping, data)` of Segment's mapping-kit, on JSON texts.
#[wasm_bindgen(js_name = transformJson)]
pub fn transform_json(mapping: &JsValue, data: &JsValue) -> Result<String, JsValue> {
    let out = mapping::transform(&parse_arg(mapping, "mapping")?, &parse_arg(data, "data")?).map_err(|e| js_error(&e))?;
    Ok(to_text(&out))
}

/// The mapping's validation errors as a JSON array of `{ message, path }` (`[]` when valid).
#[wasm_bindgen(js_name = validateMappingJson)]
pub fn validate_mapping_json(mapping: &JsValue) -> Result<String, JsValue> {
    let errors = mapping::validate(&parse_arg(mapping, "mapping")?);
    Ok(errors_to_text(errors.iter()))
}

fn errors_to_text<'a>(errors: impl Iterator<Item = &'a Error>) -> String {
    let list: Vec<Value> = errors
        .map(|e| {
            let mut o = json::Object::new();
            o.insert("message", Value::from(e.message.as_str()));
            o.insert("path", Value::from(e.path.as_str()));
            Value::Object(o)
        })
        .collect();
    to_text(&Value::Array(list))
}

/// Whether `event` (JSON text) matches the trigger `subscription`; throws when the
/// trigger is invalid (a non-string or empty trigger: `Failed to validate subscription`, as Segment).
#[wasm_bindgen(js_name = matchesJson)]
pub fn matches_json(subscription: &JsValue, event: &JsValue) -> Result<bool, JsValue> {
    let sub = trigger_arg(subscription)?;
    sub.evaluate(&parse_arg(event, "event")?).map_err(|e| js_error(&e))
}

/// Why `event` (JSON text) does not match the trigger, in one line, or `matches`.
#[wasm_bindgen(js_name = explainJson)]
pub fn explain_json(subscription: &JsValue, event: &JsValue) -> Result<String, JsValue> {
    let sub = trigger_arg(subscription)?;
    Ok(sub.explain(&parse_arg(event, "event")?))
}

/// A mapping compiled once and applied to many events.
#[wasm_bindgen]
pub struct CompiledMapping {
    mapping: Mapping,
}

#[wasm_bindgen]
impl CompiledMapping {
    #[wasm_bindgen(constructor)]
    pub fn new(mapping: &JsValue) -> Result<CompiledMapping, JsValue> {
        let mapping = Mapping::compile(&parse_arg(mapping, "mapping")?).map_err(|e| js_error(&e))?;
        Ok(CompiledMapping { mapping })
    }

    /// Applies the mapping to one event given as JSON text; returns JSON text.
    #[wasm_bindgen(js_name = applyJson)]
    pub fn apply_json(&self, data: &JsValue) -> Result<String, JsValue> {
        let out = self.mapping.apply_to_text(&parse_arg(data, "data")?).map_err(|e| js_error(&e))?;
        Ok(out.unwrap_or_else(|| "null".into()))
    }
}

/// Segment's Loops destination (and our additions) for one set of settings and
/// subscriptions, compiled once.
#[wasm_bindgen(js_name = Destination)]
pub struct WasmDestination {
    inner: loops::Destination,
}

#[wasm_bindgen(js_class = Destination)]
impl WasmDestination {
    /// From the JSON text of `{ apiKey, baseUrl?, strict?, contactProperties?, subscriptions? }`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue) -> Result<WasmDestination, JsValue> {
        let inner = loops::Destination::from_value(&parse_arg(options, "options")?).map_err(|e| js_error(&e))?;
        Ok(WasmDestination { inner })
    }

    /// One entry per subscription for the event (JSON text), as a JSON array; no I/O, the
    /// API key redacted.
    #[wasm_bindgen(js_name = previewJson)]
    pub fn preview_json(&self, event: &JsValue) -> Result<String, JsValue> {
        Ok(preview_text(&self.inner.preview(&parse_arg(event, "event")?)))
    }
}

/// Every action (fields, default mappings, default triggers) as JSON text.
#[wasm_bindgen(js_name = actionsJson)]
pub fn actions_json() -> String {
    to_text(&loops::actions_value())
}

/// Written by hand so a request body (already JSON text) is embedded, not re-parsed.
fn preview_text(entries: &[loops::PreviewEntry]) -> String {
    let mut out = String::from("[");
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"action\":");
        json::write_string(e.action, &mut out);
        out.push_str(if e.subscribed { ",\"subscribed\":true" } else { ",\"subscribed\":false" });
        if let Some(reason) = &e.reason {
            out.push_str(",\"reason\":");
            json::write_string(reason, &mut out);
        }
        if let Some(r) = &e.request {
            out.push_str(",\"request\":{\"method\":");
            json::write_string(&r.method, &mut out);
            out.push_str(",\"url\":");
            json::write_string(&r.url, &mut out);
            out.push_str(",\"headers\":{");
            for (j, (k, v)) in r.headers.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                json::write_string(k, &mut out);
                out.push(':');
                json::write_string(v, &mut out);
            }
            out.push('}');
            if let Some(body) = &r.body {
                out.push_str(",\"body\":");
                out.push_str(body);
            }
            out.push('}');
        }
        out.push_str(",\"errors\":");
        out.push_str(&errors_to_text(e.errors.iter()));
        out.push_str(",\"warnings\":");
        let warnings: Vec<Error> = e.warnings.iter().map(|w| Error::payload(w.path.clone(), w.message.clone())).collect();
        out.push_str(&errors_to_text(warnings.iter()));
        out.push('}');
    }
    out.push(']');
    out
}
