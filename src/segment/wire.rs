//! The JSON text a webhook verdict crosses to JS as (`segmentWebhookJson`), written
//! here, natively tested; the binding only passes it on. Offsets are UTF-16 code units
//! into the body, what the Worker's `body.slice(start, end)` takes.

use super::{Refusal, Webhook};
use crate::json::v8::utf16_offsets;
use crate::json::write_string;

/// `{"shape":"event"|"batch","spans":[start,end,…],"rejected":[{"index","status","message","path","span":[start,end]}]}`
/// or `{"status":401|400|413|503,"message","path"}`.
pub fn verdict_json(body: &str, verdict: &Result<Webhook, Refusal>) -> String {
    let mut out = String::new();
    match verdict {
        Ok(w) => {
            // Every element's bounds in body order (accepted and rejected interleave), so the
            // UTF-16 offsets come out of one forward pass; `bad` says which list each came from.
            let n = w.spans.len() + w.rejected.len();
            let (mut bounds, mut bad) = (Vec::with_capacity(2 * n), Vec::with_capacity(n));
            let (mut rejected, mut accepted) = (w.rejected.iter().peekable(), w.spans.iter().peekable());
            while let Some(take_bad) = match (accepted.peek(), rejected.peek()) {
                (Some(&&(a, _)), Some(r)) => Some(r.span.0 < a),
                (None, Some(_)) => Some(true),
                (Some(_), None) => Some(false),
                (None, None) => None,
            } {
                let (a, b) = if take_bad { rejected.next().map(|r| r.span) } else { accepted.next().copied() }.unwrap_or_default();
                bounds.extend([a, b]);
                bad.push(take_bad);
            }
            let units = utf16_offsets(body, bounds);
            let (mut good_units, mut bad_units) = (Vec::with_capacity(2 * w.spans.len()), Vec::with_capacity(2 * w.rejected.len()));
            for (pair, &is_bad) in units.chunks_exact(2).zip(&bad) {
                if is_bad { &mut bad_units } else { &mut good_units }.push((pair[0], pair[1]));
            }
            out.push_str("{\"shape\":\"");
            out.push_str(w.shape.as_str());
            out.push_str("\",\"spans\":[");
            for (i, (a, b)) in good_units.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&format!("{a},{b}"));
            }
            out.push_str("],\"rejected\":[");
            for (i, (r, (a, b))) in w.rejected.iter().zip(&bad_units).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&format!("{{\"index\":{},\"status\":{},\"message\":", r.index, r.status));
                write_string(&r.message, &mut out);
                out.push_str(",\"path\":");
                write_string(&r.path, &mut out);
                out.push_str(&format!(",\"span\":[{a},{b}]}}"));
            }
            out.push_str("]}");
        }
        Err(r) => {
            out.push_str(&format!("{{\"status\":{},\"message\":", r.status()));
            write_string(r.message(), &mut out);
            out.push_str(",\"path\":");
            write_string(r.path(), &mut out);
            out.push('}');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{accept, hmac_sha1_hex, Credentials, Headers, Limits};
    use super::*;

    fn verdict(body: &str, limits: Limits) -> String {
        let credentials = Credentials { shared_secret: None, token: Some("t"), token_always: false };
        verdict_json(body, &accept(body, Headers { signature: None, authorization: Some("Bearer t") }, credentials, limits, 0.0))
    }

    #[test]
    fn a_batch_with_rejected_elements_in_utf16_offsets() {
        // "é" is 2 bytes and 1 UTF-16 unit, "😀" 4 bytes and 2 units: the spans are JS's.
        let body = r#"[{"type":"track","event":"é😀","userId":"u"},{"type":3},"s",{"type":"identify","userId":"ü"}]"#;
        assert_eq!(
            verdict(body, Limits::default()),
            concat!(
                r#"{"shape":"batch","spans":[1,44,60,92],"rejected":["#,
                r#"{"index":1,"status":400,"message":"The event type must be non-empty text, got a number","path":"/1/type","span":[45,55]},"#,
                r#"{"index":2,"status":400,"message":"A Segment event must be a JSON object, got text","path":"/2","span":[56,59]}]}"#,
            )
        );
        let js_slice = |a: usize, b: usize| body.encode_utf16().skip(a).take(b - a).collect::<Vec<u16>>();
        assert_eq!(String::from_utf16(&js_slice(1, 44)).unwrap(), r#"{"type":"track","event":"é😀","userId":"u"}"#);
        assert_eq!(String::from_utf16(&js_slice(60, 92)).unwrap(), r#"{"type":"identify","userId":"ü"}"#);
    }

    #[test]
    fn refusals_and_single_events() {
        let event = r#"{"type":"identify","userId":"u1"}"#;
        assert_eq!(verdict(event, Limits::default()), r#"{"shape":"event","spans":[0,33],"rejected":[]}"#);
        assert_eq!(verdict("nope", Limits::default()), r#"{"status":400,"message":"The body must be a Segment event (a JSON object) or a batch (a JSON array of events)","path":""}"#);
        let small = Limits { max_event_bytes: 10, ..Limits::default() };
        assert_eq!(verdict(event, small), r#"{"status":413,"message":"The event at / is 33 bytes, over the 10 bytes a queue message can hold","path":""}"#);
        let secret = Credentials { shared_secret: Some("s"), token: None, token_always: false };
        let wrong = accept(event, Headers { signature: Some(&hmac_sha1_hex("x", event)), authorization: None }, secret, Limits::default(), 0.0);
        assert_eq!(verdict_json(event, &wrong), r#"{"status":401,"message":"Invalid X-Signature","path":""}"#);
    }
}
