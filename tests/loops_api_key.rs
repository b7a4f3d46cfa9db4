//! `GET /v1/api-key` and its answers, as Loops documents them
//! (docs/loops-api.md, "Bodies", api-key: 200 `{success, teamName}`, an older
//! `{success}` alone, 401 with `message` and the deprecated `error`).

use loops_destination::json;
use loops_destination::loops::{classify_key_check, key_check_unreachable, test_authentication, KeyCheck, Settings};

fn valid(team: Option<&str>) -> KeyCheck {
    KeyCheck::Valid { team: team.map(str::to_owned) }
}

fn invalid(status: Option<u16>, reason: &str) -> KeyCheck {
    KeyCheck::Invalid { status, reason: reason.to_owned() }
}

#[test]
fn the_request_is_segments_test_authentication() {
    let r = test_authentication(&Settings::new("k").with_base_url("http://127.0.0.1:9/api"));
    assert_eq!((r.method.as_str(), r.url.as_str(), r.body), ("GET", "http://127.0.0.1:9/api/v1/api-key", None));
}

#[test]
fn answers() {
    let cases: [(u16, &str, KeyCheck); 8] = [
        (200, r#"{"success":true,"teamName":"My team"}"#, valid(Some("My team"))),
        (200, r#"{"success":true}"#, valid(None)),
        (200, r#"{"success":false,"message":"Invalid API key"}"#, invalid(Some(200), "Invalid API key")),
        (401, r#"{"success":false,"message":"Invalid API key","error":"Invalid API key"}"#, invalid(Some(401), "Loops refused the API key: Invalid API key")),
        (401, r#"{"success":false,"error":"Invalid API key"}"#, invalid(Some(401), "Loops refused the API key: Invalid API key")),
        (401, "", invalid(Some(401), "Loops refused the API key: 401 Unauthorized")),
        (429, r#"{"success":false,"message":"Rate limit exceeded."}"#, invalid(Some(429), "could not check the API key: Loops answered Rate limit exceeded.")),
        (502, "<html><body>Bad gateway</body></html>", invalid(Some(502), "could not check the API key: Loops answered 502")),
    ];
    for (status, body, want) in cases {
        assert_eq!(classify_key_check(status, body), want, "{status} {body}");
    }
}

#[test]
fn as_json_for_the_javascript_face() {
    let text = |c: KeyCheck| json::stringify(&c.to_value()).unwrap();
    assert_eq!(text(valid(Some("My team"))), r#"{"ok":true,"team":"My team"}"#);
    assert_eq!(text(valid(None)), r#"{"ok":true}"#);
    assert_eq!(text(invalid(Some(401), "r")), r#"{"ok":false,"status":401,"reason":"r"}"#);
    assert_eq!(
        text(key_check_unreachable("fetch failed (connect ECONNREFUSED 127.0.0.1:9)")),
        r#"{"ok":false,"reason":"could not check the API key: fetch failed (connect ECONNREFUSED 127.0.0.1:9)"}"#
    );
}
