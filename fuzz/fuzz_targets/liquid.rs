//! Arbitrary Liquid template text with arbitrary data: parse and render never panic
//! (and never loop: libFuzzer's -timeout catches a hang).
#![no_main]
use libfuzzer_sys::fuzz_target;
use loops_destination::json;
use loops_destination::mapping::liquid::Template;

#[path = "split.rs"]
mod split;

fuzz_target!(|data: &[u8]| {
    let (template, data_text) = split::two_texts(data);
    let Ok(t) = Template::parse(&template) else { return };
    let data = json::parse(&data_text).unwrap_or(json::Value::Null);
    let _ = t.render(&data, &|| 1_700_000_000_000.0);
});
