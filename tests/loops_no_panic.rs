//! No input may panic (a panic traps the whole wasm instance): generated values through
//! every public entry point of `loops`.

mod common;

use common::{Rng, Shapes};
use loops_destination::json::{self, Value};
use loops_destination::loops::{self, lists, response, ActionKind, Destination, Settings};


const KEYS: &[&str] = &[
    "email", "userId", "mailingLists", "customAttributes", "contactProperties", "eventProperties", "eventName",
    "subscribed", "createdAt", "id", "listId", "subscribed", "transactionalId", "dataVariables", "attachments",
    "addToAudience", "traits", "properties", "type", "messageId", "1", "0", "__proto__", "", "é", "data",
    "filename", "contentType", "signupDate", "@path", "@if",
];
const STRINGS: &[&str] = &["", "true", "false", "a@b.co", "identify", "track", "$.traits", "1704711066000", "é🎉", "<html>", "l1"];

const SHAPES: Shapes = Shapes {
    keys: KEYS,
    strings: STRINGS,
    numbers: &[0.0, -0.0, 1.5, 1e21, 1704711066.0, f64::MAX, -1.0],
    long_len: |rng| rng.below(700),
    max_keys: 6,
};

#[test]
fn generated_inputs_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let settings = Settings::new("k");
    let props = loops::contact_properties(&json::parse(r#"[{"key":"email","type":"number"},{"key":"createdAt","type":"date"},{"key":"1","type":"boolean"}]"#).unwrap()).unwrap();
    let typed = Settings { contact_properties: Some(props), ..Settings::new("k") };
    for _ in 0..3000 {
        let v = SHAPES.value(&mut rng, 4);
        let _ = lists::filter(&v);
        let _ = loops::idempotency_key(Some(&v), [None, Some("transactional")][rng.below(2)], rng.below(3));
        let _ = Settings::from_value(&v);
        let _ = Destination::from_value(&v);
        let mut mapped = Value::Object(SHAPES.object(&mut rng, 3));
        for action in ActionKind::ALL {
            action.prepare(&mut mapped);
            if let Ok(body) = action.body(SHAPES.object(&mut rng, 3)) {
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
        let mut event = SHAPES.object(&mut rng, 4);
        event.insert("type", Value::from(rng.pick(&["identify", "track", "page"])));
        let entries = d.preview(&Value::Object(event), &common::fixed_clock);
        assert_eq!(entries.len(), 5);
    }
    let _ = d.preview(&Value::from("not an object"), &common::fixed_clock);
    let _ = d.preview(&Value::Null, &common::fixed_clock);
}
