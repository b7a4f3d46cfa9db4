//! Loops-aware checks: warnings with a JSON path into the body.

use loops_destination::json::{self, Object};
use loops_destination::loops::{check, contact_properties, ActionKind, Settings, Warning};

fn obj(text: &str) -> Object {
    json::parse(text).unwrap().as_object().cloned().unwrap()
}

fn warnings(action: ActionKind, body: &str, settings: &Settings) -> Vec<Warning> {
    check(action, &obj(body), settings)
}

fn paths(ws: &[Warning]) -> Vec<&str> {
    ws.iter().map(|w| w.path.as_str()).collect()
}

fn settings() -> Settings {
    Settings::new("k")
}

#[test]
fn clean_contact_has_no_warnings() {
    let ws = warnings(ActionKind::CreateOrUpdateContact, r#"{"email":"a@b.co","plan":"pro","userId":"u","mailingLists":{}}"#, &settings());
    assert!(ws.is_empty(), "{ws:?}");
}

#[test]
fn reserved_names() {
    let body = r#"{"email":"a@b.co","id":"x","listId":"l","teamId":"t","updatedAt":1,"softDeleteAt":null,"optInStatus":"accepted","notes":"n","mailingLists":{}}"#;
    let ws = warnings(ActionKind::CreateOrUpdateContact, body, &settings());
    assert_eq!(paths(&ws), ["/id", "/listId", "/teamId", "/updatedAt", "/softDeleteAt", "/optInStatus", "/notes"]);
    assert!(ws[0].message.contains("reserved"));
}

#[test]
fn long_values_counted_with_quotes() {
    let ok = format!(r#"{{"email":"a@b.co","bio":"{}"}}"#, "x".repeat(498));
    assert!(warnings(ActionKind::CreateOrUpdateContact, &ok, &settings()).is_empty());
    let long = format!(r#"{{"email":"a@b.co","bio":"{}"}}"#, "é".repeat(499));
    let ws = warnings(ActionKind::CreateOrUpdateContact, &long, &settings());
    assert_eq!(paths(&ws), ["/bio"]);
    assert!(ws[0].message.contains("501"), "{}", ws[0].message);
}

#[test]
fn long_values_inside_event_properties_and_long_keys() {
    let body = format!(r#"{{"eventName":"E","userId":"u","eventProperties":{{"a/b":"{}"}},"{}":1}}"#, "y".repeat(600), "k".repeat(600));
    let ws = warnings(ActionKind::SendEvent, &body, &settings());
    assert_eq!(paths(&ws)[..2], ["/eventProperties/a~1b", &format!("/{}", "k".repeat(600))]);
}

#[test]
fn attachment_data_is_not_a_long_value() {
    let body = format!(r#"{{"transactionalId":"t","email":"a@b.co","attachments":[{{"filename":"f","contentType":"text/plain","data":"{}"}}]}}"#, "A".repeat(5000));
    assert!(warnings(ActionKind::SendTransactionalEmail, &body, &settings()).is_empty());
}

#[test]
fn types_against_account_properties() {
    let props = contact_properties(
        &json::parse(r#"[{"key":"plan","label":"Plan","type":"string"},{"key":"seats","label":"Seats","type":"number"},{"key":"vip","label":"VIP","type":"boolean"},{"key":"trialEnds","label":"Trial Ends","type":"date"}]"#).unwrap(),
    )
    .unwrap();
    let s = Settings { contact_properties: Some(props), ..settings() };
    let body = r#"{"email":"a@b.co","plan":3,"seats":"5","vip":"yes","trialEnds":true,"other":{"x":1},"mailingLists":{}}"#;
    let ws = warnings(ActionKind::CreateOrUpdateContact, body, &s);
    assert_eq!(paths(&ws), ["/plan", "/seats", "/vip", "/trialEnds", "/other"]);
    assert_eq!(ws[0].message, "Loops has 'plan' as a string property, but this value is a number.");
    // Matching types and null resets are fine.
    let body = r#"{"email":"a@b.co","plan":"pro","seats":5,"vip":false,"trialEnds":"2025-01-01","unknown":1,"mailingLists":{}}"#;
    assert!(warnings(ActionKind::CreateOrUpdateContact, body, &s).is_empty());
    let body = r#"{"email":"a@b.co","plan":null,"mailingLists":{}}"#;
    assert!(warnings(ActionKind::CreateOrUpdateContact, body, &s).is_empty());
}

#[test]
fn dates_in_seconds() {
    let ws = warnings(ActionKind::CreateOrUpdateContact, r#"{"email":"a@b.co","createdAt":1704711066,"trialEndsAt":1704711066000,"signupDate":"1704711066000"}"#, &settings());
    assert_eq!(paths(&ws), ["/createdAt", "/signupDate"]);
    assert!(ws[0].message.contains("seconds"));
    let ws = warnings(ActionKind::SendEvent, r#"{"eventName":"E","userId":"u","eventProperties":{"updateDate":1709806163}}"#, &settings());
    assert_eq!(paths(&ws), ["/eventProperties/updateDate"]);
    // Not date-like names are left alone.
    let ws = warnings(ActionKind::CreateOrUpdateContact, r#"{"email":"a@b.co","format":1704711066,"chat":1704711066}"#, &settings());
    assert!(ws.is_empty(), "{ws:?}");
}

#[test]
fn subscribed_true_resubscribes() {
    let ws = warnings(ActionKind::CreateOrUpdateContact, r#"{"email":"a@b.co","subscribed":true}"#, &settings());
    assert_eq!(paths(&ws), ["/subscribed"]);
    assert!(ws[0].message.contains("re-subscribes"));
    assert!(warnings(ActionKind::CreateOrUpdateContact, r#"{"email":"a@b.co","subscribed":false}"#, &settings()).is_empty());
    let ws = warnings(ActionKind::CreateOrUpdateContact, r#"{"email":"a@b.co","subscribed":"false"}"#, &settings());
    assert!(ws[0].message.contains("true or false"));
    let ws = warnings(ActionKind::SendEvent, r#"{"eventName":"E","userId":"u","subscribed":true}"#, &settings());
    assert_eq!(paths(&ws), ["/subscribed"]);
}

#[test]
fn new_contact_without_email() {
    let ws = warnings(ActionKind::CreateOrUpdateContact, r#"{"source":"Segment","userId":"u","mailingLists":{}}"#, &settings());
    assert_eq!(paths(&ws), ["/email"]);
    let ws = warnings(ActionKind::CreateOrUpdateContact, r#"{"email":"","userId":"u"}"#, &settings());
    assert_eq!(paths(&ws), ["/email"]);
    // Events usually reach an existing contact: no warning.
    assert!(warnings(ActionKind::SendEvent, r#"{"eventName":"E","userId":"u"}"#, &settings()).is_empty());
}

#[test]
fn nested_contact_and_event_properties() {
    let ws = warnings(ActionKind::CreateOrUpdateContact, r#"{"email":"a@b.co","address":{"c":"L"},"tags":["a"]}"#, &settings());
    assert_eq!(paths(&ws), ["/address", "/tags"]);
    let ws = warnings(ActionKind::SendEvent, r#"{"eventName":"E","userId":"u","eventProperties":{"a":{"b":1},"n":null,"ok":1}}"#, &settings());
    assert_eq!(paths(&ws), ["/eventProperties/a", "/eventProperties/n"]);
}

#[test]
fn data_variables() {
    let body = r#"{"transactionalId":"t","email":"a@b.co","dataVariables":{"a":"x","b":1,"c":null,"d":true,"e":[{"x":1}],"f":[1]}}"#;
    let ws = warnings(ActionKind::SendTransactionalEmail, body, &settings());
    assert_eq!(paths(&ws), ["/dataVariables/c", "/dataVariables/d", "/dataVariables/f"]);
    assert!(ws[0].message.contains("send \"\""));
}

#[test]
fn delete_has_no_contact_checks() {
    assert!(warnings(ActionKind::DeleteContact, r#"{"userId":"u"}"#, &settings()).is_empty());
}

#[test]
fn contact_properties_shape_errors() {
    let err = contact_properties(&json::parse("{}").unwrap()).unwrap_err();
    assert_eq!((err.path.as_str(), err.message.as_str()), ("/contactProperties", "contactProperties must be the array GET /v1/contacts/properties returns"));
    let err = contact_properties(&json::parse(r#"[{"key":"a","type":"string"},{"key":1}]"#).unwrap()).unwrap_err();
    assert_eq!((err.path.as_str(), err.message.as_str()), ("/contactProperties/1", "each contact property needs a string key and type"));
    let ok = contact_properties(&json::parse(r#"[{"key":"a","type":"string"}]"#).unwrap()).unwrap();
    assert_eq!(ok[0].label, "a");
}
