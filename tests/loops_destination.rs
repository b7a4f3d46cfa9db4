//! Settings, requests, idempotency keys, actions() and the previewing Destination.

mod common;

use loops_destination::delivery::Config;
use loops_destination::json::{self, Value};
use loops_destination::ErrorKind;
use loops_destination::loops::{
    actions, idempotency_key, test_authentication, ActionKind, Destination, Request, Settings, USER_AGENT,
};
use loops_destination::schema::FieldType;

fn v(text: &str) -> Value {
    json::parse(text).unwrap()
}


const KEY: &str = "0123456789abcdef0123456789abcdef";

#[test]
fn settings_as_segment_checks_them() {
    let err = Settings::from_value(&v("{}")).unwrap_err();
    assert_eq!(err.message, "The root value is missing the required field 'apiKey'.");
    assert_eq!(Settings::from_value(&v(r#"{"apiKey":123}"#)).unwrap().api_key, "123");
    assert_eq!(Settings::from_value(&v(r#"{"apiKey":""}"#)).unwrap().api_key, "");
    let s = Settings::from_value(&v(r#"{"apiKey":"k","baseUrl":"http://127.0.0.1:8787/api/","strict":true}"#)).unwrap();
    assert_eq!((s.base_url.as_str(), s.strict), ("http://127.0.0.1:8787/api", true));
}

#[test]
fn test_authentication_request() {
    let r = test_authentication(&Settings::new("some random secret"));
    assert_eq!((r.method.as_str(), r.url.as_str(), r.body.as_ref()), ("GET", "https://app.loops.so/api/v1/api-key", None));
    assert_eq!(r.header("authorization"), Some("Bearer some random secret"));
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    assert_eq!(r.header("user-agent"), Some(USER_AGENT));
    assert!(USER_AGENT.starts_with("loops-destination/"));
    let local = test_authentication(&Settings::new("k").with_base_url("http://localhost:9/api/"));
    assert_eq!(local.url, "http://localhost:9/api/v1/api-key");
}

#[test]
fn redaction_never_shows_the_key() {
    let r = test_authentication(&Settings::new(KEY)).redacted();
    assert_eq!(r.header("authorization"), Some("Bearer ****"));
    for short in ["", "abc", "0123456789abcde"] {
        let r = test_authentication(&Settings::new(short)).redacted();
        assert_eq!(r.header("authorization"), Some("Bearer ****"), "{short:?}");
    }
    let r = test_authentication(&Settings::new("ключ-ключ-ключ-ключ")).redacted();
    assert_eq!(r.header("authorization"), Some("Bearer ****"));
}

#[test]
fn idempotency_keys() {
    assert_eq!(idempotency_key(Some(&v(r#""ajs-1""#)), None, 0).as_deref(), Some("ajs-1"));
    assert_eq!(idempotency_key(Some(&v(r#""ajs-1""#)), None, 1).as_deref(), Some("ajs-1~2"));
    assert_eq!(idempotency_key(Some(&v("42")), None, 0).as_deref(), Some("42"));
    for none in ["null", r#""""#, "{}", "[]", "true"] {
        assert_eq!(idempotency_key(Some(&v(none)), None, 0), None, "{none}");
    }
    assert_eq!(idempotency_key(None, None, 0), None);
    // One key per action of a message: a team-scoped key store must not see a repeat.
    assert_eq!(idempotency_key(Some(&v(r#""ajs-1""#)), Some("transactional"), 0).as_deref(), Some("ajs-1~transactional"));
    assert_eq!(idempotency_key(Some(&v(r#""ajs-1""#)), Some("transactional"), 1).as_deref(), Some("ajs-1~transactional~2"));
    let hundred = "m".repeat(100);
    assert_eq!(idempotency_key(Some(&Value::from(hundred.as_str())), None, 0), Some(hundred.clone()));
    let long = Value::from("m".repeat(101));
    let k = idempotency_key(Some(&long), None, 0).unwrap();
    assert!(k.starts_with("sha256-") && k.len() <= 100, "{k}");
    assert_eq!(idempotency_key(Some(&long), None, 0), Some(k.clone()), "stable");
    assert_ne!(idempotency_key(Some(&long), None, 1), Some(k));
    let spaced = idempotency_key(Some(&v(r#""a b""#)), None, 0).unwrap();
    assert!(spaced.starts_with("sha256-"));
    let unicode = idempotency_key(Some(&v(r#""é""#)), None, 0).unwrap();
    assert!(unicode.starts_with("sha256-"));
}

#[test]
fn actions_for_a_ui() {
    let keys: Vec<&str> = actions().iter().map(|a| a.key()).collect();
    assert_eq!(keys, ["createOrUpdateContact", "sendEvent", "deleteContact", "sendTransactionalEmail"]);
    let contact = ActionKind::CreateOrUpdateContact;
    assert_eq!(contact.default_subscription(), Some(r#"type = "identify""#));
    assert_eq!(ActionKind::SendEvent.default_subscription(), Some(r#"type = "track""#));
    let fields: Vec<&str> = contact.fields().iter().map(|f| f.key).collect();
    assert_eq!(
        fields,
        ["createdAt", "customAttributes", "email", "firstName", "lastName", "mailingLists", "source", "subscribed", "userGroup", "userId"]
    );
    let user_id = contact.fields().iter().find(|f| f.key == "userId").unwrap();
    assert!(user_id.required && user_id.label == "User ID" && user_id.format == Some("text"));
    let event_fields: Vec<(&str, bool)> = ActionKind::SendEvent.fields().iter().map(|f| (f.key, f.required)).collect();
    assert_eq!(
        event_fields,
        [("email", false), ("eventName", true), ("userId", true), ("contactProperties", false), ("eventProperties", false)]
    );
    assert_eq!(ActionKind::SendTransactionalEmail.fields().iter().find(|f| f.key == "attachments").unwrap().field_type, FieldType::Object);
    for a in actions() {
        // Every default mapping is valid JSON, in field order.
        let mapping = a.default_mapping().unwrap();
        let with_default: Vec<&str> = a.fields().iter().filter(|f| f.default.is_some()).map(|f| f.key).collect();
        let mapped: Vec<&str> = mapping.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(mapped, with_default, "{a:?}");
    }
    assert_eq!(
        json::stringify(&ActionKind::CreateOrUpdateContact.default_mapping().unwrap()).unwrap(),
        r#"{"customAttributes":{"@path":"$.traits"},"email":{"@if":{"exists":{"@path":"$.traits.email"},"then":{"@path":"$.traits.email"},"else":{"@path":"$.email"}}},"firstName":{"@path":"$.traits.firstName"},"lastName":{"@path":"$.traits.lastName"},"source":{"@if":{"exists":{"@path":"$.traits.source"},"then":{"@path":"$.traits.source"},"else":"Segment"}},"userGroup":{"@path":"$.traits.userGroup"},"userId":{"@path":"$.userId"}}"#
    );
}

#[test]
fn construction_errors() {
    let err = Destination::from_value(&v(r#"{"apiKey":"k","subscriptions":[{"action":"nope","subscribe":"type = \"track\""}]}"#)).unwrap_err();
    assert_eq!(err.path, "/subscriptions/0/action");
    assert!(err.message.contains("createOrUpdateContact"));
}

#[test]
fn config_errors_say_where_and_what() {
    // What `new Destination(options)` reads: the destination's options, then the sender's.
    let read = |text: &str| Destination::from_value(&v(text)).and_then(|_| Config::from_value(&v(text))).map(|_| ());
    let known = "the options here are apiKey, baseUrl, strict, contactProperties, subscriptions, rateLimit, retry, timeoutMs";
    #[rustfmt::skip]
    let cases: &[(&str, &str, &str)] = &[
        // Segment's messages (ajv-human-errors, as the Loops destination's settings schema gives them).
        (r#"{"subscriptions":[]}"#, "/apiKey", "The root value is missing the required field 'apiKey'."),
        (r#"{"apiKey":{}}"#, "/apiKey", "API Key must be a string but it was an object."),
        // Ours.
        ("[]", "", "settings must be an object but it was object"),
        (r#"{"apiKey":"k","baseUrl":"ftp://x"}"#, "/baseUrl", "baseUrl must be an http(s) URL string"),
        (r#"{"apiKey":"k","strict":"yes"}"#, "/strict", "strict must be a boolean"),
        (r#"{"apiKey":"k","contactProperties":[{"key":"a"}]}"#, "/contactProperties/0", "each contact property needs a string key and type"),
        (r#"{"apiKey":"k","subscriptions":{}}"#, "/subscriptions", "subscriptions must be an array"),
        (r#"{"apiKey":"k","subscriptions":[3]}"#, "/subscriptions/0", "each subscription must be an object { action, subscribe, mapping }"),
        (r#"{"apiKey":"k","retry":{"attempts":"3"}}"#, "/retry/attempts", "retry.attempts must be a number >= 1"),
        // Typos: refused where they are, with the keys that are known there.
        (r#"{"apiKey":"k","subscriptons":[]}"#, "/subscriptons", &format!("unknown option 'subscriptons' (did you mean 'subscriptions'?); {known}")),
        (r#"{"apiKey":"k","subscriptions":[{"action":"sendEvent","trigger":"event = \"X\""}]}"#, "/subscriptions/0/trigger", "unknown option 'trigger'; the options here are action, subscribe, mapping"),
        (r#"{"apiKey":"k","retry":{"attemps":3}}"#, "/retry/attemps", "unknown option 'attemps' (did you mean 'attempts'?); the options here are attempts, baseDelayMs, maxDelayMs, maxElapsedMs, seed"),
        (r#"{"apiKey":"k","contactProperties":[{"key":"a","typ":"string"}]}"#, "/contactProperties/0/typ", "unknown option 'typ' (did you mean 'type'?); the options here are key, label, type"),
        (r#"{"apiKey":"k","timeout":5}"#, "/timeout", &format!("unknown option 'timeout' (did you mean 'timeoutMs'?); {known}")),
    ];
    for (options, path, message) in cases {
        let err = read(options).expect_err(options);
        assert_eq!((err.kind, err.path.as_str(), err.message.as_str()), (ErrorKind::Config, *path, *message), "{options}");
    }
}

#[test]
fn bad_trigger_reported_per_event() {
    let d = Destination::from_value(&v(r#"{"apiKey":"k","subscriptions":[{"action":"sendEvent","subscribe":""},{"action":"sendEvent","subscribe":5}]}"#)).unwrap();
    for entry in d.preview(&v(r#"{"type":"track"}"#), &common::fixed_clock) {
        assert!(!entry.subscribed && entry.request.is_none());
        assert_eq!(entry.errors[0].message, "Failed to validate subscription");
    }
}

// With the engine (mapping, triggers, payload schema) merged:

fn docs_event() -> Value {
    v(r#"{"messageId":"segment-test-message-gt3ds8","timestamp":"2023-05-24T17:58:30.352Z","type":"identify","email":"adam@loops.so","traits":{"firstName":"Adam","favoriteColor":"blue","favoriteNumber":42},"userId":"test-user-a5h7xb"}"#)
}

fn only_request(d: &Destination, event: &Value) -> Request {
    let entries = d.preview(event, &common::fixed_clock);
    let sent: Vec<_> = entries.into_iter().filter_map(|e| e.request).collect();
    assert_eq!(sent.len(), 1);
    sent.into_iter().next().unwrap()
}

#[test]
fn docs_identify_example_preview() {
    let d = Destination::new(Settings::new(KEY), None).unwrap();
    let entries = d.preview(&docs_event(), &common::fixed_clock);
    assert_eq!(entries.len(), 2);
    assert_eq!((entries[0].action, entries[0].subscribed), ("createOrUpdateContact", true));
    assert_eq!((entries[1].action, entries[1].subscribed), ("sendEvent", false));
    let r = entries[0].request.clone().unwrap();
    assert_eq!((r.method.as_str(), r.url.as_str()), ("PUT", "https://app.loops.so/api/v1/contacts/update"));
    assert_eq!(
        r.body.as_deref(),
        Some(r#"{"firstName":"Adam","favoriteColor":"blue","favoriteNumber":42,"email":"adam@loops.so","source":"Segment","userId":"test-user-a5h7xb","mailingLists":{}}"#)
    );
    assert_eq!(r.header("authorization"), Some("Bearer ****"));
    assert_eq!(r.header("idempotency-key"), None, "contacts/update has no idempotency");
    // The sender's copy carries the key.
    let full = d.requests(&docs_event(), &common::fixed_clock)[0].request.clone().unwrap();
    assert_eq!(full.header("authorization"), Some(&*format!("Bearer {KEY}")));
}

#[test]
fn event_carries_idempotency_key() {
    let d = Destination::from_value(&v(r#"{"apiKey":"k","subscriptions":[{"action":"sendEvent"},{"action":"sendEvent","subscribe":"type = \"track\"","mapping":{"eventName":"Second","userId":{"@path":"$.userId"}}}]}"#)).unwrap();
    let event = v(r#"{"messageId":"m-1","type":"track","event":"Signed Up","userId":"u","properties":{"plan":"pro"}}"#);
    let entries = d.preview(&event, &common::fixed_clock);
    let keys: Vec<Option<&str>> = entries.iter().map(|e| e.request.as_ref().unwrap().header("Idempotency-Key")).collect();
    assert_eq!(keys, [Some("m-1"), Some("m-1~2")]);
    assert_eq!(entries[0].request.as_ref().unwrap().body.as_deref(), Some(r#"{"eventName":"Signed Up","userId":"u","eventProperties":{"plan":"pro"}}"#));
}

#[test]
fn strict_turns_warnings_into_errors() {
    let event = v(r#"{"type":"identify","userId":"u","traits":{"subscribed":true,"email":"a@b.co"}}"#);
    let lenient = Destination::from_value(&v(r#"{"apiKey":"k"}"#)).unwrap();
    let e = &lenient.preview(&event, &common::fixed_clock)[0];
    assert!(e.request.is_some() && e.errors.is_empty());
    assert_eq!(e.warnings[0].path, "/subscribed");
    let strict = Destination::from_value(&v(r#"{"apiKey":"k","strict":true}"#)).unwrap();
    let e = &strict.preview(&event, &common::fixed_clock)[0];
    assert!(e.request.is_none() && e.warnings.is_empty());
    assert_eq!(e.errors[0].path, "/subscribed");
}

#[test]
fn mapped_lists_array_accepted() {
    // Segment: "Mailing Lists must be an object but it was an array." We take Loops' shape.
    let d = Destination::from_value(&v(r#"{"apiKey":"k","subscriptions":[{"action":"createOrUpdateContact","subscribe":"type = \"identify\"","mapping":{"userId":{"@path":"$.userId"},"mailingLists":{"@path":"$.traits.lists"}}}]}"#)).unwrap();
    let r = only_request(&d, &v(r#"{"type":"identify","userId":"u","traits":{"lists":[{"id":"l1","subscribed":false},"l2"]}}"#));
    assert_eq!(r.body.as_deref(), Some(r#"{"userId":"u","mailingLists":{"l1":false,"l2":true}}"#));
}

#[test]
fn delete_and_transactional_through_destination() {
    let d = Destination::from_value(&v(r#"{"apiKey":"k","subscriptions":[
        {"action":"deleteContact","subscribe":"type = \"identify\""},
        {"action":"sendTransactionalEmail","subscribe":"type = \"track\"","mapping":{"transactionalId":"clfq","email":{"@path":"$.properties.email"},"dataVariables":{"name":{"@path":"$.properties.name"}}}}]}"#)).unwrap();
    let r = only_request(&d, &v(r#"{"type":"identify","userId":"u","traits":{"email":"a@b.co"}}"#));
    assert_eq!((r.url.as_str(), r.body.as_deref()), ("https://app.loops.so/api/v1/contacts/delete", Some(r#"{"userId":"u"}"#)));
    let r = only_request(&d, &v(r#"{"messageId":"m","type":"track","properties":{"email":"a@b.co","name":"Chris"}}"#));
    assert_eq!(r.url, "https://app.loops.so/api/v1/transactional");
    assert_eq!(r.body.as_deref(), Some(r#"{"transactionalId":"clfq","email":"a@b.co","dataVariables":{"name":"Chris"}}"#));
    // Its own key: an event of the same message keeps the bare messageId.
    assert_eq!(r.header("idempotency-key"), Some("m~transactional"));
    let e = &d.preview(&v(r#"{"type":"identify"}"#), &common::fixed_clock)[0];
    assert!(e.request.is_none() && !e.errors.is_empty());
}

#[test]
fn plan_names_the_contact_loops_sees_and_when() {
    use loops_destination::delivery::order::Kind;
    let d = Destination::from_value(&v(r#"{"apiKey":"k","subscriptions":[
        {"action":"createOrUpdateContact","subscribe":"type = \"identify\""},
        {"action":"deleteContact","subscribe":"type = \"track\" and event = \"User Deleted\""},
        {"action":"sendEvent","subscribe":"type = \"track\""}]}"#)).unwrap();
    let p = d.plan(&v(r#"{"type":"identify","userId":"u1","timestamp":"2024-01-08T10:11:06.123Z","traits":{"email":"A@B.co"}}"#), &common::fixed_clock);
    assert_eq!((p.contact.as_deref(), p.time_ms, p.kind), (Some("userId:u1"), Some(1_704_708_666_123.0), Some(Kind::Update)));
    // No userId in the body: the email, in lower case; no timestamp: sentAt.
    let t = Destination::from_value(&v(r#"{"apiKey":"k","subscriptions":[{"action":"sendTransactionalEmail","subscribe":"type = \"track\"","mapping":{"transactionalId":"t1","email":{"@path":"$.properties.email"}}}]}"#)).unwrap();
    let p = t.plan(&v(r#"{"type":"track","event":"Played","sentAt":"1970-01-01T00:00:01Z","properties":{"email":"A@B.co"}}"#), &common::fixed_clock);
    assert_eq!((p.contact.as_deref(), p.time_ms, p.kind), (Some("email:a@b.co"), Some(1000.0), Some(Kind::Event)));
    let p = d.plan(&v(r#"{"type":"track","event":"User Deleted","userId":"u1"}"#), &common::fixed_clock);
    assert_eq!((p.contact.as_deref(), p.time_ms, p.kind), (Some("userId:u1"), None, Some(Kind::Delete)));
    let p = d.plan(&v(r#"{"type":"track","event":"Played","userId":"u1","timestamp":"nonsense"}"#), &common::fixed_clock);
    assert_eq!((p.contact.as_deref(), p.time_ms, p.kind), (Some("userId:u1"), None, Some(Kind::Event)));
    let p = d.plan(&v(r#"{"type":"page","userId":"u1"}"#), &common::fixed_clock);
    assert_eq!((p.contact, p.kind), (None, None));
}
