//! Arbitrary JSON as mapping and as event: validate, compile and apply never panic, and
//! the JSON-text path (partial scan, canonical fast path, raw copies) gives exactly the
//! text of the tree path, or an error where it errs.
#![no_main]
use libfuzzer_sys::fuzz_target;
use loops_destination::{json, mapping};

#[path = "split.rs"]
mod split;

fuzz_target!(|data: &[u8]| {
    let now = &|| 1_700_000_000_000.0;
    let (mapping_text, event_text) = split::two_texts(data);
    let Ok(m) = json::parse(&mapping_text) else { return };
    let event = json::parse(&event_text).unwrap_or(json::Value::Null);
    let _ = mapping::validate(&m);
    if let Ok(compiled) = mapping::Mapping::compile(&m) {
        if let Ok(out) = compiled.apply(&event, now) {
            let _ = json::stringify(&out);
        }
        let by_tree = json::parse(&event_text).and_then(|e| compiled.apply_to_text(&e, now));
        let by_text = compiled.apply_text(&event_text, now);
        match (&by_tree, &by_text) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "text path differs on {event_text:?}"),
            (Err(a), Err(b)) => assert_eq!(a.message, b.message, "errors differ on {event_text:?}"),
            _ => panic!("one path errs: tree {by_tree:?}, text {by_text:?}, on {event_text:?}"),
        }
    }
});
