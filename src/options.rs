//! The option objects users write (`new Destination({ … })`, its `retry` and
//! `subscriptions`, the webhook options): a key that is no option is refused, so a typo
//! does not quietly fall back to a default (`subscriptons` would send with the default
//! subscriptions, a `trigger` instead of `subscribe` with the default trigger).

use crate::error::{pointer_push, Error, Result};
use crate::json::Value;

/// An error at the first key of `v` (an object at JSON pointer `at`) that is not in
/// `known`, naming the known ones. Keys whose value is `undefined` are left alone (JS
/// spreads write them); a `v` that is no object is for the caller to refuse.
pub fn refuse_unknown_keys(v: &Value, at: &str, known: &[&str]) -> Result<()> {
    let Some(object) = v.as_object() else { return Ok(()) };
    let Some((key, _)) = object.iter().find(|(k, v)| !known.contains(&k.as_str()) && !v.is_undefined()) else {
        return Ok(());
    };
    let hint = known.iter().find(|k| close(key, k)).map(|k| format!(" (did you mean '{k}'?)")).unwrap_or_default();
    Err(Error::config(pointer_push(at, key), format!("unknown option '{key}'{hint}; the options here are {}", known.join(", "))))
}

/// Within two edits (insert, delete, replace a character), case aside: a likely typo.
fn close(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.to_ascii_lowercase().chars().collect(), b.to_ascii_lowercase().chars().collect());
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let replaced = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = replaced.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()] <= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str, known: &[&str]) -> Option<(String, String)> {
        refuse_unknown_keys(&crate::json::parse(text).unwrap(), "/x", known).err().map(|e| (e.path, e.message))
    }

    #[test]
    fn names_the_unknown_key_where_it_is_and_the_known_ones() {
        let known = ["apiKey", "subscriptions"];
        assert_eq!(refused(r#"{"apiKey":"k","subscriptions":[]}"#, &known), None);
        assert_eq!(refused(r#"[1]"#, &known), None);
        assert_eq!(
            refused(r#"{"apiKey":"k","subscriptons":[]}"#, &known),
            Some(("/x/subscriptons".into(), "unknown option 'subscriptons' (did you mean 'subscriptions'?); the options here are apiKey, subscriptions".into()))
        );
        assert_eq!(
            refused(r#"{"a/b":1}"#, &known),
            Some(("/x/a~1b".into(), "unknown option 'a/b'; the options here are apiKey, subscriptions".into()))
        );
    }

    #[test]
    fn close_is_two_edits_at_most() {
        assert!(close("apikey", "apiKey") && close("retyr", "retry") && close("timeout", "timeoutMs"));
        assert!(!close("trigger", "subscribe") && !close("x", "mapping"));
    }
}
