//! One runner for every fixture kind (tests/fixtures/README.md has the format): each case
//! is run through our code, which answers in the fixture's own result keys (`output`,
//! `error`, `errors`, `matches`), the same record tests/segment/record.mjs writes from
//! Segment's code; the two records must be equal, key order and text included. The only
//! exceptions are the deliberate differences listed in `difference` below, each checked
//! for what we do instead.

mod common;

use common::Case;
use loops_destination::json::{self, Object, Value};
use loops_destination::loops::{ActionKind, Destination, PreviewEntry, Settings, SubscriptionSpec};
use loops_destination::mapping::{self, liquid::Template};
use loops_destination::schema::{validate_payload, Field, FieldType};
use loops_destination::subscription::{Subscription, FAILED_TO_VALIDATE, INVALID_PREFIX};
use loops_destination::Error;

/// The result keys, in the order a record writes them (record.mjs `RESULT_KEYS`).
const RESULT_KEYS: [&str; 4] = ["output", "errors", "error", "matches"];

/// Segment's text for every lexer error in a trigger (and several parser errors); ours
/// says what is wrong and where, after the same prefix (README: Differences).
const SEGMENT_TYPE_ERROR: &str = "Invalid subscription : Cannot read properties of undefined (reading 'type')";

fn record(pairs: Vec<(&str, Value)>) -> Object {
    let mut o = Object::new();
    for (k, v) in pairs {
        o.insert(k, v);
    }
    o
}

fn strings(items: impl IntoIterator<Item = String>) -> Value {
    Value::Array(items.into_iter().map(Value::from).collect())
}

/// mapping-kit's validation messages start with the place they are about, a JSON pointer
/// written unescaped and `/` for the root (`/a/@path should be …`): our error must carry
/// that place as its `path` (escaped: `/a~1b` for the key `a/b`).
fn path_matches_message(e: &Error) -> Result<(), String> {
    let shown = if e.path.is_empty() { "/".to_owned() } else { e.path.replace("~1", "/").replace("~0", "~") };
    match e.message.split(' ').next() {
        Some(pointer) if pointer.starts_with('/') && pointer != shown => {
            Err(format!("error {:?} has path {:?}, its message says {pointer:?}", e.message, e.path))
        }
        _ => Ok(()),
    }
}

/// `mapping`: `{"mapping","input"}` → `output` (absent: `undefined`) | `errors` (the
/// validation messages) | `error` (one thrown at run time).
fn mapping_record(case: &Case) -> Result<Object, String> {
    let mapping = case.field("mapping").cloned().unwrap_or_default();
    let input = case.field("input").cloned().unwrap_or_default();
    Ok(match mapping::transform(&mapping, &input, &common::fixed_clock) {
        Ok(Value::Undefined) => Object::new(),
        Ok(v) => record(vec![("output", v)]),
        Err(e) if e.errors.is_empty() => record(vec![("error", Value::from(e.message.as_str()))]),
        Err(e) => {
            // Segment's summary passes each message through clean-stack, which turns `\`
            // into `/`; the inner errors keep the exact text.
            let messages: Vec<String> = e.errors.iter().map(|e| e.message.replace('\\', "/")).collect();
            let summary: String = messages.iter().map(|m| format!("\n    ValidationError: {m}")).collect();
            if e.message != summary {
                return Err(format!("aggregate message {:?}, expected {summary:?}", e.message));
            }
            e.errors.iter().try_for_each(path_matches_message)?;
            record(vec![("errors", strings(messages))])
        }
    })
}

/// `liquid`: `{"template","input"}` → `output` | `error`.
fn liquid_record(case: &Case) -> Result<Object, String> {
    let template = case.field("template").and_then(Value::as_str).ok_or("no template")?;
    let input = case.field("input").cloned().unwrap_or(Value::Undefined);
    Ok(match Template::parse(template).and_then(|t| t.render(&input, &common::fixed_clock)) {
        Ok(out) => record(vec![("output", Value::from(out))]),
        Err(e) => record(vec![("error", Value::from(e.message))]),
    })
}

/// `subscription`: `{"subscribe","event"}` → `matches` | `error`.
fn subscription_record(case: &Case) -> Result<Object, String> {
    let event = case.field("event").cloned().unwrap_or_default();
    let ours = match case.field("subscribe") {
        Some(Value::String(s)) => Subscription::parse(s).map(|sub| sub.matches(&event)).map_err(|e| e.message),
        // Not a string: the wasm face answers this before parsing.
        _ => Err(FAILED_TO_VALIDATE.to_owned()),
    };
    Ok(match ours {
        Ok(b) => record(vec![("matches", Value::Bool(b))]),
        Err(m) => record(vec![("error", Value::from(m))]),
    })
}

