//! The JSON texts the sender's results cross to JS as (`sendJson`, `contactOrder`),
//! written here, natively tested; the binding only passes them on.

use super::order::{after, is_stale, ContactState, Kind};
use super::{Fate, Report};
use crate::error::Error;
use crate::json::{write_js_number, write_string};

impl Report {
    /// A mapping, payload or trigger error: nothing was sent.
    pub fn rejected(errors: &[Error]) -> Report {
        let message = errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ");
        Report { fate: Fate::Rejected, status: None, attempts: 0, message: Some(message) }
    }
}

/// `[{ action, outcome, status?, attempts, message? }]`, one per `(action, report)`.
pub fn outcomes_json<'a>(outcomes: impl IntoIterator<Item = (&'a str, &'a Report)>) -> String {
    let mut out = String::from("[");
    for (i, (action, report)) in outcomes.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"action\":");
        write_string(action, &mut out);
        out.push_str(",\"outcome\":");
        write_string(report.fate.as_str(), &mut out);
        if let Some(status) = report.status {
            out.push_str(",\"status\":");
            out.push_str(&status.to_string());
        }
        out.push_str(",\"attempts\":");
        out.push_str(&report.attempts.to_string());
        if let Some(message) = &report.message {
            out.push_str(",\"message\":");
            write_string(message, &mut out);
        }
        out.push('}');
    }
    out.push(']');
    out
}

/// Whether an event of `kind` ("update" | "delete" | "event") at `time` (ms) is stale
/// for a contact whose newest delivered update and delete were at `updated` and
/// `deleted`, and the contact's times once it is delivered: `[stale, updated, deleted]`
/// (`null` for no time).
pub fn contact_order_json(kind: Option<&str>, time: Option<f64>, updated: Option<f64>, deleted: Option<f64>) -> Result<String, Error> {
    let kind = kind.and_then(Kind::from_str).ok_or_else(|| Error::json("", "kind must be \"update\", \"delete\" or \"event\""))?;
    let state = ContactState { updated_ms: updated, deleted_ms: deleted };
    let stale = is_stale(kind, time, state);
    let next = if stale { state } else { after(kind, time, state) };
    let mut out = String::from(if stale { "[true," } else { "[false," });
    for (i, ms) in [next.updated_ms, next.deleted_ms].into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match ms {
            Some(ms) => write_js_number(ms, &mut out),
            None => out.push_str("null"),
        }
    }
    out.push(']');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_text() {
        let delivered = Report { fate: Fate::Delivered, status: Some(200), attempts: 1, message: None };
        let failed = Report { fate: Fate::Failed, status: None, attempts: 6, message: Some("HTTP 503 (gave up after 6 attempts)".into()) };
        let rejected = Report::rejected(&[Error::payload("/email", "bad \"email\""), Error::payload("", "two")]);
        assert_eq!(
            outcomes_json([("sendEvent", &delivered), ("createOrUpdateContact", &failed), ("deleteContact", &rejected)]),
            concat!(
                r#"[{"action":"sendEvent","outcome":"delivered","status":200,"attempts":1},"#,
                r#"{"action":"createOrUpdateContact","outcome":"failed","attempts":6,"message":"HTTP 503 (gave up after 6 attempts)"},"#,
                r#"{"action":"deleteContact","outcome":"rejected","attempts":0,"message":"bad \"email\"; two"}]"#,
            )
        );
        assert_eq!(outcomes_json([]), "[]");
    }

    #[test]
    fn contact_order_text() {
        assert_eq!(contact_order_json(Some("update"), Some(5.0), None, None).unwrap(), "[false,5,null]");
        assert_eq!(contact_order_json(Some("event"), Some(1.0), None, Some(3.0)).unwrap(), "[true,null,3]");
        assert_eq!(contact_order_json(Some("delete"), None, Some(2.0), Some(1.0)).unwrap(), "[false,2,1]");
        assert_eq!(contact_order_json(Some("update"), Some(2.5), Some(1e21), None).unwrap(), "[true,1e+21,null]");
        let e = contact_order_json(Some("x"), None, None, None).unwrap_err();
        assert_eq!((e.message.as_str(), e.path.as_str()), ("kind must be \"update\", \"delete\" or \"event\"", ""));
        assert!(contact_order_json(None, None, None, None).is_err());
    }
}
