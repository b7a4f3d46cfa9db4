//! Golden requests: each fixture's expected result was recorded from Segment's own
//! Loops destination (`Destination.onEvent`, tests/segment/record-loops.mjs).

mod common;

use common::Case;
use loops_destination::json::{self, Value};
use loops_destination::loops::{Destination, PreviewEntry, Settings, SubscriptionSpec};


fn entry_for(case: &Case) -> Result<PreviewEntry, String> {
    let action = case.field("action").and_then(Value::as_str).ok_or("no action")?.to_owned();
    let mut settings = json::Object::new();
    settings.insert("apiKey", case.field("apiKey").cloned().unwrap_or_else(|| Value::from("test-api-key")));
    let settings = Settings::from_value(&Value::Object(settings)).map_err(|e| e.message)?;
    let spec = SubscriptionSpec {
        subscribe: match case.field("subscribe") {
            Some(v) => v.clone(),
            None => Value::from(
                loops_destination::loops::ActionKind::from_key(&action).and_then(|a| a.default_subscription()).unwrap_or(""),
            ),
        },
        mapping: case.field("mapping").cloned(),
        action,
    };
    let dest = Destination::new(settings, Some(vec![spec])).map_err(|e| e.message)?;
    let event = case.field("event").cloned().unwrap_or_default();
    dest.requests(&event, &common::fixed_clock).pop().ok_or_else(|| "no entry".to_owned())
}

/// Segment's text for every lexer error in a trigger; we say what and where instead
/// (README: Differences from Segment's destination). The outcome, invalid, is the same.
const SEGMENT_LEXER_ERROR: &str = "Invalid subscription : Cannot read properties of undefined (reading 'type')";

fn check(case: &Case) -> Result<(), String> {
    let entry = entry_for(case)?;
    if case.field("difference").is_some() {
        return check_difference(case, &entry);
    }
    let messages: Vec<&str> = entry.errors.iter().map(|e| e.message.as_str()).collect();
    match (case.field("output"), case.field("error"), case.field("errors")) {
        (Some(Value::Object(expected)), _, _) => {
            let req = entry.request.as_ref().ok_or_else(|| format!("nothing sent; errors {messages:?}"))?;
            let want = |k: &str| expected.get(k).and_then(Value::as_str).unwrap_or("");
            let header = |k: &str| expected.get("headers").and_then(|h| h.get(k)).and_then(Value::as_str);
            if req.method != want("method") || req.url != want("url") {
                return Err(format!("{} {} but Segment sends {} {}", req.method, req.url, want("method"), want("url")));
            }
            for name in ["authorization", "content-type"] {
                if req.header(name) != header(name) {
                    return Err(format!("{name}: {:?} but Segment sends {:?}", req.header(name), header(name)));
                }
            }
            if req.body.as_deref().unwrap_or("") != want("body") {
                return Err(format!("body\n  ours    {}\n  Segment {}", req.body.as_deref().unwrap_or(""), want("body")));
            }
            Ok(())
        }
        (Some(Value::String(text)), _, _) if text == "not subscribed" => {
            if entry.subscribed || entry.request.is_some() || !entry.errors.is_empty() {
                return Err(format!("expected not subscribed, got {entry:?}"));
            }
            Ok(())
        }
        (Some(Value::String(text)), _, _) if text == SEGMENT_LEXER_ERROR => {
            match messages.as_slice() {
                [m] if entry.request.is_none() && m.starts_with("Invalid subscription : ") && *m != SEGMENT_LEXER_ERROR => Ok(()),
                _ => Err(format!("expected one clearer 'Invalid subscription : …' error, got {messages:?}")),
            }
        }
        (Some(Value::String(text)), _, _) => expect_messages(&entry, &messages, &[text.as_str()]),
        (_, Some(Value::String(text)), _) => {
            let joined = messages.join(" ");
            if entry.request.is_some() || joined != *text {
                return Err(format!("errors {joined:?} but Segment: {text:?}"));
            }
            Ok(())
        }
        (_, _, Some(Value::Array(list))) => {
            let want: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
            expect_messages(&entry, &messages, &want)
        }
        _ => Err("fixture has no recorded result".into()),
    }
}

/// A documented difference: Segment refuses a mapped `mailingLists` array in Loops'
/// documented shape; we send it as `{listId: bool}`.
fn check_difference(case: &Case, entry: &PreviewEntry) -> Result<(), String> {
    if case.field("error").is_none() {
        return Err("a documented difference whose Segment result is not an error".into());
    }
    let body = entry.request.as_ref().and_then(|r| r.body.as_deref()).ok_or("we send nothing")?;
    let body = json::parse(body).map_err(|e| e.message)?;
    let lists = body.get("mailingLists").and_then(Value::as_object).ok_or("no mailingLists object")?;
    let expected = case.field("mapping").and_then(|m| m.get("mailingLists")).and_then(Value::as_array).ok_or("no mapped list array")?;
    for item in expected {
        let id = item.get("id").or_else(|| item.get("listId")).and_then(Value::as_str).ok_or("list without id")?;
        if lists.get(id) != item.get("subscribed") {
            return Err(format!("mailingLists[{id}] = {:?}, mapped {:?}", lists.get(id), item.get("subscribed")));
        }
    }
    Ok(())
}

fn expect_messages(entry: &PreviewEntry, got: &[&str], want: &[&str]) -> Result<(), String> {
    if entry.request.is_some() || got != want {
        return Err(format!("errors {got:?} but Segment: {want:?}"));
    }
    Ok(())
}

#[test]
fn requests_equal_segments() {
    common::run_all("loops", 150, check);
}
