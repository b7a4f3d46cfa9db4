//! The JavaScript face: JSON text in, JSON text out (the fastest crossing: one string
//! each way, no value-by-value conversion). The object API is a thin JS wrapper in
//! src/js/index.js. Errors become JS `Error`s carrying `kind`, `path` and `errors`.

use crate::delivery::{self, Delivery, Report, Sender, Step};
use crate::error::{Error, ErrorKind};
use crate::json::{self, Value};
use crate::mapping::{self, Mapping};
use crate::loops;
use crate::subscription::Subscription;
use std::cell::RefCell;
use std::rc::Rc;
use super::transport;
use wasm_bindgen::prelude::*;

// V8 compiles one wrapper per distinct import signature when it compiles the module
// (~75 µs each in Node 20): js_sys' `Reflect.set` (→ bool) and `Array.push` (→ u32)
// were the only imports of their signatures, this one shares `(a, b, c) → value`.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = set)]
    fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue) -> Result<JsValue, JsValue>;
}

fn js_error(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    // Setting a property on a fresh Error, Object or Array cannot fail.
    let set = |target: &JsValue, k: &str, v: &JsValue| {
        let _ = reflect_set(target, &JsValue::from_str(k), v);
    };
    set(&err, "kind", &JsValue::from_str(e.kind.as_str()));
    set(&err, "path", &JsValue::from_str(&e.path));
    let list = js_sys::Array::new();
    for (index, inner) in e.flatten().into_iter().enumerate() {
        let o = js_sys::Object::new();
        set(&o, "message", &JsValue::from_str(&inner.message));
        set(&o, "path", &JsValue::from_str(&inner.path));
        set(&list, &index.to_string(), &o); // list.push(o)
    }
    set(&err, "errors", &list);
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
    crate::subscription::parse_given(v.as_string().as_deref()).map_err(|e| js_error(&e))
}

/// `[{ message, path }]` of `errors`.
fn errors_json(errors: &[Error]) -> String {
    let mut out = String::new();
    json::write_message_list(errors.iter().map(|e| (e.message.as_str(), e.path.as_str())), &mut out);
    out
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
    let mapping = parse_arg(mapping, "mapping")?;
    if let Ok(compiled) = Mapping::compile(&mapping) {
        // Reads only what the mapping reads; same errors in the same order.
        return Ok(compiled.apply_text(&text_arg(data, "data")?, &transport::now_ms).map_err(|e| js_error(&e))?.unwrap_or_else(|| "null".into()));
    }
    let out = mapping::transform(&mapping, &parse_arg(data, "data")?, &transport::now_ms).map_err(|e| js_error(&e))?;
    Ok(to_text(&out))
}

/// The mapping's validation errors as a JSON array of `{ message, path }` (`[]` when valid).
#[wasm_bindgen(js_name = validateMappingJson)]
pub fn validate_mapping_json(mapping: &JsValue) -> Result<String, JsValue> {
    Ok(errors_json(&mapping::validate(&parse_arg(mapping, "mapping")?)))
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

/// The trigger's errors as a JSON array of `{ message, path }` (`[]` when it parses):
/// a non-string or empty trigger is Segment's `Failed to validate subscription`.
#[wasm_bindgen(js_name = validateTriggerJson)]
pub fn validate_trigger_json(subscription: &JsValue) -> String {
    errors_json(&crate::subscription::validate(subscription.as_string().as_deref()))
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
        let out = self.mapping.apply_text(&text_arg(data, "data")?, &transport::now_ms).map_err(|e| js_error(&e))?;
        Ok(out.unwrap_or_else(|| "null".into()))
    }

    /// `applyJson`, for callers that still hold `data` as a JS string: where the result
    /// copies a long stretch of `data` as is, that stretch is not sent back but named,
    /// and the caller slices it from its own string (V8 shares, does not copy, slices).
    /// Answers the result text, or `"\u{1}at,start,end,…\u{1}rest"`: the stretch
    /// `data.slice(start, end)` goes at `rest` offset `at` (UTF-16 offsets, ascending `at`).
    #[wasm_bindgen(js_name = applyJsonSpliced)]
    pub fn apply_json_spliced(&self, data: &JsValue) -> Result<String, JsValue> {
        self.mapping.apply_text_spliced(&text_arg(data, "data")?, &transport::now_ms).map_err(|e| js_error(&e))
    }
}

/// Segment's Loops destination (and our additions) for one set of settings and
/// subscriptions, compiled once, with its sender (pacing and retries shared by every
/// send of this destination).
#[wasm_bindgen(js_name = Destination)]
pub struct WasmDestination {
    /// Shared with the sends in flight: they outlive a `free()` of this handle.
    shared: Rc<Shared>,
}

struct Shared {
    inner: loops::Destination,
    /// Borrowed only between awaits, never across one.
    sender: RefCell<Sender>,
}

