//! The only I/O: one HTTP attempt through the global `fetch` (never `window.fetch`:
//! Node, Web Workers and workerd have no `window`), with a per-attempt timeout through
//! `AbortController`, and a timer-based sleep. The delivery state machine decides what
//! to send and when; this module just does it.

use crate::delivery::Attempt;
use crate::loops::Request;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

// Strings cross as `JsValue`s on purpose: V8 compiles one wrapper per distinct import
// signature when it compiles the module (~75 µs each in Node 20), and these reuse
// signatures other imports already have, where web-sys' `&str` versions (pointer +
// length pairs) each added one.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(url: &JsValue, init: &RequestInit) -> Promise;
    /// web-sys' `Headers` and `RequestInit`, seen through these imports.
    type HeadersValue;
    type RequestInitValue;
    #[wasm_bindgen(method, setter = "method")]
    fn set_method(this: &RequestInitValue, method: &JsValue);
    #[wasm_bindgen(method, setter = "redirect")]
    fn set_redirect(this: &RequestInitValue, redirect: &JsValue);
    #[wasm_bindgen(catch, method, js_class = "Headers")]
    fn append(this: &HeadersValue, name: &JsValue, value: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, method, js_class = "Headers")]
    fn get(this: &HeadersValue, name: &JsValue) -> Result<JsValue, JsValue>;
    // Numbers as `JsValue` too: `() → f64` would be a signature of its own.
    #[wasm_bindgen(js_namespace = Date, js_name = now)]
    fn date_now() -> JsValue;
    #[wasm_bindgen(js_namespace = Math, js_name = random)]
    fn math_random() -> JsValue;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// Milliseconds since the epoch (any monotonic-enough clock does for the bucket).
pub fn now_ms() -> f64 {
    date_now().as_f64().unwrap_or(0.0)
}

/// `Math.random()`.
pub fn random() -> f64 {
    math_random().as_f64().unwrap_or(0.0)
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: f64) {
    let promise = Promise::new(&mut |resolve, _reject| {
        set_timeout(&resolve, ms.max(0.0));
    });
    let _ = JsFuture::from(promise).await;
}

/// What one attempt got: owned, so the caller can hand the state machine a borrowed view.
pub enum Answer {
    Response { status: u16, headers: Vec<(String, String)>, body: String },
    Timeout,
    NetworkError(String),
}

impl Answer {
    pub fn attempt(&self) -> Attempt<'_> {
        match self {
            Answer::Response { status, headers, body } => Attempt::Response { status: *status, headers, body },
            Answer::Timeout => Attempt::Timeout,
            Answer::NetworkError(text) => Attempt::NetworkError(text),
        }
    }
}

/// Loops' headers worth reading: the rate limit.
const READ_HEADERS: [&str; 2] = ["x-ratelimit-limit", "x-ratelimit-remaining"];
/// Loops' answers are a few hundred bytes; a body that says it is bigger is not read
/// (a wrong base URL can point anywhere), and one read is cut to this.
const MAX_BODY_BYTES: usize = 64 * 1024;

/// Sends `request` once; the timeout covers the response body too.
pub async fn send(request: &Request, timeout_ms: f64) -> Answer {
    let controller = match AbortController::new() {
        Ok(c) => c,
        Err(e) => return Answer::NetworkError(error_text(&e)),
    };
    let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
    let on_timeout = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        Closure::once_into_js(move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let timer = set_timeout(on_timeout.unchecked_ref(), timeout_ms);
    let result = exchange(request, &controller).await;
    clear_timeout(&timer);
    match result {
        Ok(answer) => answer,
        Err(_) if timed_out.get() => Answer::Timeout,
        Err(e) => Answer::NetworkError(error_text(&e)),
    }
}

async fn exchange(request: &Request, controller: &AbortController) -> Result<Answer, JsValue> {
    let headers = Headers::new()?;
    for (name, value) in &request.headers {
        let headers: &HeadersValue = headers.unchecked_ref();
        // Node's refusal quotes the value, and the Authorization value is the key.
        if headers.append(&JsValue::from_str(name), &JsValue::from_str(value)).is_err() {
            return Err(JsValue::from_str(&format!("the {name} header has a character HTTP does not allow")));
        }
    }
    let init = RequestInit::new();
    let init_value = init.unchecked_ref::<RequestInitValue>();
    init_value.set_method(&JsValue::from_str(&request.method));
    // Never follow a redirect: it would carry the Authorization header to another host.
    // A 3xx comes back as it is (Loops' API never redirects: a wrong base URL does).
    init_value.set_redirect(&JsValue::from_str("manual"));
    init.set_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    init.set_signal(Some(&controller.signal()));
    let response: Response = JsFuture::from(global_fetch(&JsValue::from_str(&request.url), &init)).await?.dyn_into()?;
    let response_headers: HeadersValue = response.headers().unchecked_into();
    let declared = response_headers.get(&JsValue::from_str("content-length")).ok().and_then(|v| v.as_string()).and_then(|v| v.trim().parse::<usize>().ok());
    let body = if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        String::new()
    } else {
        let mut text = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
        if text.len() > MAX_BODY_BYTES {
            let cut = (0..=MAX_BODY_BYTES).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            text.truncate(cut);
        }
        text
    };
    let mut read = Vec::with_capacity(READ_HEADERS.len());
    for name in READ_HEADERS {
        let value = response_headers.get(&JsValue::from_str(name));
        if let Some(value) = value.ok().and_then(|v| v.as_string()) {
            read.push((name.to_owned(), value));
        }
    }
    // Browsers hide a manual redirect as an "opaqueredirect" response of status 0.
    let status = match response.status() {
        0 => 302,
        s => s,
    };
    Ok(Answer::Response { status, headers: read, body })
}

/// A thrown value's text: `Error.message` (with its cause's, which is where Node puts
/// the real reason of a `fetch failed`), else `String(value)`. Runtimes name the URL
/// at most; the key travels in a header and is never in these texts.
fn error_text(e: &JsValue) -> String {
    let Some(err) = e.dyn_ref::<js_sys::Error>() else {
        return e.as_string().unwrap_or_else(|| "unknown error".to_owned());
    };
    let mut text: String = err.message().into();
    let cause = err.cause();
    if let Some(c) = cause.dyn_ref::<js_sys::Error>() {
        text.push_str(&format!(" ({})", String::from(c.message())));
    }
    text
}
