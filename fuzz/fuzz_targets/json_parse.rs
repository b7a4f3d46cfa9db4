//! JSON text → Value → text: parsing never panics, and what it accepts writes back
//! to text that parses to the same text again.
#![no_main]
use libfuzzer_sys::fuzz_target;
use loops_destination::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(value) = json::parse(text) else { return };
    if let Some(out) = json::stringify(&value) {
        let again = json::parse(&out).expect("our own JSON output must parse");
        assert_eq!(json::stringify(&again).as_deref(), Some(out.as_str()), "stringify is not stable");
    }
});
