//! The payload step (removeEmptyValues + ajv + ajv-human-errors) beyond its fixtures
//! (those run in tests/fixtures.rs): a no-panic property test.

mod common;

use common::Rng;

use loops_destination::json::{Object, Value};
use loops_destination::schema::{is_date_like, is_email, validate_payload, Field, FieldType};

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
