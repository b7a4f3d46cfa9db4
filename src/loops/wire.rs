//! The JSON texts a preview and a plan cross to JS as (`previewJson`, `planJson`),
//! written here, natively tested; the binding only passes them on. Written by hand so
//! a request body (already JSON text) is embedded, not parsed again.

use super::{Plan, PreviewEntry};
use crate::json::{stringify_into, write_js_number, write_message_list, write_string};

/// `[{ action, subscribed, reason?, request?: { method, url, headers, body? }, errors, warnings,
/// mapped?, dropped? }]`: `mapped` (the mapping's output before the schema) and `dropped`
/// (`[{ path, level: "empty"|"dropped", message }]`) come from a detailed preview only.
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
        if let Some(mapped) = &e.mapped {
            out.push_str(",\"mapped\":");
            stringify_into(mapped, &mut out);
            out.push_str(",\"dropped\":[");
            for (j, d) in e.dropped.iter().enumerate() {
                if j > 0 {
                    out.push(',');
                }
                out.push_str("{\"path\":");
                write_string(&d.path, &mut out);
                out.push_str(",\"level\":\"");
                out.push_str(d.level.as_str());
                out.push_str("\",\"message\":");
                write_string(&d.message, &mut out);
                out.push('}');
            }
            out.push(']');
        }
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
    fn detailed_preview_says_what_the_request_leaves_out_and_why() {
        let d = destination(concat!(
            r#"{"apiKey":"k","subscriptions":[{"action":"createOrUpdateContact","subscribe":"type = \"identify\"","mapping":"#,
            r#"{"email":{"@path":"$.traits.email"},"userId":{"@path":"$.userId"},"firstName":{"@path":"$.traits.none"},"lastName":{"@path":"$.traits.last"},"#,
            r#""nickname":"Ada","mailingLists":{"L1":true,"L2":"yes"},"customAttributes":{"plan":"pro","mailingLists":{"L3":true}}}},"#,
            r#"{"action":"deleteContact","subscribe":"type = \"identify\"","mapping":{"userId":{"@path":"$.userId"},"email":{"@path":"$.traits.email"}}},"#,
            r#"{"action":"sendEvent","subscribe":"type = \"track\""}]}"#
        ));
        let event = parse(r#"{"type":"identify","userId":"u1","traits":{"email":"a@b.co","last":null}}"#).unwrap();
        let text = preview_json(&d.preview_detailed(&event, &|| 0.0));
        let tail = |i: usize| {
            let entry = &text[..];
            let at = entry.match_indices("\"warnings\":").nth(i).map(|(a, _)| a).unwrap();
            let end = entry[at..].find("]}").unwrap();
            let rest = &entry[at..];
            let close = rest[end + 2..].find(",{\"action\"").map_or(rest.len() - 1, |c| end + 2 + c);
            rest[..close].to_owned()
        };
        assert_eq!(
            tail(0),
            concat!(
                r#""warnings":[],"mapped":{"email":"a@b.co","userId":"u1","lastName":null,"nickname":"Ada","mailingLists":{"L1":true,"L2":"yes"},"customAttributes":{"plan":"pro","mailingLists":{"L3":true}}},"#,
                r#""dropped":[{"path":"/firstName","level":"empty","message":"'firstName' maps to nothing in this event, so it is left out."},"#,
                r#"{"path":"/lastName","level":"dropped","message":"'lastName' is empty (null): the schema removes empty values."},"#,
                r#"{"path":"/nickname","level":"dropped","message":"'nickname' is not a field of \"Create or update a contact\": the schema removes it."},"#,
                r#"{"path":"/mailingLists/L2","level":"dropped","message":"Loops takes true or false for a mailing list; this value is dropped."},"#,
                r#"{"path":"/customAttributes/mailingLists","level":"dropped","message":"customAttributes.mailingLists is not a contact property, and 'mailingLists' is mapped: these lists are left out."}]}"#,
            )
        );
        assert_eq!(
            tail(1),
            concat!(
                r#""warnings":[],"mapped":{"userId":"u1","email":"a@b.co"},"#,
                r#""dropped":[{"path":"/email","level":"dropped","message":"Loops deletes by one identifier: the userId when there is one, so 'email' is left out."}]}"#,
            )
        );
        assert!(text.ends_with(r#""errors":[],"warnings":[]}]"#), "not subscribed: no mapped, no dropped: {text}");
        // The plain preview is unchanged.
        assert!(!preview(&d, r#"{"type":"identify","userId":"u1"}"#).contains("\"mapped\""));
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
