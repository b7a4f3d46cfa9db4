//! The response classifier: status families, Loops' bodies, HTML bodies, missing headers.

use loops_destination::loops::response::{classify, network_error, rate_limit, Expect, Outcome};

fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn rejected(status: u16, message: &str) -> Outcome {
    Outcome::Rejected { status, message: message.to_owned() }
}

fn misconfigured(status: u16, message: &str) -> Outcome {
    Outcome::Misconfigured { status, message: message.to_owned() }
}

const PLAIN: Expect = Expect { idempotent: false, delete: false };
const DELETE: Expect = Expect { idempotent: false, delete: true };

/// (request carried an Idempotency-Key, status, headers, body, expected outcome)
type Row<'a> = (bool, u16, Vec<(String, String)>, &'a str, Outcome);

#[test]
fn table() {
    let long = "x".repeat(300);
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let rows: Vec<Row> = vec![
        (false, 200, h(&[]), r#"{"success":true,"id":"x"}"#, Outcome::Delivered),
        (true, 200, h(&[]), r#"{"success":true}"#, Outcome::Delivered),
        (false, 201, h(&[]), "", Outcome::Delivered),
        (false, 204, h(&[]), "", Outcome::Delivered),
        (false, 200, h(&[]), "not json", Outcome::Delivered),
        (true, 409, h(&[]), r#"{"success":false,"message":"Idempotency key already used."}"#, Outcome::AlreadyDelivered),
        (true, 409, h(&[]), "", Outcome::AlreadyDelivered),
        (false, 409, h(&[]), r#"{"success":false,"message":"Email or userId is already on list."}"#, rejected(409, "Email or userId is already on list.")),
        (
            false,
            429,
            h(&[("x-ratelimit-limit", "10"), ("x-ratelimit-remaining", "0")]),
            "",
            Outcome::RateLimited { limit: Some(10), remaining: Some(0) },
        ),
        (true, 429, h(&[("X-RateLimit-Limit", " 20 ")]), "{}", Outcome::RateLimited { limit: Some(20), remaining: None }),
        (false, 429, h(&[]), html, Outcome::RateLimited { limit: None, remaining: None }),
        (false, 429, h(&[("x-ratelimit-limit", "ten")]), "", Outcome::RateLimited { limit: None, remaining: None }),
        (false, 500, h(&[]), r#"{"success":false,"message":"Internal server error"}"#, Outcome::Retry),
        (true, 502, h(&[("content-type", "text/html")]), html, Outcome::Retry),
        (false, 503, h(&[]), "", Outcome::Retry),
        (false, 504, h(&[]), "upstream timeout", Outcome::Retry),
        (false, 599, h(&[]), "", Outcome::Retry),
        (false, 408, h(&[]), "", Outcome::Retry),
        (false, 100, h(&[]), "", Outcome::Retry),
        (false, 0, h(&[]), "", Outcome::Retry),
        (false, 700, h(&[]), "", Outcome::Retry),
        (false, 400, h(&[]), r#"{"success":false,"message":"userId not found and cannot create a new contact without an email."}"#,
            rejected(400, "userId not found and cannot create a new contact without an email.")),
        (false, 401, h(&[]), r#"{"success":false,"message":"Invalid API key","error":"Invalid API key"}"#, misconfigured(401, "Invalid API key")),
        (false, 401, h(&[]), r#"{"error":"Invalid API key"}"#, misconfigured(401, "Invalid API key")),
        (true, 403, h(&[]), r#"{"success":false,"message":"Forbidden"}"#, misconfigured(403, "Forbidden")),
        (false, 401, h(&[]), html, misconfigured(401, "401 Unauthorized")),
        (false, 400, h(&[]), r#"{"success":false,"error":{"path":"dataVariables","message":"Missing x"}}"#, rejected(400, "Missing x")),
        (false, 404, h(&[]), r#"{"success":false,"message":"Contact not found."}"#, rejected(404, "Contact not found.")),
        (false, 404, h(&[]), html, misconfigured(404, "404 Not Found: not Loops' API; check the base URL")),
        (false, 404, h(&[]), "Not Found", misconfigured(404, "404 Not Found: Not Found: not Loops' API; check the base URL")),
        (false, 405, h(&[]), "", misconfigured(405, "405 Method Not Allowed: not Loops' API; check the base URL")),
        (false, 400, h(&[]), "", rejected(400, "400 Bad Request")),
        (false, 400, h(&[]), "Bad things", rejected(400, "400 Bad Request: Bad things")),
        (false, 400, h(&[]), r#"{"success":false,"message":""}"#, rejected(400, "400 Bad Request")),
        (false, 400, h(&[]), r#"{"message":5}"#, rejected(400, "400 Bad Request")),
        (false, 400, h(&[]), "[1,2]", rejected(400, "400 Bad Request")),
        (false, 405, h(&[]), r#"{"success":false,"message":"Method not allowed"}"#, rejected(405, "Method not allowed")),
        (false, 413, h(&[]), "", rejected(413, "413 Payload Too Large")),
        (false, 418, h(&[]), "", rejected(418, "418")),
        (false, 301, h(&[]), "", misconfigured(301, "301 Moved Permanently")),
        (true, 308, h(&[]), "", misconfigured(308, "308 Permanent Redirect")),
        (false, 400, h(&[]), &long, rejected(400, "400 Bad Request")),
        (false, 400, h(&[]), "line one\nline two", rejected(400, "400 Bad Request")),
    ];
    for (idempotent, status, headers, body, want) in rows {
        assert_eq!(classify(Expect { idempotent, delete: false }, status, &headers, body), want, "{status} {body:?}");
    }
}

#[test]
fn a_delete_that_finds_no_contact_is_done() {
    // Loops' answer to POST /v1/contacts/delete for an unknown contact (loops-api docs).
    let gone = r#"{"success":false,"message":"Contact not found."}"#;
    assert_eq!(classify(DELETE, 404, &[], gone), Outcome::AlreadyDelivered);
    assert_eq!(classify(PLAIN, 404, &[], gone), rejected(404, "Contact not found."));
    // A 404 that is not Loops answering is a wrong base URL, for deletes too.
    assert_eq!(classify(DELETE, 404, &[], "<html>nope</html>"), misconfigured(404, "404 Not Found: not Loops' API; check the base URL"));
    assert_eq!(classify(DELETE, 400, &[], r#"{"success":false,"message":"x"}"#), rejected(400, "x"));
}

#[test]
fn status_decides_not_message_text() {
    // The same text under different statuses: only the status matters.
    let body = r#"{"success":false,"message":"Rate limit exceeded, server error"}"#;
    assert_eq!(classify(PLAIN, 400, &[], body), rejected(400, "Rate limit exceeded, server error"));
    assert_eq!(classify(PLAIN, 200, &[], body), Outcome::Delivered);
}

#[test]
fn network_errors_retry() {
    assert_eq!(network_error(), Outcome::Retry);
}

#[test]
fn rate_limit_headers_on_success() {
    let headers = h(&[("x-ratelimit-limit", "10"), ("x-ratelimit-remaining", "7")]);
    assert_eq!(rate_limit(&headers), (Some(10), Some(7)));
    assert_eq!(rate_limit(&[]), (None, None));
}