/// `payload`: `{"fields","input"}` → `output` | `error` + `errors` (`[{message, pointer}]`).
fn payload_record(case: &Case) -> Result<Object, String> {
    let Some(Value::Object(spec)) = case.field("fields") else { return Err("no fields".into()) };
    let fields = spec.iter().map(|(k, v)| field(k, v)).collect::<Result<Vec<_>, _>>()?;
    let input = case.field("input").cloned().unwrap_or_default();
    Ok(match validate_payload(&fields, input) {
        Ok(obj) => record(vec![("output", Value::Object(obj))]),
        Err(e) => {
            let errors = e
                .errors
                .iter()
                .map(|e| Value::Object(record(vec![("message", Value::from(e.message.as_str())), ("pointer", Value::from(e.path.as_str()))])))
                .collect();
            record(vec![("errors", Value::Array(errors)), ("error", Value::from(e.message.as_str()))])
        }
    })
}

/// Test-only: fixture strings live for the whole test run.
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// An actions-core `InputField` (as JSON) → our static `Field`.
fn field(key: &str, spec: &Value) -> Result<Field, String> {
    let text = |k: &str| spec.get(k).and_then(Value::as_str);
    let flag = |k: &str| spec.get(k) == Some(&Value::Bool(true));
    let field_type = match text("type") {
        Some("string") => FieldType::String,
        Some("text") => FieldType::Text,
        Some("number") => FieldType::Number,
        Some("integer") => FieldType::Integer,
        Some("boolean") => FieldType::Boolean,
        Some("datetime") => FieldType::Datetime,
        Some("object") => FieldType::Object,
        Some("password") => FieldType::Password,
        other => return Err(format!("field {key}: unsupported type {other:?}")),
    };
    Ok(Field {
        key: leak(key),
        label: leak(text("label").unwrap_or("")),
        description: "",
        field_type,
        required: flag("required"),
        format: text("format").map(leak),
        allow_null: flag("allowNull"),
        multiple: flag("multiple"),
        default: None,
    })
}

fn loops_entry(case: &Case) -> Result<PreviewEntry, String> {
    let action = case.field("action").and_then(Value::as_str).ok_or("no action")?.to_owned();
    let mut settings = Object::new();
    settings.insert("apiKey", case.field("apiKey").cloned().unwrap_or_else(|| Value::from("test-api-key")));
    let settings = Settings::from_value(&Value::Object(settings)).map_err(|e| e.message)?;
    let subscribe = match case.field("subscribe") {
        Some(v) => v.clone(),
        None => Value::from(ActionKind::from_key(&action).and_then(|a| a.default_subscription()).unwrap_or("")),
    };
    let spec = SubscriptionSpec { subscribe, mapping: case.field("mapping").cloned(), action };
    let dest = Destination::new(settings, Some(vec![spec])).map_err(|e| e.message)?;
    let event = case.field("event").cloned().unwrap_or_default();
    dest.requests(&event, &common::fixed_clock).pop().ok_or_else(|| "no entry".to_owned())
}

/// `loops`: `{"event","action","subscribe"?,"mapping"?,"apiKey"?}` → `output` (the request
/// `{method, url, headers: {authorization, content-type}, body}`, or onEvent's text:
/// `not subscribed`, a trigger error) | `errors` (a mapping's validation messages) |
/// `error` (the payload's messages, joined).
fn loops_record(case: &Case) -> Result<Object, String> {
    let entry = loops_entry(case)?;
    if let Some(r) = &entry.request {
        // User-Agent and Idempotency-Key are ours (README: Differences).
        let mut headers = Object::new();
        for name in ["authorization", "content-type"] {
            headers.insert(name, r.header(name).map_or(Value::Undefined, Value::from));
        }
        let output = record(vec![
            ("method", Value::from(r.method.as_str())),
            ("url", Value::from(r.url.as_str())),
            ("headers", Value::Object(headers)),
            ("body", Value::from(r.body.as_deref().unwrap_or(""))),
        ]);
        return Ok(record(vec![("output", Value::Object(output))]));
    }
    if !entry.subscribed && entry.errors.is_empty() {
        return Ok(record(vec![("output", Value::from("not subscribed"))]));
    }
    let [first, ..] = entry.errors.as_slice() else { return Err(format!("subscribed, no request, no error: {entry:?}")) };
    Ok(match first.kind {
        // Segment's onEvent answers a trigger error as its result text.
        loops_destination::ErrorKind::Subscription => record(vec![("output", Value::from(first.message.as_str()))]),
        loops_destination::ErrorKind::Mapping => {
            entry.errors.iter().try_for_each(path_matches_message)?;
            record(vec![("errors", strings(entry.errors.iter().map(|e| e.message.clone())))])
        }
        _ => record(vec![("error", Value::from(entry.errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" ")))]),
    })
}

