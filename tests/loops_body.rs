//! Request bodies from validated payloads, without the mapping engine. Expected values
//! are Segment's observed outputs (docs/segment.md: the two actions and Segment's own tests) or Loops' docs.

use loops_destination::json::{self, Object, Value};
use loops_destination::loops::{lists, ActionKind};

fn obj(text: &str) -> Object {
    json::parse(text).unwrap().as_object().cloned().unwrap()
}

fn body(action: ActionKind, payload: &str) -> String {
    json::stringify(&Value::Object(action.body(obj(payload)).unwrap())).unwrap()
}

fn contact(payload: &str) -> String {
    body(ActionKind::CreateOrUpdateContact, payload)
}

fn event(payload: &str) -> String {
    body(ActionKind::SendEvent, payload)
}

#[test]
fn docs_identify_example() {
    let payload = r#"{"customAttributes":{"firstName":"Adam","favoriteColor":"blue","favoriteNumber":42},"email":"adam@loops.so","firstName":"Adam","source":"Segment","userId":"test-user-a5h7xb"}"#;
    assert_eq!(
        contact(payload),
        r#"{"firstName":"Adam","favoriteColor":"blue","favoriteNumber":42,"email":"adam@loops.so","source":"Segment","userId":"test-user-a5h7xb","mailingLists":{}}"#
    );
}

