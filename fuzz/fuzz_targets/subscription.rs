//! Arbitrary trigger text and event: parsing and matching never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use loops_destination::json;
use loops_destination::subscription::Subscription;

#[path = "split.rs"]
mod split;

fuzz_target!(|data: &[u8]| {
    let (trigger, event_text) = split::two_texts(data);
    let Ok(sub) = Subscription::parse(&trigger) else { return };
    let event = json::parse(&event_text).unwrap_or(json::Value::Null);
    let _ = sub.matches(&event);
});
