use super::*;

const SECRET: &str = "secret";
const TOKEN: &str = "tok-123";
const EVENT: &str = r#"{"type":"identify","userId":"u1","traits":{"name":"Ünïcødé ✓","email":"a@b.co"},"messageId":"m-1"}"#;

fn both() -> Credentials<'static> {
    Credentials { shared_secret: Some(SECRET), token: Some(TOKEN), token_always: false }
}

fn signed(body: &str, signed_part: &str) -> (String, String) {
    (body.to_string(), hmac_sha1_hex(SECRET, signed_part))
}

fn run(body: &str, sig: Option<&str>, auth: Option<&str>, c: Credentials) -> Result<Webhook, Refusal> {
    accept(body, Headers { signature: sig, authorization: auth }, c, Limits::default(), 0.0)
}

#[test]
fn hmac_vectors() {
    // Node's crypto.createHmac('sha1', …) and RFC 2202 (docs/segment.md, "HMAC-SHA1 test vectors").
    assert_eq!(hmac_sha1_hex(SECRET, EVENT), "e59dc3f93672a96d3206202b38d0efa15e74eca3");
    assert_eq!(hmac_sha1_hex("Jefe", "what do ya want for nothing?"), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    let long_key = "\u{aa}".repeat(80); // 160 bytes of UTF-8, hashed first
    assert_eq!(hmac_sha1(&[0xaa; 80], b"Test Using Larger Than Block-Size Key - Hash Key First").map(|b| format!("{b:02x}")).concat(), "aa4ae5e15272d00e95705637ce8a3b55ed402112");
    assert_eq!(hmac_sha1_hex(&long_key, "").len(), 40);
}

#[test]
fn signature_and_token_checks() {
    assert!(signature_matches(SECRET, EVENT, "E59DC3F93672A96D3206202B38D0EFA15E74ECA3"));
    assert!(!signature_matches(SECRET, EVENT, "e59dc3f93672a96d3206202b38d0efa15e74eca4"));
    assert!(!signature_matches(SECRET, EVENT, "zz9dc3f93672a96d3206202b38d0efa15e74eca3"));
    assert!(!signature_matches(SECRET, EVENT, ""));
    assert!(bearer_matches(Some("Bearer tok-123"), TOKEN));
    assert!(bearer_matches(Some("bearer  tok-123 "), TOKEN));
    assert!(!bearer_matches(Some("Basic tok-123"), TOKEN));
    assert!(!bearer_matches(Some("Bearer tok-12"), TOKEN));
    assert!(!bearer_matches(None, TOKEN));
    assert!(constant_time_eq(b"", b""));
    assert!(!constant_time_eq(b"a", b"ab"));
}

#[test]
fn single_signed_event_is_accepted() {
    let (body, sig) = signed(EVENT, EVENT);
    let w = run(&body, Some(&sig), None, both()).unwrap();
    assert_eq!(w.shape, Shape::Event);
    assert_eq!(w.spans, vec![(0, EVENT.len())]);
    // Signature over the exact bytes: a re-serialised body no longer matches.
    let spaced = format!(" {EVENT}\n");
    assert!(run(&spaced, Some(&hmac_sha1_hex(SECRET, &spaced)), None, both()).is_ok());
}

#[test]
fn batch_is_signed_on_its_first_element_and_needs_the_token() {
    let second = r#"{"type":"track","event":"Signed Up","userId":"u2","messageId":"m-2"}"#;
    let body = format!("[{EVENT},{second}]");
    let sig = hmac_sha1_hex(SECRET, EVENT);
    let w = run(&body, Some(&sig), Some("Bearer tok-123"), both()).unwrap();
    assert_eq!(w.shape, Shape::Batch);
    let texts: Vec<&str> = w.spans.iter().map(|&(a, b)| &body[a..b]).collect();
    assert_eq!(texts, vec![EVENT, second]);
    let whole = hmac_sha1_hex(SECRET, &body);
    assert_eq!(run(&body, Some(&whole), Some("Bearer tok-123"), both()).unwrap_err().status(), 401);
    let e = run(&body, Some(&sig), None, both()).unwrap_err();
    assert_eq!((e.status(), e.message()), (401, "Missing Authorization: Bearer <token> header"));
    assert_eq!(run(&body, Some(&sig), Some("Bearer nope"), both()).unwrap_err().message(), "Invalid bearer token");
    let secret_only = Credentials { token: None, ..both() };
    assert_eq!(run(&body, Some(&sig), None, secret_only).unwrap_err().status(), 503);
}

#[test]
fn who_must_prove_what() {
    let (body, sig) = signed(EVENT, EVENT);
    assert_eq!(run(&body, None, None, both()).unwrap_err().message(), "Missing X-Signature header");
    assert_eq!(run(&body, Some("00"), None, both()).unwrap_err().message(), "Invalid X-Signature");
    // A token sent along with a single event is checked too.
    assert_eq!(run(&body, Some(&sig), Some("Bearer x"), both()).unwrap_err().status(), 401);
    let always = Credentials { token_always: true, ..both() };
    assert_eq!(run(&body, Some(&sig), None, always).unwrap_err().status(), 401);
    let token_only = Credentials { shared_secret: None, token: Some(TOKEN), token_always: false };
    assert!(run(&body, None, Some("Bearer tok-123"), token_only).is_ok());
    assert_eq!(run(&body, None, None, token_only).unwrap_err().status(), 401);
    let none = Credentials::default();
    assert_eq!(run(&body, None, None, none).unwrap_err().status(), 503);
    let empty = Credentials { shared_secret: Some(""), token: Some(""), token_always: false };
    assert_eq!(run(&body, None, None, empty).unwrap_err().status(), 503);
}

fn refusal(body: &str) -> Refusal {
    let c = Credentials { shared_secret: None, token: Some(TOKEN), token_always: false };
    run(body, None, Some("Bearer tok-123"), c).unwrap_err()
}

#[test]
fn shapes_are_checked_with_their_path() {
    let cases: &[(&str, u16, &str, &str)] = &[
        ("", 400, "", "The body must be a Segment event (a JSON object) or a batch (a JSON array of events)"),
        ("\"x\"", 400, "", "The body must be a Segment event (a JSON object) or a batch (a JSON array of events)"),
        ("{\"type\":", 400, "", "Invalid JSON at line 1, column 9 (position 8): unexpected end of input"),
        ("{\"userId\":\"u\"}", 400, "/type", "A Segment event needs a type (identify, track, page, …)"),
        ("{\"type\":\"\"}", 400, "/type", "The event type must be non-empty text, got empty text"),
        ("{\"type\":\"track\",\"messageId\":7}", 400, "/messageId", "messageId must be text, got a number"),
        ("[]", 400, "", "Invalid JSON batch at position 1: an empty batch"),
        ("[{\"type\":\"track\"},]", 400, "", "Invalid JSON batch at position 18: an empty element"),
        ("[{\"type\":\"track\"}", 400, "", "Invalid JSON batch at position 17: the array is not closed"),
        ("[{\"type\":\"track\"}] x", 400, "", "Invalid JSON batch at position 18: text after the array"),
    ];
    for &(body, status, path, message) in cases {
        let r = refusal(body);
        assert_eq!((r.status(), r.path(), r.message()), (status, path, message), "{body}");
    }
}

/// A batch with bad elements: the good ones are accepted, each bad one set apart with
/// its index, status, path and message.
#[test]
fn bad_elements_of_a_batch_are_set_apart() {
    let cases: &[(&str, usize, u16, &str, &str)] = &[
        ("[{\"type\":\"track\"},1]", 1, 400, "/1", "A Segment event must be a JSON object, got a number"),
        ("[{\"type\":\"track\"},{}]", 1, 400, "/1/type", "A Segment event needs a type (identify, track, page, …)"),
        ("[{\"type\":\"a]\\\"\"}, {\"type\":\"track\",\"x\":{]}]", 1, 400, "/1", "Invalid JSON at line 1, column 22 (position 21): expected a string key"),
        ("[{\"x\":1},{\"type\":\"track\"}]", 0, 400, "/0/type", "A Segment event needs a type (identify, track, page, …)"),
    ];
    let c = Credentials { shared_secret: None, token: Some(TOKEN), token_always: false };
    for &(body, index, status, path, message) in cases {
        let w = run(body, None, Some("Bearer tok-123"), c).unwrap();
        assert_eq!(w.spans.len(), 1, "{body}");
        assert_eq!(w.rejected.len(), 1, "{body}");
        let r = &w.rejected[0];
        assert_eq!((r.index, r.status, r.path.as_str(), r.message.as_str()), (index, status, path, message), "{body}");
        assert!(body[r.span.0..r.span.1].len() > 0);
    }
}

#[test]
fn limits() {
    let one = r#"{"type":"track"}"#;
    let batch = format!("[{}]", vec![one; 4001].join(","));
    assert_eq!(refusal(&batch).message(), "A batch holds at most 4000 events");
    let ok = format!("[{}]", vec![one; 4000].join(","));
    let c = Credentials { shared_secret: None, token: Some(TOKEN), token_always: false };
    assert_eq!(run(&ok, None, Some("Bearer tok-123"), c).unwrap().spans.len(), 4000);
    // Just what a queue message holds passes; one byte more is set apart (413).
    let sized = |n: usize| format!("{{\"type\":\"track\",\"p\":\"{}\"}}", "x".repeat(n - 23));
    assert_eq!(sized(MAX_EVENT_BYTES).len(), MAX_EVENT_BYTES);
    let fits = format!("[{one},{}]", sized(MAX_EVENT_BYTES));
    assert_eq!(run(&fits, None, Some("Bearer tok-123"), c).unwrap().spans.len(), 2);
    let big = format!("[{one},{}]", sized(MAX_EVENT_BYTES + 1));
    let w = run(&big, None, Some("Bearer tok-123"), c).unwrap();
    assert_eq!((w.spans.len(), w.rejected[0].index, w.rejected[0].status), (1, 1, 413));
    assert_eq!(w.rejected[0].message, "The event is 127001 bytes, over the 127000 bytes a queue message can hold");
    // A single event too big is refused as a whole, and so is a batch element too big to keep.
    let r = run(&sized(MAX_EVENT_BYTES + 1), None, Some("Bearer tok-123"), c).unwrap_err();
    assert_eq!((r.status(), r.message()), (413, "The event at / is 127001 bytes, over the 127000 bytes a queue message can hold"));
    let huge = format!("[{one},{}]", sized(MAX_KEPT_BYTES + 1));
    let r = run(&huge, None, Some("Bearer tok-123"), c).unwrap_err();
    assert_eq!((r.status(), r.message()), (413, "The event at /1 is 1000001 bytes, over the 1000000 bytes a dead letter can keep"));
}

#[test]
fn replay_window_on_signed_events() {
    let at = |t: &str| format!(r#"{{"type":"track","event":"X","sentAt":"{t}","timestamp":"2020-01-01T00:00:00Z"}}"#);
    let now = time::iso_ms("2024-01-08T12:00:00Z").unwrap();
    let limits = Limits { max_age_ms: Some(24.0 * 3_600_000.0), ..Limits::default() };
    let check = |body: &str, c: Credentials| accept(body, Headers { signature: Some(&hmac_sha1_hex(SECRET, body)), authorization: None }, c, limits, now);
    assert!(check(&at("2024-01-07T12:00:00Z"), both()).is_ok(), "exactly 24 h old");
    let e = check(&at("2024-01-07T11:59:59Z"), both()).unwrap_err();
    assert_eq!((e.status(), e.message()), (401, "The signed event was sent 24 hours ago (its sentAt or receivedAt), over the replay window of 24 hours"));
    // No readable time: nothing to measure; an old `timestamp` alone is when it happened.
    assert!(check(r#"{"type":"track","sentAt":"soon"}"#, both()).is_ok());
    assert!(check(r#"{"type":"track","timestamp":"2001-01-01T00:00:00Z"}"#, both()).is_ok());
    assert!(check(&format!(r#"{{"type":"track","sentAt":"2001-01-01T00:00:00Z","receivedAt":"2024-01-08T11:00:00Z"}}"#), both()).is_ok(), "the newest counts");
    // A batch: its signed first element decides.
    let old = at("2023-01-01T00:00:00Z");
    let body = format!("[{old},{}]", at("2024-01-08T11:00:00Z"));
    let sig = hmac_sha1_hex(SECRET, &old);
    let r = accept(&body, Headers { signature: Some(&sig), authorization: Some("Bearer tok-123") }, both(), limits, now).unwrap_err();
    assert_eq!(r.status(), 401);
    // Without a shared secret there is no signature to replay: the window does not apply.
    let token_only = Credentials { shared_secret: None, ..both() };
    assert!(accept(&old, Headers { signature: None, authorization: Some("Bearer tok-123") }, token_only, limits, now).is_ok());
}

/// Seeded xorshift: the same inputs on every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn never_panics_on_any_body() {
    let alphabet: &[&str] = &["[", "]", "{", "}", ",", ":", "\"", "\\", " ", "\"type\"", "\"track\"", "1", "é", "null", "\"\\u00e9\""];
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let c = both();
    for _ in 0..20_000 {
        let n = (rng.next() % 24) as usize;
        let body: String = (0..n).map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize]).collect();
        let sig = hmac_sha1_hex(SECRET, &body);
        for auth in [None, Some("Bearer tok-123")] {
            if let Ok(w) = run(&body, Some(&sig), auth, c) {
                for (a, b) in w.spans {
                    assert!(crate::json::parse(&body[a..b]).is_ok(), "{body}");
                }
            }
            let _ = run(&body, None, auth, Credentials { shared_secret: None, ..c });
        }
    }
}
