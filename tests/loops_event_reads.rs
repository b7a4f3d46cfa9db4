//! `Destination::parse_event` (only what the subscriptions read is built) gives exactly
//! what `json::parse` gives to `preview`, `preview_detailed`, `requests` and `plan`: on
//! every Loops fixture, on generated events, under several configurations, on texts that
//! are and are not what `JSON.stringify` writes, and the same errors on texts that are
//! not events.

mod common;

use common::{Rng, Shapes};
use loops_destination::json::{self, Value};
use loops_destination::loops::Destination;

const NOW: &dyn Fn() -> f64 = &common::fixed_clock;

fn same(d: &Destination, text: &str) -> Result<(), String> {
    let (tree, part) = match (json::parse(text), d.parse_event(text)) {
        (Ok(tree), Ok(part)) => (tree, part),
        (Err(a), Err(b)) if a == b => return Ok(()),
        (a, b) => return Err(format!("{text}\n  parse {:?}\n  parse_event {:?}", a.err(), b.err())),
    };
    if d.preview(&tree, NOW) != d.preview(&part, NOW) {
        return Err(format!("previews differ for {text}\n  tree {:?}\n  part {:?}", d.preview(&tree, NOW), d.preview(&part, NOW)));
    }
    if d.preview_detailed(&tree, NOW) != d.preview_detailed(&part, NOW) {
        return Err(format!("detailed previews differ for {text}"));
    }
    if d.requests(&tree, NOW) != d.requests(&part, NOW) {
        return Err(format!("requests differ for {text}"));
    }
    if d.plan(&tree, NOW) != d.plan(&part, NOW) {
        return Err(format!("plans differ for {text}"));
    }
    Ok(())
}

/// The same event written otherwise than `JSON.stringify` writes it.
fn spaced(text: &str) -> String {
    text.replace("\":", "\": ").replace(",\"", ", \"")
}

fn destinations() -> Vec<Destination> {
    [
        r#"{"apiKey":"k"}"#,
        r#"{"apiKey":"k","strict":true}"#,
        r#"{"apiKey":"k","contactProperties":[{"key":"favoriteNumber","type":"string"},{"key":"plan","type":"number"},{"key":"signupDate","type":"date"}]}"#,
        r#"{"apiKey":"k","subscriptions":[
            {"action":"createOrUpdateContact"},{"action":"sendEvent"},
            {"action":"deleteContact","subscribe":"type = \"identify\""},
            {"action":"sendTransactionalEmail","subscribe":"type = \"track\""},
            {"action":"createOrUpdateContact","subscribe":"type = \"identify\"","mapping":{"userId":{"@path":"$.userId"},"customAttributes":{"@path":"$.traits"},"mailingLists":{"@path":"$.traits.mailingLists"}}},
            {"action":"sendEvent","subscribe":"type = \"track\" or properties.plan = \"pro\"","mapping":{"email":{"@path":"$.properties.email"},"eventName":{"@path":"$.event"},"eventProperties":{"@path":"$.properties"},"contactProperties":{"@path":"$.context.traits"}}},
            {"action":"createOrUpdateContact","subscribe":"traits.email = \"a@b.co\"","mapping":{"customAttributes":{"@path":"$.context"},"email":{"@path":"$.context.email"},"firstName":{"@template":"{{traits.firstName}}"}}}
        ]}"#,
    ]
    .iter()
    .map(|t| Destination::from_value(&json::parse(t).unwrap()).unwrap())
    .collect()
}

#[test]
fn same_entries_as_the_tree_on_every_fixture_event() {
    let ds = destinations();
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in common::cases("loops") {
        let Some(event) = case.field("event") else { continue };
        let text = json::stringify(event).unwrap_or_default();
        for d in &ds {
            for t in [text.clone(), spaced(&text)] {
                if let Err(e) = same(d, &t) {
                    failures.push(format!("{}: {e}", case.at()));
                }
                checked += 1;
            }
        }
    }
    assert!(failures.is_empty(), "{} differ:\n{}", failures.len(), failures.join("\n"));
    assert!(checked > 500, "only {checked}");
}