/// Where our record may differ from Segment's, and what ours must be instead: `Ok(true)`
/// when this case is such a difference and ours is right.
fn difference(kind: &str, case: &Case, want: &Object, ours: &Object) -> Result<bool, String> {
    let text = |o: &Object, k: &str| o.get(k).and_then(Value::as_str).map(str::to_owned);
    // A trigger Segment reports with a JS TypeError: ours says what and where.
    let segment_type_error = match kind {
        "subscription" => text(want, "error").filter(|e| e == SEGMENT_TYPE_ERROR).and(text(ours, "error")),
        "loops" => text(want, "output").filter(|e| e == SEGMENT_TYPE_ERROR).and(text(ours, "output")),
        _ => None,
    };
    if let Some(ours) = segment_type_error {
        return if ours.starts_with(INVALID_PREFIX) && ours != SEGMENT_TYPE_ERROR {
            Ok(true)
        } else {
            Err(format!("expected a clearer {INVALID_PREFIX:?}… message, got {ours:?}"))
        };
    }
    // A documented difference (a fixture's `difference`): Segment refuses a mapped
    // `mailingLists` array in Loops' shape; we send it as `{listId: bool}`.
    if kind == "loops" && case.field("difference").is_some() {
        if !want.contains_key("error") {
            return Err("a documented difference whose Segment result is not an error".into());
        }
        let body = ours.get("output").and_then(|o| o.get("body")).and_then(Value::as_str).ok_or("we send nothing")?;
        let body = json::parse(body).map_err(|e| e.message)?;
        let lists = body.get("mailingLists").and_then(Value::as_object).ok_or("no mailingLists object")?;
        let mapped = case.field("mapping").and_then(|m| m.get("mailingLists")).and_then(Value::as_array).ok_or("no mapped list array")?;
        for item in mapped {
            let id = item.get("id").or_else(|| item.get("listId")).and_then(Value::as_str).ok_or("list without id")?;
            if lists.get(id) != item.get("subscribed") {
                return Err(format!("mailingLists[{id}] = {:?}, mapped {:?}", lists.get(id), item.get("subscribed")));
            }
        }
        return Ok(true);
    }
    Ok(false)
}

fn check(kind: &str, case: &Case) -> Result<(), String> {
    let ours = match kind {
        "mapping" => mapping_record(case),
        "liquid" => liquid_record(case),
        "subscription" => subscription_record(case),
        "payload" => payload_record(case),
        "loops" => loops_record(case),
        _ => Err(format!("unknown fixture kind {kind}")),
    }?;
    let mut want = Object::new();
    for k in RESULT_KEYS {
        if let Some(v) = case.field(k) {
            want.insert(k, v.clone());
        }
    }
    let in_order = |o: &Object| {
        let mut out = Object::new();
        for k in RESULT_KEYS {
            if let Some(v) = o.get(k) {
                out.insert(k, v.clone());
            }
        }
        common::text(&Value::Object(out))
    };
    if in_order(&want) == in_order(&ours) || difference(kind, case, &want, &ours)? {
        Ok(())
    } else {
        Err(format!("\n  Segment {}\n  ours    {}", in_order(&want), in_order(&ours)))
    }
}

#[test]
fn mapping_fixtures_match_segment() {
    common::run_all("mapping", 250, |c| check("mapping", c));
}

#[test]
fn liquid_fixtures_match_segment() {
    common::run_all("liquid", 120, |c| check("liquid", c));
}

#[test]
fn subscription_fixtures_match_segment() {
    common::run_all("subscription", 120, |c| check("subscription", c));
}

#[test]
fn payload_fixtures_match_segment() {
    common::run_all("payload", 150, |c| check("payload", c));
}

#[test]
fn loops_requests_match_segment() {
    common::run_all("loops", 150, |c| check("loops", c));
}

/// The runner itself: an `errors` fixture fails on another message or a wrong path, not
/// only when no error comes.
#[test]
fn the_runner_refuses_a_wrong_error() {
    let case = |line: &str| {
        let value = json::parse(line).unwrap();
        Case { file: "inline".into(), line: 1, name: String::new(), value }
    };
    let good = r#"{"mapping":{"a":{"@path":5}},"input":{},"errors":["/a/@path should be a string or a mapping directive but it is a number."]}"#;
    assert_eq!(check("mapping", &case(good)), Ok(()));
    let other = r#"{"mapping":{"a":{"@path":5}},"input":{},"errors":["/a/@path is wrong."]}"#;
    let refused = check("mapping", &case(other)).unwrap_err();
    assert!(refused.contains("/a/@path is wrong.") && refused.contains("/a/@path should be a string"), "{refused}");
    let liquid = r#"{"template":"{{ a | nope }}","input":{},"error":"some other message"}"#;
    let refused = check("liquid", &case(liquid)).unwrap_err();
    assert!(refused.contains(r#"Segment {"error":"some other message"}"#) && refused.contains(r#"ours    {"output":""}"#), "{refused}");
    let wrong_path = Error::mapping("/b", "/a/@path should be a string but it is a number.");
    assert_eq!(
        path_matches_message(&wrong_path),
        Err(r#"error "/a/@path should be a string but it is a number." has path "/b", its message says "/a/@path""#.to_owned())
    );
}