#[wasm_bindgen(js_class = Destination)]
impl WasmDestination {
    /// From the JSON text of `{ apiKey, baseUrl?, strict?, contactProperties?,
    /// subscriptions?, rateLimit?, retry?, timeoutMs? }`.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue) -> Result<WasmDestination, JsValue> {
        let options = parse_arg(options, "options")?;
        let inner = loops::Destination::from_value(&options).map_err(|e| js_error(&e))?;
        let config = delivery::Config::from_value(&options).map_err(|e| js_error(&e))?;
        // Jitter only has to differ between instances unless the caller seeds it.
        let seed = (transport::random() * 9_007_199_254_740_992.0) as u64;
        let sender = RefCell::new(Sender::new(config, transport::now_ms(), seed));
        Ok(WasmDestination { shared: Rc::new(Shared { inner, sender }) })
    }

    /// The event (JSON text) as far as the subscriptions read it (`Destination::parse_event`).
    fn event_arg(&self, event: &JsValue) -> Result<Value, JsValue> {
        self.shared.inner.parse_event(&text_arg(event, "event")?).map_err(|e| js_error(&e))
    }

    /// One entry per subscription for the event (JSON text), as a JSON array; no I/O, the
    /// API key redacted. `detailed` (`true`): each subscribed entry also carries `mapped`
    /// and `dropped`.
    #[wasm_bindgen(js_name = previewJson)]
    pub fn preview_json(&self, event: &JsValue, detailed: &JsValue) -> Result<String, JsValue> {
        let event = self.event_arg(event)?;
        let entries = if detailed.as_bool() == Some(true) {
            self.shared.inner.preview_detailed(&event, &transport::now_ms)
        } else {
            self.shared.inner.preview(&event, &transport::now_ms)
        };
        Ok(loops::preview_json(&entries))
    }

    /// Which contact the event (JSON text) concerns, when, and what it does to it:
    /// `{"contact": string|null, "time": ms|null, "kind": "update"|"delete"|"event"|null}`.
    #[wasm_bindgen(js_name = planJson)]
    pub fn plan_json(&self, event: &JsValue) -> Result<String, JsValue> {
        Ok(self.shared.inner.plan(&self.event_arg(event)?, &transport::now_ms).to_json())
    }

    /// Sends the event (JSON text) through every matching subscription; resolves to the
    /// JSON text of `[{ action, outcome, status?, attempts, message? }]`.
    #[wasm_bindgen(js_name = sendJson)]
    pub fn send_json(&self, event: &JsValue) -> js_sys::Promise {
        let shared = self.shared.clone();
        let event = self.event_arg(event);
        wasm_bindgen_futures::future_to_promise(async move {
            let entries = shared.inner.requests(&event?, &transport::now_ms);
            let mut reports = Vec::new();
            for entry in entries.iter().filter(|e| e.subscribed || !e.errors.is_empty()) {
                let report = match &entry.request {
                    Some(request) => deliver(&shared, entry.action, request).await,
                    None => Report::rejected(&entry.errors),
                };
                reports.push((entry.action, report));
            }
            Ok(JsValue::from_str(&delivery::outcomes_json(reports.iter().map(|(a, r)| (*a, r)))))
        })
    }
}

/// Runs one request's delivery plan to its end.
async fn deliver(shared: &Shared, action: &str, request: &loops::Request) -> Report {
    let expect = loops::response::Expect { idempotent: request.header("Idempotency-Key").is_some(), delete: action == loops::ActionKind::DeleteContact.key() };
    let mut delivery = Delivery::new(expect);
    let timeout_ms = shared.sender.borrow().config.timeout_ms;
    loop {
        let step = delivery.next(transport::now_ms(), &mut shared.sender.borrow_mut());
        match step {
            Step::Done(report) => return report,
            Step::Wait(ms) => transport::sleep(ms).await,
            Step::Send => {
                let answer = transport::send(request, timeout_ms).await;
                delivery.record(transport::now_ms(), answer.attempt(), &mut shared.sender.borrow_mut());
            }
        }
    }
}

/// Every action (fields, default mappings, default triggers) as JSON text.
#[wasm_bindgen(js_name = actionsJson)]
pub fn actions_json() -> String {
    to_text(&loops::actions_value())
}

// ---- Per-contact order (src/delivery/order) ----

/// Whether an event of `kind` ("update" | "delete" | "event") at `time` (ms or null) is
/// stale for a contact whose newest delivered update and delete were at `updated` and
/// `deleted` (ms or null), and the contact's times once it is delivered: the JSON text
/// of `[stale, updated, deleted]`.
#[wasm_bindgen(js_name = contactOrder)]
pub fn contact_order(kind: &JsValue, time: &JsValue, updated: &JsValue, deleted: &JsValue) -> Result<String, JsValue> {
    delivery::contact_order_json(kind.as_string().as_deref(), time.as_f64(), updated.as_f64(), deleted.as_f64()).map_err(|e| js_error(&e))
}

