//! The payload step (removeEmptyValues + ajv + ajv-human-errors) against Segment's
//! recorded results in tests/fixtures/payload/, plus a no-panic property test.

mod common;

use common::Rng;

use loops_destination::json::{Object, Value};
use loops_destination::schema::{is_date_like, is_email, validate_payload, Field, FieldType};

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

fn fields(case: &common::Case) -> Result<Vec<Field>, String> {
    let Some(Value::Object(spec)) = case.field("fields") else { return Err("no fields".into()) };
    spec.iter().map(|(k, v)| field(k, v)).collect()
}

#[test]
fn payload_fixtures() {
    common::run_all("payload", 150, |case| {
        let fields = fields(case)?;
        let input = case.field("input").cloned().unwrap_or_default();
        let got = validate_payload(&fields, input);
        match (case.field("output"), got) {
            (Some(want), Ok(obj)) => {
                let got = common::text(&Value::Object(obj));
                (got == common::text(want)).then_some(()).ok_or(format!("output {got}, Segment {}", common::text(want)))
            }
            (None, Err(err)) => {
                let want_msg = case.field("error").and_then(Value::as_str).unwrap_or("");
                if err.message != want_msg {
                    return Err(format!("message {:?}, Segment {want_msg:?}", err.message));
                }
                let want: Vec<(String, String)> = case
                    .field("errors")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().map(|e| (text_of(e, "message"), text_of(e, "pointer"))).collect())
                    .unwrap_or_default();
                let got: Vec<(String, String)> = err.errors.iter().map(|e| (e.message.clone(), e.path.clone())).collect();
                (got == want).then_some(()).ok_or(format!("errors {got:?}, Segment {want:?}"))
            }
            (Some(want), Err(err)) => Err(format!("error {:?}, Segment gives {}", err.message, common::text(want))),
            (None, Ok(obj)) => Err(format!("output {}, Segment gives an error", common::text(&Value::Object(obj)))),
        }
    });
}

fn text_of(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_owned()
}


const PIECES: [&str; 24] = [
    "2025", "05", "-", "+", ":", ".", " ", "T", "Z", "May", "pm", "GMT", "(", ")", "@", "a", "é", "\u{a0}", "\u{2028}",
    "\0", "1e3", "000000", "123456789123", "x.io",
];

fn random_string(rng: &mut Rng) -> String {
    (0..rng.below(10)).map(|_| rng.pick(&PIECES)).collect()
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 6 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::Number(rng.pick(&[0.0, -0.0, 1.0, 1.5, -7.0, 1e21, 1.7e12, f64::MAX, 5e-324])),
        3 | 4 => Value::String(random_string(rng)),
        5 => Value::String(String::new()),
        6 => Value::Array((0..rng.below(4)).map(|_| random_value(rng, depth + 1)).collect()),
        _ => {
            let mut o = Object::new();
            for _ in 0..rng.below(4) {
                o.insert(rng.pick(&["a", "b", "1", ""]), random_value(rng, depth + 1));
            }
            Value::Object(o)
        }
    }
}

const LABELS: [&str; 3] = ["", "Label", "émoji 𐐨"];

const TYPES: [FieldType; 8] = [
    FieldType::String,
    FieldType::Text,
    FieldType::Number,
    FieldType::Integer,
    FieldType::Boolean,
    FieldType::Datetime,
    FieldType::Object,
    FieldType::Password,
];

#[test]
fn never_panics_on_generated_input() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let keys = ["a", "b", "1", ""];
    for _ in 0..20_000 {
        let mut fields = Vec::new();
        for key in keys {
            if rng.below(3) == 0 {
                continue;
            }
            fields.push(Field {
                key,
                label: LABELS[rng.below(LABELS.len())],
                description: "",
                field_type: rng.pick(&TYPES),
                required: rng.below(2) == 0,
                format: rng.pick(&[None, Some("email"), Some("uri"), Some("date-like")]),
                allow_null: rng.below(2) == 0,
                multiple: rng.below(3) == 0,
                default: None,
            });
        }
        let payload = if rng.below(10) == 0 {
            random_value(&mut rng, 0)
        } else {
            let mut o = Object::new();
            for key in keys {
                if rng.below(2) == 0 {
                    o.insert(key, random_value(&mut rng, 1));
                }
            }
            Value::Object(o)
        };
        if let Err(e) = validate_payload(&fields, payload) {
            assert!(!e.message.is_empty() && !e.errors.is_empty());
        }
        let s = random_string(&mut rng);
        let _ = (is_date_like(&s), is_email(&s));
    }
}
