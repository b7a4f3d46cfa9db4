//! The HTTP request an action sends, as plain data (the transport does the I/O).

use super::Settings;

/// One request to the Loops API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub url: String,
    /// In sending order: `Authorization`, `Content-Type`, `User-Agent`, then `Idempotency-Key` if any.
    pub headers: Vec<(String, String)>,
    /// JSON text, `None` for a GET.
    pub body: Option<String>,
}

pub const USER_AGENT: &str = concat!("loops-destination/", env!("CARGO_PKG_VERSION"));

impl Request {
    pub(crate) fn new(settings: &Settings, method: &str, path: &str, body: Option<String>, idempotency_key: Option<String>) -> Self {
        let mut headers = Vec::with_capacity(4);
        headers.push(("Authorization".to_owned(), format!("Bearer {}", settings.api_key)));
        headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        headers.push(("User-Agent".to_owned(), USER_AGENT.to_owned()));
        if let Some(key) = idempotency_key {
            headers.push(("Idempotency-Key".to_owned(), key));
        }
        Request { method: method.to_owned(), url: format!("{}{}", settings.base_url, path), headers, body }
    }

    /// The value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The same request with the API key hidden, for previews. Not even a few of its
    /// characters are shown: a preview may be shared.
    pub fn redacted(mut self) -> Self {
        for (name, value) in &mut self.headers {
            if name.eq_ignore_ascii_case("authorization") {
                *value = REDACTED_AUTHORIZATION.to_owned();
            }
        }
        self
    }
}

/// What a preview shows instead of `Bearer <key>`.
pub const REDACTED_AUTHORIZATION: &str = "Bearer ****";
