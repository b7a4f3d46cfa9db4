//! The wasm face in a JS runtime: run plainly (Node) and with
//! `WASM_BINDGEN_USE_BROWSER=1` (headless Chromium, a page on another origin than the
//! simulator: CORS). The send tests need `LOOPS_SIM_URL` at build time: a simulator
//! started with `--cors --config tests/sender/wasm-sim.json` (scripts/test.sh does).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, JsString, Reflect};
use loops_destination::wasm::{matches_json, transform_json, WasmDestination};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

const SIM: Option<&str> = option_env!("LOOPS_SIM_URL");

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}-{}", js_sys::Date::now(), (js_sys::Math::random() * 1e9) as u64)
}

async fn send(dest: &WasmDestination, event: &str) -> Vec<JsValue> {
    let text = JsFuture::from(dest.send_json(&JsValue::from_str(event))).await.expect("send resolves");
    let parsed = js_sys::JSON::parse(&text.as_string().expect("JSON text")).expect("valid JSON");
    Array::from(&parsed).to_vec()
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn destination(key: &str, extra: &str) -> Option<WasmDestination> {
    let Some(sim) = SIM else {
        console_log!("LOOPS_SIM_URL unset at build time: skipping the send tests");
        return None;
    };
    let options = format!(r#"{{"apiKey":"{key}","baseUrl":"{sim}/api","retry":{{"baseDelayMs":1,"maxDelayMs":20,"seed":3}}{extra}}}"#);
    Some(new_destination(&options))
}

fn new_destination(options: &str) -> WasmDestination {
    WasmDestination::new(&JsValue::from_str(options)).unwrap_or_else(|_| panic!("options"))
}

#[wasm_bindgen_test]
fn pure_face_works() {
    let js = |s: &str| JsValue::from_str(s);
    assert_eq!(transform_json(&js(r#"{"a":{"@path":"$.b"}}"#), &js(r#"{"b":1}"#)).ok().as_deref(), Some(r#"{"a":1}"#));
    assert_eq!(matches_json(&js(r#"type = "track""#), &js(r#"{"type":"track"}"#)).ok(), Some(true));
    let err = WasmDestination::new(&js(r#"{"apiKey":"k","rateLimit":0}"#)).err().expect("a bad rateLimit throws");
    assert_eq!(get(&err, "path").as_string().as_deref(), Some("/rateLimit"));
}

#[wasm_bindgen_test]
async fn sends_and_redelivery_is_already_delivered() {
    let Some(dest) = destination("test_key", "") else { return };
    let id = unique("w");
    let email = format!("{id}@example.com");
    let identify = format!(r#"{{"type":"identify","userId":"{id}","traits":{{"email":"{email}"}}}}"#);
    let out = send(&dest, &identify).await;
    assert_eq!(out.len(), 1);
    assert_eq!(get(&out[0], "outcome").as_string().as_deref(), Some("delivered"));
    assert_eq!(get(&out[0], "status").as_f64(), Some(200.0));
    let track = format!(r#"{{"type":"track","event":"Ran","userId":"{id}","messageId":"{id}","context":{{"traits":{{"email":"{email}"}}}}}}"#);
    assert_eq!(get(&send(&dest, &track).await[0], "outcome").as_string().as_deref(), Some("delivered"));
    let again = send(&dest, &track).await;
    assert_eq!(get(&again[0], "outcome").as_string().as_deref(), Some("already_delivered"));
    assert_eq!(get(&again[0], "status").as_f64(), Some(409.0));
}

#[wasm_bindgen_test]
async fn mapping_errors_are_rejected_without_sending() {
    let Some(dest) = destination("test_key", "") else { return };
    let out = send(&dest, r#"{"type":"track","userId":"u"}"#).await;
    assert_eq!(get(&out[0], "outcome").as_string().as_deref(), Some("rejected"));
    assert_eq!(get(&out[0], "attempts").as_f64(), Some(0.0));
    assert!(get(&out[0], "message").as_string().unwrap_or_default().contains("eventName"));
}

#[wasm_bindgen_test]
async fn a_slow_answer_times_out_and_the_retry_lands() {
    let Some(sim) = SIM else { return };
    // One delayed answer for this team only (the other tests use another team).
    let rule = r#"{"match":{"team":"Timeouts","remaining":1},"action":{"delayMs":600,"preset":"http500"}}"#;
    control_post(&format!("{sim}/__sim/faults"), rule).await;
    let Some(dest) = destination("wasm_timeout_key", r#","timeoutMs":150"#) else { return };
    let id = unique("t");
    let out = send(&dest, &format!(r#"{{"type":"identify","userId":"{id}","traits":{{"email":"{id}@example.com"}}}}"#)).await;
    assert_eq!(get(&out[0], "outcome").as_string().as_deref(), Some("delivered"), "{:?}", js_sys::JSON::stringify(&out[0]));
    assert_eq!(get(&out[0], "attempts").as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
async fn an_unreachable_server_fails_with_a_reason_and_no_key() {
    let dest =
        new_destination(r#"{"apiKey":"sk_secret_value","baseUrl":"http://127.0.0.1:1/api","retry":{"attempts":2,"baseDelayMs":1}}"#);
    let out = send(&dest, r#"{"type":"identify","userId":"u","traits":{"email":"u@example.com"}}"#).await;
    assert_eq!(get(&out[0], "outcome").as_string().as_deref(), Some("failed"));
    assert_eq!(get(&out[0], "attempts").as_f64(), Some(2.0));
    let text: String = js_sys::JSON::stringify(&out[0]).map(JsString::into).unwrap_or_default();
    assert!(text.contains("network error"), "{text}");
    assert!(!text.contains("sk_secret_value"));
}

async fn control_post(url: &str, body: &str) {
    let global = js_sys::global();
    let fetch: js_sys::Function = Reflect::get(&global, &"fetch".into()).expect("fetch").into();
    let init = js_sys::Object::new();
    let _ = Reflect::set(&init, &"method".into(), &"POST".into());
    let _ = Reflect::set(&init, &"body".into(), &body.into());
    let promise: js_sys::Promise = fetch.call2(&global, &url.into(), &init).expect("fetch call").into();
    let res = JsFuture::from(promise).await.expect("control call");
    assert_eq!(get(&res, "status").as_f64(), Some(200.0));
}
