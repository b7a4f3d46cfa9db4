//! Segment's trigger language beyond its fixtures (those run in tests/fixtures.rs):
//! explanations, clear messages, and a no-panic property test over generated triggers.

mod common;

use common::Rng;

use loops_destination::json::{self, Value};
use loops_destination::subscription::{Subscription, FAILED_TO_VALIDATE, INVALID_PREFIX};

/// Explanations name the field, what it is and what was expected.
#[test]
fn explain_says_why() {
    let event = json::parse(r#"{"type":"track","properties":{"total":10}}"#).unwrap();
    let explain = |fql: &str| Subscription::parse(fql).unwrap().explain(&event);
    assert_eq!(
        explain(r#"type = "identify""#),
        r#"type is "track", expected the text "identify""#
    );
    assert_eq!(explain(r#"type = "track""#), "matches");
    assert!(explain("type = 'track'").contains("single quotes"));
    assert!(explain(r#"properties.total = "10""#).contains("without quotes"));
    assert!(explain(r#"type = "a" or userId != null"#).starts_with("none of the `or` conditions holds"));
    assert_eq!(
        explain("properties.total > 20"),
        "properties.total is 10, expected a number > 20"
    );
}

/// Where Segment's `validate` throws (an empty `()` or a `.[]`-only path it reaches), we answer
/// "not subscribed" and explain the throw; short-circuited, both answer as usual (fixtures).
#[test]
fn segment_throws_become_not_subscribed() {
    let event = json::parse(r#"{"type":"track"}"#).unwrap();
    for fql in [
        r#"() and type = "track""#,
        r#"type = "track" and ()"#,
        r#"properties.\. = 1"#,
    ] {
        let sub = Subscription::parse(fql).unwrap();
        assert!(!sub.matches(&event), "{fql}");
        assert!(
            sub.explain(&event).contains("TypeError"),
            "{fql}: {}",
            sub.explain(&event)
        );
    }
}

#[test]
fn clear_messages_with_positions() {
    let message = |fql: &str| Subscription::parse(fql).unwrap_err().message;
    assert_eq!(
        message(r#"type = "abc"#),
        "Invalid subscription : unterminated string starting at position 7"
    );
    assert_eq!(
        message("type = #"),
        "Invalid subscription : unexpected character \"#\" at position 7"
    );
    assert_eq!(
        message(r#"(type = "x""#),
        "Invalid subscription : unclosed \"(\" at position 0"
    );
    assert_eq!(message(""), FAILED_TO_VALIDATE);
}

/// A tiny xorshift PRNG: no crates needed.
#[test]
fn never_panics_on_random_triggers() {
    const PIECES: &[&str] = &[
        "type",
        "event",
        "name",
        "userId",
        "properties.a",
        "traits.b.c",
        "context.x[0]",
        "constructor",
        "foo",
        "=",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "!",
        "and",
        "or",
        "an",
        "nul",
        "null",
        "true",
        "false",
        "contains",
        "match",
        "(",
        ")",
        "[",
        "]",
        ",",
        ".",
        "\"x\"",
        "\"*y\"",
        "\"z*\"",
        "'q'",
        "\"",
        "'",
        "42",
        "-1.5",
        "1.",
        "-",
        "+",
        "\\",
        "\\.",
        "#",
        "ü",
        "🎉",
        " ",
        " ",
        " ",
        "\t",
        "\n",
        "length",
        "0",
        "__proto__",
    ];
    let events = [
        json::parse(r#"{"type":"track","event":"x","properties":{"a":"xyz","length":0},"traits":{"b":{"c":[1]}},"context":{"x":["y"]}}"#).unwrap(),
        json::parse(r#"{"properties":{"a":0},"traits":null}"#).unwrap(),
        Value::String("s".into()),
        Value::Undefined,
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let len = (rng.next() % 12) as usize;
        let fql: String = (0..len).map(|_| rng.pick(PIECES)).collect();
        match Subscription::parse(&fql) {
            Ok(sub) => {
                for event in &events {
                    let matched = sub.matches(event);
                    assert_eq!(matched, sub.explain(event) == "matches", "{fql:?}");
                }
            }
            Err(e) => assert!(
                e.message == FAILED_TO_VALIDATE || e.message.starts_with(INVALID_PREFIX),
                "{fql:?}: {e}"
            ),
        }
    }
}
