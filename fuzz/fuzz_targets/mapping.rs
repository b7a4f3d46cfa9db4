//! Arbitrary JSON as mapping and as event: validate, compile and apply never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use loops_destination::{json, mapping};

#[path = "split.rs"]
mod split;

fuzz_target!(|data: &[u8]| {
    let (mapping_text, event_text) = split::two_texts(data);
    let Ok(m) = json::parse(&mapping_text) else { return };
    let event = json::parse(&event_text).unwrap_or(json::Value::Null);
    let _ = mapping::validate(&m);
    if let Ok(compiled) = mapping::Mapping::compile(&m) {
        if let Ok(out) = compiled.apply(&event) {
            let _ = json::stringify(&out);
        }
    }
});