/// The sender's backoff (src/delivery/backoff.rs) for other retrying callers: the wait in
/// ms after `attempt` attempts. `baseDelayMs`, `maxDelayMs` (undefined: 250, 10000) and
/// `random` (undefined: `Math.random()`) as numbers.
#[wasm_bindgen(js_name = retryDelayMs)]
pub fn retry_delay_ms(attempt: &JsValue, base_delay_ms: &JsValue, max_delay_ms: &JsValue, random: &JsValue) -> Result<f64, JsValue> {
    let optional = |v: &JsValue| if v.is_undefined() { None } else { Some(v.as_f64().unwrap_or(f64::NAN)) };
    let random = if random.is_undefined() { transport::random() } else { random.as_f64().unwrap_or(f64::NAN) };
    delivery::retry_delay_ms(attempt.as_f64().unwrap_or(f64::NAN), optional(base_delay_ms), optional(max_delay_ms), random).map_err(|e| js_error(&e))
}

// ---- Segment webhooks: the Worker's front door (src/segment) ----

/// Checks a request from Segment's Webhooks (Actions) destination. `options` is the JSON
/// text of `{ signature?, authorization?, sharedSecret?, token?, tokenAlways?, maxEvents?,
/// maxEventBytes?, maxAgeSeconds?, now? }`. Answers JSON text:
/// `{"shape":"event"|"batch","spans":[start,end,…],"rejected":[{"index","status","message","path","span":[start,end]}]}`
/// (UTF-16 offsets into `body`, for `body.slice`) or `{"status":401|400|413|503,"message","path"}`.
#[wasm_bindgen(js_name = segmentWebhookJson)]
pub fn segment_webhook_json(body: &JsValue, options: &JsValue) -> Result<String, JsValue> {
    use crate::segment::{accept, Credentials, Headers, Limits};
    let body = body.as_string().ok_or_else(|| js_error(&Error::json("", "body must be text")))?;
    let options = parse(&options.as_string().ok_or_else(|| js_error(&Error::json("", "options must be JSON text")))?)?;
    crate::options::refuse_unknown_keys(&options, "", &crate::segment::OPTION_KEYS).map_err(|e| js_error(&e))?;
    let text = |k: &str| options.get(k).and_then(Value::as_str);
    let number = |k: &str| options.get(k).and_then(Value::as_f64).filter(|n| n.is_finite() && *n > 0.0);
    let count = |k: &str, default: usize| number(k).filter(|n| *n >= 1.0).map_or(default, |n| n as usize);
    let defaults = Limits::default();
    let limits = Limits {
        max_events: count("maxEvents", defaults.max_events),
        max_event_bytes: count("maxEventBytes", defaults.max_event_bytes),
        max_kept_bytes: defaults.max_kept_bytes,
        max_age_ms: number("maxAgeSeconds").map(|s| s * 1000.0),
    };
    let credentials = Credentials {
        shared_secret: text("sharedSecret"),
        token: text("token"),
        token_always: options.get("tokenAlways").and_then(Value::as_bool).unwrap_or(false),
    };
    let headers = Headers { signature: text("signature"), authorization: text("authorization") };
    let now = number("now").unwrap_or_else(transport::now_ms);
    Ok(crate::segment::verdict_json(&body, &accept(&body, headers, credentials, limits, now)))
}

/// Segment's `X-Signature` of `text`: hex HMAC-SHA1 with the shared secret.
#[wasm_bindgen(js_name = segmentSignature)]
pub fn segment_signature(secret: &JsValue, text: &JsValue) -> Result<String, JsValue> {
    match (secret.as_string(), text.as_string()) {
        (Some(s), Some(t)) => Ok(crate::segment::hmac_sha1_hex(&s, &t)),
        _ => Err(js_error(&Error::json("", "secret and text must be text"))),
    }
}

// ---- Checking the API key (src/loops/api_key.rs) ----

#[wasm_bindgen(js_class = Destination)]
impl WasmDestination {
    /// One `GET /v1/api-key`, paced with this destination's sends; resolves to the JSON
    /// text of `{ ok: true, team? }` or `{ ok: false, status?, reason }`, never rejects.
    #[wasm_bindgen(js_name = checkApiKeyJson)]
    pub fn check_api_key_json(&self) -> js_sys::Promise {
        let shared = self.shared.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let request = loops::test_authentication(shared.inner.settings());
            loop {
                let wait = shared.sender.borrow_mut().pacer.acquire(transport::now_ms());
                if wait <= 0.0 {
                    break;
                }
                transport::sleep(wait).await;
            }
            let timeout_ms = shared.sender.borrow().config.timeout_ms;
            let check = match transport::send(&request, timeout_ms).await {
                transport::Answer::Response { status, headers, body } => {
                    let (limit, remaining) = loops::response::rate_limit(&headers);
                    shared.sender.borrow_mut().pacer.observe(transport::now_ms(), limit, remaining, status == 429);
                    loops::classify_key_check(status, &body)
                }
                transport::Answer::Timeout => {
                    loops::key_check_unreachable(&format!("timed out after {} ms", json::js_number_to_string(timeout_ms)))
                }
                transport::Answer::NetworkError(text) => loops::key_check_unreachable(&text),
            };
            Ok(JsValue::from_str(&to_text(&check.to_value())))
        })
    }
}
