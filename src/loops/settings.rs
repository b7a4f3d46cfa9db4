//! Destination settings: Segment's one field (`apiKey`) plus ours (base URL, strict
//! checks, the account's contact properties).

use crate::error::{Error, Result};
use crate::json::Value;

pub const DEFAULT_BASE_URL: &str = "https://app.loops.so/api";

#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub api_key: String,
    /// Without a trailing `/`; paths such as `/v1/contacts/update` are appended.
    pub base_url: String,
    /// Turn the Loops-aware warnings into errors (nothing is sent).
    pub strict: bool,
    /// The account's contact properties (`GET /v1/contacts/properties`), when known:
    /// enables the type checks.
    pub contact_properties: Option<Vec<ContactProperty>>,
}

/// One entry of `GET /v1/contacts/properties`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactProperty {
    pub key: String,
    pub label: String,
    /// `string`, `number`, `boolean` or `date`.
    pub property_type: String,
}

impl Settings {
    pub fn new(api_key: impl Into<String>) -> Self {
        Settings { api_key: api_key.into(), base_url: DEFAULT_BASE_URL.to_owned(), strict: false, contact_properties: None }
    }

    pub fn with_base_url(mut self, base_url: &str) -> Self {
        self.base_url = base_url.trim_end_matches('/').to_owned();
        self
    }

    /// From `{ apiKey, baseUrl?, strict?, contactProperties? }`. `apiKey` is checked as
    /// Segment checks it (required; a number or boolean becomes its text).
    pub fn from_value(v: &Value) -> Result<Settings> {
        let Some(o) = v.as_object() else {
            return Err(Error::config("", format!("settings must be an object but it was {}", v.type_of())));
        };
        let api_key = match o.get("apiKey") {
            None | Some(Value::Undefined) => {
                return Err(Error::config("/apiKey", "The root value is missing the required field 'apiKey'."))
            }
            Some(Value::Null) => String::new(),
            Some(k @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) => k.to_js_string(),
            Some(other) => {
                return Err(Error::config("/apiKey", format!("API Key must be a string but it was {}.", article(other))))
            }
        };
        let mut settings = Settings::new(api_key);
        match o.get("baseUrl") {
            None | Some(Value::Undefined | Value::Null) => {}
            Some(Value::String(url)) if url.starts_with("https://") || url.starts_with("http://") => {
                settings = settings.with_base_url(url)
            }
            Some(_) => return Err(Error::config("/baseUrl", "baseUrl must be an http(s) URL string")),
        }
        match o.get("strict") {
            None | Some(Value::Undefined | Value::Null) => {}
            Some(Value::Bool(b)) => settings.strict = *b,
            Some(_) => return Err(Error::config("/strict", "strict must be a boolean")),
        }
        match o.get("contactProperties") {
            None | Some(Value::Undefined | Value::Null) => {}
            Some(list) => settings.contact_properties = Some(contact_properties(list)?),
        }
        Ok(settings)
    }
}

/// Reads the array `GET /v1/contacts/properties` returns.
pub fn contact_properties(list: &Value) -> Result<Vec<ContactProperty>> {
    let Some(items) = list.as_array() else {
        return Err(Error::config("/contactProperties", "contactProperties must be the array GET /v1/contacts/properties returns"));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        crate::options::refuse_unknown_keys(item, &format!("/contactProperties/{i}"), &["key", "label", "type"])?;
        let field = |k: &str| item.get(k).and_then(Value::as_str);
        match (field("key"), field("type")) {
            (Some(key), Some(t)) => out.push(ContactProperty {
                key: key.to_owned(),
                label: field("label").unwrap_or(key).to_owned(),
                property_type: t.to_owned(),
            }),
            _ => {
                return Err(Error::config(
                    format!("/contactProperties/{i}"),
                    "each contact property needs a string key and type",
                ))
            }
        }
    }
    Ok(out)
}

/// "a string", "an object", … as ajv-human-errors words a type.
fn article(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
        _ => "a value of another type",
    }
}