#[test]
fn same_entries_on_the_benchmark_events() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/cases/");
    for d in destinations() {
        for f in ["identify-loops-docs.json", "identify-1kb.json", "identify-5kb.json", "track-1kb.json", "track-5kb.json"] {
            let text = std::fs::read_to_string(format!("{dir}{f}")).unwrap();
            let compact = json::stringify(&json::parse(&text).unwrap()).unwrap();
            same(&d, &text).unwrap();
            same(&d, &compact).unwrap();
        }
    }
}

const KEYS: &[&str] = &[
    "email", "userId", "mailingLists", "customAttributes", "contactProperties", "eventProperties", "eventName",
    "subscribed", "createdAt", "id", "listId", "notes", "traits", "properties", "context", "type", "messageId", "1", "0",
    "__proto__", "", "é", "a\"b", "signupDate", "favoriteNumber", "plan", "firstName", "timestamp", "x",
];
const STRINGS: &[&str] = &["", "true", "a@b.co", "A@B.CO", "identify", "track", "pro", "1704711066000", "2024-01-01", "é🎉", "l1", "\u{7}\n\""];

const SHAPES: Shapes = Shapes {
    keys: KEYS,
    strings: STRINGS,
    numbers: &[0.0, -0.0, 1.5, 1e21, 1704711066.0, 1704711066000.0, -1.0],
    long_len: |rng| [0, 1, 497, 498, 499, 700][rng.below(6)],
    max_keys: 7,
};

#[test]
fn same_entries_on_generated_events() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let ds = destinations();
    let mut failures = Vec::new();
    for _ in 0..1500 {
        let mut event = SHAPES.object(&mut rng, 4);
        event.insert("type", Value::from(rng.pick(&["identify", "track", "page"])));
        if rng.below(2) == 0 {
            event.insert("traits", Value::Object(SHAPES.object(&mut rng, 3)));
        }
        if rng.below(2) == 0 {
            event.insert("properties", Value::Object(SHAPES.object(&mut rng, 3)));
        }
        let text = json::stringify(&Value::Object(event)).unwrap();
        for d in &ds {
            for t in [text.clone(), spaced(&text)] {
                if let Err(e) = same(d, &t) {
                    failures.push(e);
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} differ, first:\n{}", failures.len(), failures[0]);
}

#[test]
fn same_errors_on_texts_that_are_not_events() {
    for d in destinations() {
        for t in ["", "[", "{", "{\"type\":\"identify\",}", "[1,2]", "\"identify\"", "null", "{\"traits\":{\"a\":1,\"a\":2},\"type\":\"identify\"}", "{\"type\":\"identify\"} x"] {
            same(&d, t).unwrap();
        }
    }
}

#[test]
fn members_no_subscription_reads_are_not_built() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/cases/identify-1kb.json")).unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    // The default subscriptions read type and event (triggers), userId, traits,
    // properties and context.traits.email (mappings), messageId and the times: not
    // anonymousId or version, nor any of context but its traits.
    let d = Destination::from_value(&json::parse(r#"{"apiKey":"k"}"#).unwrap()).unwrap();
    let whole = json::parse(&text).unwrap();
    let all = keys(&whole);
    let part = d.parse_event(&text).unwrap();
    assert!(all.contains(&"anonymousId".to_owned()) && all.contains(&"version".to_owned()), "{all:?}");
    assert_eq!(keys(&part), ["context", "messageId", "receivedAt", "sentAt", "timestamp", "type", "userId", "traits"].map(String::from));
    assert!(keys(whole.get("context").unwrap()).len() > 3);
    assert!(keys(part.get("context").unwrap()).iter().all(|k| k == "traits"));
    // A mapping that may read anything (@liquid) builds the whole event.
    let liquid = r#"{"apiKey":"k","subscriptions":[{"action":"sendEvent","mapping":{"eventName":{"@liquid":"{{ event }}"},"email":"a@b.co"}}]}"#;
    let d = Destination::from_value(&json::parse(liquid).unwrap()).unwrap();
    assert_eq!(keys(&d.parse_event(&text).unwrap()), all);
}
