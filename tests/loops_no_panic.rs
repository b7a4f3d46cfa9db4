//! No input may panic (a panic traps the whole wasm instance): generated values through
//! every public entry point of `loops`.

mod common;

use common::Rng;
use loops_destination::json::{self, Object, Value};
use loops_destination::loops::{self, lists, response, ActionKind, Destination, Settings};


const KEYS: &[&str] = &[
    "email", "userId", "mailingLists", "customAttributes", "contactProperties", "eventProperties", "eventName",
    "subscribed", "createdAt", "id", "listId", "subscribed", "transactionalId", "dataVariables", "attachments",
    "addToAudience", "traits", "properties", "type", "messageId", "1", "0", "__proto__", "", "é", "data",
    "filename", "contentType", "signupDate", "@path", "@if",
];
const STRINGS: &[&str] = &["", "true", "false", "a@b.co", "identify", "track", "$.traits", "1704711066000", "é🎉", "<html>", "l1"];

fn value(rng: &mut Rng, depth: u32) -> Value {
    match rng.below(if depth == 0 { 5 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 1),
        2 => Value::Number([0.0, -0.0, 1.5, 1e21, 1704711066.0, f64::MAX, -1.0][rng.below(7)]),
        3 => Value::from(rng.pick(STRINGS)),
        4 => Value::from("x".repeat(rng.below(700))),
        5 | 6 => Value::Object(object(rng, depth - 1)),
        _ => Value::Array((0..rng.below(4)).map(|_| value(rng, depth - 1)).collect()),
    }
}

fn object(rng: &mut Rng, depth: u32) -> Object {
    let mut o = Object::new();
    for _ in 0..rng.below(6) {
        o.insert(rng.pick(KEYS), value(rng, depth));
    }
    o
}

#[test]
fn generated_inputs_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let settings = Settings::new("k");
    let props = loops::contact_properties(&json::parse(r#"[{"key":"email","type":"number"},{"key":"createdAt","type":"date"},{"key":"1","type":"boolean"}]"#).unwrap()).unwrap();
    let typed = Settings { contact_properties: Some(props), ..Settings::new("k") };
    for _ in 0..3000 {
        let v = value(&mut rng, 4);
        let _ = lists::filter(&v);
        let _ = loops::idempotency_key(Some(&v), [None, Some("transactional")][rng.below(2)], rng.below(3));
        let _ = Settings::from_value(&v);
        let _ = Destination::from_value(&v);
        let mut mapped = Value::Object(object(&mut rng, 3));
        for action in ActionKind::ALL {
            action.prepare(&mut mapped);
            if let Ok(body) = action.body(object(&mut rng, 3)) {
                let _ = loops::check(action, &body, &settings);
                let _ = loops::check(action, &body, &typed);
            }
        }
        let status = rng.below(800) as u16;
        let body = json::stringify(&v).unwrap_or_default();
        let headers = vec![("X-RateLimit-Limit".to_owned(), body.clone())];
        let _ = response::classify(response::Expect { idempotent: rng.below(2) == 1, delete: rng.below(2) == 1 }, status, &headers, &body);
        let prefix: String = body.chars().take(3).collect();
        let _ = response::classify(response::Expect::default(), status, &[], &prefix);
    }
}

#[test]
fn generated_events_through_a_destination_never_panic() {
    let mut rng = Rng(42);
    let config = json::parse(r#"{"apiKey":"k","strict":false,"subscriptions":[
        {"action":"createOrUpdateContact"},{"action":"sendEvent"},
        {"action":"deleteContact","subscribe":"type = \"identify\""},
        {"action":"sendTransactionalEmail","subscribe":"type = \"track\""},
        {"action":"createOrUpdateContact","subscribe":"type = \"identify\"","mapping":{"userId":{"@path":"$.userId"},"mailingLists":{"@path":"$.traits.mailingLists"}}}]}"#).unwrap();
    let d = Destination::from_value(&config).unwrap();
    for _ in 0..1500 {
        let mut event = object(&mut rng, 4);
        event.insert("type", Value::from(rng.pick(&["identify", "track", "page"])));
        let entries = d.preview(&Value::Object(event), &common::fixed_clock);
        assert_eq!(entries.len(), 5);
    }
    let _ = d.preview(&Value::from("not an object"), &common::fixed_clock);
    let _ = d.preview(&Value::Null, &common::fixed_clock);
}