#[test]
fn only_required_fields() {
    assert_eq!(contact(r#"{"email":"a@b.co","userId":"u"}"#), r#"{"email":"a@b.co","userId":"u","mailingLists":{}}"#);
    assert_eq!(contact(r#"{"userId":"u"}"#), r#"{"userId":"u","mailingLists":{}}"#);
}

#[test]
fn full_mapping_order_from_segments_test() {
    let payload = r#"{"createdAt":"2025-01-01","customAttributes":{"favoriteColor":"blue"},"email":"a@b.co","firstName":"F","lastName":"L","source":"S","subscribed":true,"userGroup":"G","userId":"U"}"#;
    assert_eq!(
        contact(payload),
        r#"{"favoriteColor":"blue","createdAt":"2025-01-01","email":"a@b.co","firstName":"F","lastName":"L","source":"S","subscribed":true,"userGroup":"G","userId":"U","mailingLists":{}}"#
    );
}

#[test]
fn mapped_field_overwrites_attribute_in_place() {
    let payload = r#"{"customAttributes":{"a":1,"firstName":"T","b":2},"userId":"u","firstName":"Mapped"}"#;
    assert_eq!(contact(payload), r#"{"a":1,"firstName":"Mapped","b":2,"userId":"u","mailingLists":{}}"#);
}

#[test]
fn mailing_lists_filter_as_segment() {
    let payload = r#"{"userId":"u","mailingLists":{"1234":"true","74648":"false","56456":"foobar"}}"#;
    assert_eq!(contact(payload), r#"{"userId":"u","mailingLists":{"1234":true,"74648":false}}"#);
    let payload = r#"{"userId":"u","mailingLists":{"a":"TRUE","b":1,"c":{},"d":null,"e":true}}"#;
    assert_eq!(contact(payload), r#"{"userId":"u","mailingLists":{"e":true}}"#);
}

#[test]
fn mapped_non_empty_lists_win_even_when_filtered_empty() {
    let payload = r#"{"customAttributes":{"mailingLists":{"t":true}},"userId":"u","mailingLists":{"a":"nope"}}"#;
    assert_eq!(contact(payload), r#"{"userId":"u","mailingLists":{}}"#);
}

#[test]
fn empty_mapped_lists_fall_back_to_traits() {
    let payload = r#"{"customAttributes":{"mailingLists":{"t":true}},"userId":"u","mailingLists":{}}"#;
    assert_eq!(contact(payload), r#"{"userId":"u","mailingLists":{"t":true}}"#);
    let payload = r#"{"customAttributes":{"a":1,"mailingLists":{"t":"false"}},"userId":"u"}"#;
    assert_eq!(contact(payload), r#"{"a":1,"userId":"u","mailingLists":{"t":false}}"#);
}

#[test]
fn traits_lists_never_spread_and_always_last() {
    let payload = r#"{"customAttributes":{"a":1,"mailingLists":{"l":true},"email":"x@y.co"},"email":"a@b.co","userId":"u"}"#;
    assert_eq!(contact(payload), r#"{"a":1,"email":"a@b.co","userId":"u","mailingLists":{"l":true}}"#);
}

#[test]
fn traits_lists_of_other_types_give_empty() {
    for lists in ["null", "false", "0", "\"\"", "\"cm1\"", "5", "true"] {
        let payload = format!(r#"{{"customAttributes":{{"mailingLists":{lists}}},"userId":"u"}}"#);
        assert_eq!(contact(&payload), r#"{"userId":"u","mailingLists":{}}"#, "{lists}");
    }
}

#[test]
fn traits_array_walked_by_index() {
    let payload = r#"{"customAttributes":{"mailingLists":[true,"false",1]},"userId":"u"}"#;
    assert_eq!(contact(payload), r#"{"userId":"u","mailingLists":{"0":true,"1":false}}"#);
}

#[test]
fn integer_like_list_ids_first() {
    let payload = r#"{"userId":"u","mailingLists":{"zz":true,"1234":true,"2":false}}"#;
    assert_eq!(contact(payload), r#"{"userId":"u","mailingLists":{"2":false,"1234":true,"zz":true}}"#);
}

#[test]
fn raw_traits_pass_through() {
    let payload = r#"{"customAttributes":{"firstName":null,"nick":"","subscribed":"false","addr":{"c":"L"}},"source":"Segment","userId":"u"}"#;
    assert_eq!(
        contact(payload),
        r#"{"firstName":null,"nick":"","subscribed":"false","addr":{"c":"L"},"source":"Segment","userId":"u","mailingLists":{}}"#
    );
}

#[test]
fn numbers_and_escapes_as_json_stringify() {
    let payload = "{\"customAttributes\":{\"a\":1.0,\"b\":-0,\"c\":2.5e-8,\"d\":12345678901234567890,\"e\":\"a\\u0001b\\tc\\u2028\"},\"userId\":\"u\"}";
    assert_eq!(
        contact(payload),
        "{\"a\":1,\"b\":0,\"c\":2.5e-8,\"d\":12345678901234567000,\"e\":\"a\\u0001b\\tc\u{2028}\",\"userId\":\"u\",\"mailingLists\":{}}"
    );
}

// Beyond Segment: Loops' array shapes.

#[test]
fn lists_array_of_entries_becomes_object() {
    let payload = r#"{"customAttributes":{"mailingLists":[{"id":"l1","subscribed":true},{"listId":"l2","subscribed":false},{"id":"l3"}]},"userId":"u"}"#;
    assert_eq!(contact(payload), r#"{"userId":"u","mailingLists":{"l1":true,"l2":false,"l3":true}}"#);
}

#[test]
fn lists_array_of_ids_becomes_object() {
    let payload = r#"{"customAttributes":{"mailingLists":["cm1","cm2"]},"userId":"u"}"#;
    assert_eq!(contact(payload), r#"{"userId":"u","mailingLists":{"cm1":true,"cm2":true}}"#);
}

#[test]
fn lists_array_entries_with_bad_subscribed_are_dropped() {
    let v = json::parse(r#"[{"id":"a","subscribed":"yes"},{"id":"b","subscribed":"false"},{"listId":7},{"other":1},3]"#).unwrap();
    let got = json::stringify(&Value::Object(lists::filter(&v))).unwrap();
    assert_eq!(got, r#"{"7":true,"b":false}"#);
}

#[test]
fn mapped_lists_array_normalized_before_validation() {
    let mut mapped = json::parse(r#"{"userId":"u","mailingLists":[{"listId":"l1","subscribed":false}]}"#).unwrap();
    ActionKind::CreateOrUpdateContact.prepare(&mut mapped);
    assert_eq!(json::stringify(&mapped).unwrap(), r#"{"userId":"u","mailingLists":{"l1":false}}"#);
    // Not a Loops shape: left for validation to refuse, as Segment does.
    let mut mapped = json::parse(r#"{"userId":"u","mailingLists":[true]}"#).unwrap();
    ActionKind::CreateOrUpdateContact.prepare(&mut mapped);
    assert_eq!(json::stringify(&mapped).unwrap(), r#"{"userId":"u","mailingLists":[true]}"#);
    // Other actions are untouched.
    let mut mapped = json::parse(r#"{"mailingLists":["a"]}"#).unwrap();
    ActionKind::SendEvent.prepare(&mut mapped);
    assert_eq!(json::stringify(&mapped).unwrap(), r#"{"mailingLists":["a"]}"#);
}

// sendEvent

#[test]
fn event_body_order() {
    assert_eq!(
        event(r#"{"eventProperties":{"a":1},"userId":"u","eventName":"E","email":"a@b.co"}"#),
        r#"{"email":"a@b.co","eventName":"E","userId":"u","eventProperties":{"a":1}}"#
    );
    assert_eq!(event(r#"{"eventName":"E","userId":"u"}"#), r#"{"eventName":"E","userId":"u"}"#);
}

#[test]
fn contact_properties_spread_last() {
    assert_eq!(
        event(r#"{"eventName":"E","userId":"u","contactProperties":{"firstName":"Bob","anIntegerProperty":1}}"#),
        r#"{"eventName":"E","userId":"u","firstName":"Bob","anIntegerProperty":1}"#
    );
}

#[test]
fn contact_properties_overwrite_in_place() {
    assert_eq!(
        event(r#"{"eventName":"E","userId":"u","contactProperties":{"userId":"overridden","email":"x@y.co"}}"#),
        r#"{"email":"x@y.co","eventName":"E","userId":"overridden"}"#
    );
}

#[test]
fn contact_properties_integer_keys_and_nulls() {
    assert_eq!(
        event(r#"{"eventName":"E","userId":"u","contactProperties":{"z":1,"5":2,"1":null}}"#),
        r#"{"1":null,"5":2,"eventName":"E","userId":"u","z":1}"#
    );
}

// Beyond Segment: delete and transactional.

#[test]
fn delete_sends_one_string_identifier() {
    assert_eq!(body(ActionKind::DeleteContact, r#"{"userId":"u","email":"a@b.co"}"#), r#"{"userId":"u"}"#);
    assert_eq!(body(ActionKind::DeleteContact, r#"{"email":"a@b.co"}"#), r#"{"email":"a@b.co"}"#);
    let err = ActionKind::DeleteContact.body(obj("{}")).unwrap_err();
    assert_eq!(err.message, "Deleting a contact needs a User ID or a Contact Email.");
}

#[test]
fn delete_differs_from_segments_array() {
    // Segment's onDelete sends {"userId":["u"]}, which Loops rejects.
    let ours = body(ActionKind::DeleteContact, r#"{"userId":"u"}"#);
    assert_ne!(ours, r#"{"userId":["u"]}"#);
}

#[test]
fn transactional_body_order() {
    assert_eq!(
        body(
            ActionKind::SendTransactionalEmail,
            r#"{"dataVariables":{"name":"Chris"},"email":"f@e.com","addToAudience":true,"transactionalId":"clfq"}"#
        ),
        r#"{"transactionalId":"clfq","email":"f@e.com","addToAudience":true,"dataVariables":{"name":"Chris"}}"#
    );
}

#[test]
fn endpoints() {
    let table = [
        (ActionKind::CreateOrUpdateContact, "PUT", "/v1/contacts/update", false),
        (ActionKind::SendEvent, "POST", "/v1/events/send", true),
        (ActionKind::DeleteContact, "POST", "/v1/contacts/delete", false),
        (ActionKind::SendTransactionalEmail, "POST", "/v1/transactional", true),
    ];
    for (a, method, path, idem) in table {
        assert_eq!((a.method(), a.path(), a.idempotent()), (method, path, idem), "{a:?}");
        assert_eq!(ActionKind::from_key(a.key()), Some(a));
    }
    assert_eq!(ActionKind::from_key("nope"), None);
}
