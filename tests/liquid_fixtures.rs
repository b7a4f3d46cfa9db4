//! The `@liquid` engine beyond its fixtures (those run in tests/fixtures.rs): the
//! caller's clock, no panic over generated templates, deep nesting.

mod common;

use common::Rng;

use loops_destination::json::Value;
use loops_destination::mapping::liquid::Template;

fn run(template: &str, input: &Value) -> Result<String, String> {
    Template::parse(template).and_then(|t| t.render(input, &common::fixed_clock)).map_err(|e| e.message)
}

/// Liquid's `"now"` and `"today"` are the caller's clock (the core has none), read only
/// where a template asks. 1.7e12 ms is 2023-11-14T22:13:20Z.
#[test]
fn now_is_the_callers_clock() {
    let reads = std::cell::Cell::new(0);
    let clock = || {
        reads.set(reads.get() + 1);
        1_700_000_000_000.0
    };
    let render = |t: &str| Template::parse(t).and_then(|t| t.render(&Value::Undefined, &clock)).map_err(|e| e.message);
    assert_eq!(render(r#"{{ "now" | date: "%Y-%m-%dT%H:%M:%S.%L" }} {{ "today" | date: "%s" }}"#).as_deref(), Ok("2023-11-14T22:13:20.000 1700000000"));
    assert_eq!(reads.get(), 2);
    assert_eq!(render(r#"{{ 0 | date: "%Y" }}"#).as_deref(), Ok("1970"));
    assert_eq!(reads.get(), 2, "a template without now does not read the clock");
}

#[test]
fn random_templates_never_panic() {
    const PIECES: &[&str] = &[
        "{{", "}}", "{%", "%}", "{{-", "-}}", "{%-", "-%}", " ", "\n", "a", "a.b", "a[0]", "[", "]", "(", ")", "..",
        "1", "-2.5", "1e21", "\"s\"", "'q", "\\", "|", ":", ",", "upcase", "append", "date", "slice", "truncate",
        "split", "round", "divided_by", "default", "json", "if", "elsif", "else", "endif", "unless", "endunless",
        "assign", "=", "capture", "endcapture", "raw", "endraw", "comment", "endcomment", "cycle", "increment",
        "echo", "liquid", "for", "==", "!=", "<", ">=", "contains", "and", "or", "not", "nil", "empty", "blank",
        "true", "size", "first", "é", "😀", "#", "%", "%Y", "url_decode", "base64_decode", "strip_html", "<a>",
    ];
    let data = loops_destination::json::parse(
        r#"{"a":{"b":[1,"x",null,{"c":true}]},"s":"hello","n":-3.5,"d":"2025-05-05T14:17:38Z"}"#,
    )
    .unwrap();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let len = 1 + rng.next() % 24;
        let template: String = (0..len).map(|_| rng.pick(PIECES)).collect();
        let _ = run(&template, &data);
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let data = Value::Null;
    let brackets = format!("{{{{ a{} }}}}", "[".repeat(900));
    assert_eq!(run(&brackets, &data).map_err(|e| e.to_string()), Err("expression nested too deeply, line:1, col:69".into()));
    let ifs = "{%if 1%}".repeat(58) + &"{%endif%}".repeat(58);
    assert_eq!(run(&ifs, &data), Ok(String::new()));
}
