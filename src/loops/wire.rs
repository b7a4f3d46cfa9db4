//! The JSON texts a preview and a plan cross to JS as (`previewJson`, `planJson`),
//! written here, natively tested; the binding only passes them on. Written by hand so
//! a request body (already JSON text) is embedded, not parsed again.

use super::{Plan, PreviewEntry};
use crate::json::{write_js_number, write_message_list, write_string};

/// `[{ action, subscribed, reason?, request?: { method, url, headers, body? }, errors, warnings }]`.
pub fn preview_json(entries: &[PreviewEntry]) -> String {
    let mut out = String::from("[");
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"action\":");
        write_string(e.action, &mut out);
        out.push_str(if e.subscribed { ",\"subscribed\":true" } else { ",\"subscribed\":false" });
        if let Some(reason) = &e.reason {
            out.push_str(",\"reason\":");
            write_string(reason, &mut out);
        }
        if let Some(r) = &e.request {
            out.push_str(",\"request\":{\"method\":");
            write_string(&r.method, &mut out);
            out.push_str(",\"url\":");
            write_string(&r.url, &mut out);
            out.push_str(",\"headers\":{");
            for (j, (k, v)) in r.headers.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                write_string(k, &mut out);
                out.push(':');
                write_string(v, &mut out);
            }
            out.push('}');
            if let Some(body) = &r.body {
                out.push_str(",\"body\":");
                out.push_str(body);
            }
            out.push('}');
        }
        out.push_str(",\"errors\":");
        write_message_list(e.errors.iter().map(|e| (e.message.as_str(), e.path.as_str())), &mut out);
        out.push_str(",\"warnings\":");
        write_message_list(e.warnings.iter().map(|w| (w.message.as_str(), w.path.as_str())), &mut out);
        out.push('}');
    }
    out.push(']');
    out
}

impl Plan {
    /// `{"contact": string|null, "time": ms|null, "kind": "update"|"delete"|"event"|null}`.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"contact\":");
        match &self.contact {
            Some(c) => write_string(c, &mut out),
            None => out.push_str("null"),
        }
        out.push_str(",\"time\":");
        match self.time_ms {
            Some(t) => write_js_number(t, &mut out),
            None => out.push_str("null"),
        }
        out.push_str(",\"kind\":");
        match self.kind {
            Some(k) => {
                out.push('"');
                out.push_str(k.as_str());
                out.push('"');
            }
            None => out.push_str("null"),
        }
        out.push('}');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;
    use crate::loops::Destination;

    fn destination(options: &str) -> Destination {
        Destination::from_value(&parse(options).unwrap()).unwrap()
    }

    fn preview(d: &Destination, event: &str) -> String {
        preview_json(&d.preview(&parse(event).unwrap(), &|| 0.0))
    }

    #[test]
    fn preview_of_the_loops_docs_identify_example() {
        // README.md "Example", byte for byte.
        let event = r#"{"type":"identify","userId":"test-user-a5h7xb","email":"adam@loops.so","traits":{"firstName":"Adam","favoriteColor":"blue","favoriteNumber":42}}"#;
        assert_eq!(
            preview(&destination(r#"{"apiKey":"demo"}"#), event),
            concat!(
                r#"[{"action":"createOrUpdateContact","subscribed":true,"request":{"method":"PUT","url":"https://app.loops.so/api/v1/contacts/update","#,
                r#""headers":{"Authorization":"Bearer ****","Content-Type":"application/json","User-Agent":"loops-destination/"#,
                env!("CARGO_PKG_VERSION"),
                r#""},"body":{"firstName":"Adam","favoriteColor":"blue","favoriteNumber":42,"email":"adam@loops.so","source":"Segment","userId":"test-user-a5h7xb","mailingLists":{}}},"#,
                r#""errors":[],"warnings":[]},"#,
                r#"{"action":"sendEvent","subscribed":false,"reason":"type is \"identify\", expected the text \"track\"","errors":[],"warnings":[]}]"#,
            )
        );
    }

    #[test]
    fn preview_errors_warnings_and_escapes() {
        let d = destination(r#"{"apiKey":"k","subscriptions":[{"action":"sendEvent","subscribe":"type = \"track\"","mapping":{"eventName":{"@path":"$.event"},"userId":{"@path":"$.userId"},"eventProperties":{"@path":"$.properties"}}},{"action":"createOrUpdateContact","subscribe":42}]}"#);
        let out = preview(&d, r#"{"type":"track","event":"Ünï\n\"q\"","userId":"u","properties":{"a":{"b":1}},"messageId":"m"}"#);
        assert_eq!(
            out,
            concat!(
                r#"[{"action":"sendEvent","subscribed":true,"request":{"method":"POST","url":"https://app.loops.so/api/v1/events/send","#,
                r#""headers":{"Authorization":"Bearer ****","Content-Type":"application/json","User-Agent":"loops-destination/"#,
                env!("CARGO_PKG_VERSION"),
                r#"","Idempotency-Key":"m"},"body":{"eventName":"Ünï\n\"q\"","userId":"u","eventProperties":{"a":{"b":1}}}},"errors":[],"#,
                r#""warnings":[{"message":"Loops event properties take strings, numbers, booleans or dates, not an object.","path":"/eventProperties/a"}]},"#,
                r#"{"action":"createOrUpdateContact","subscribed":false,"errors":[{"message":"Failed to validate subscription","path":"/subscriptions/1/subscribe"}],"warnings":[]}]"#,
            )
        );
        assert_eq!(preview_json(&[]), "[]");
    }

    #[test]
    fn plan_text() {
        let d = destination(r#"{"apiKey":"k"}"#);
        let plan = |e: &str| d.plan(&parse(e).unwrap(), &|| 0.0).to_json();
        assert_eq!(
            plan(r#"{"type":"identify","userId":"u\"1","timestamp":"2024-01-01T00:00:00.5Z"}"#),
            r#"{"contact":"userId:u\"1","time":1704067200500,"kind":"update"}"#
        );
        assert_eq!(plan(r#"{"type":"page"}"#), r#"{"contact":null,"time":null,"kind":null}"#);
    }
}
