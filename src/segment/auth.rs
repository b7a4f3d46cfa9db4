//! Segment's webhook credentials: the `X-Signature` (HMAC-SHA1 in hex, from `digest`)
//! and the bearer token, compared in time that does not show where they differ.

use crate::digest::{from_hex, hex, sha1};
pub use crate::digest::hmac_sha1;

/// The keys of the webhook options (`segmentWebhook(body, options)`): the request's
/// headers, the credentials, the limits and the caller's clock.
pub const OPTION_KEYS: [&str; 9] =
    ["signature", "authorization", "sharedSecret", "token", "tokenAlways", "maxEvents", "maxEventBytes", "maxAgeSeconds", "now"];

/// Segment's `X-Signature` for `text`: lowercase hex.
pub fn hmac_sha1_hex(secret: &str, text: &str) -> String {
    hex(&hmac_sha1(secret.as_bytes(), text.as_bytes()))
}

/// Whether `header` (hex, any case, surrounding spaces ignored) is the signature of `signed`.
pub fn signature_matches(secret: &str, signed: &str, header: &str) -> bool {
    let Some(given) = from_hex::<20>(header.trim().as_bytes()) else { return false };
    constant_time_eq(&given, &hmac_sha1(secret.as_bytes(), signed.as_bytes()))
}

/// Equal bytes, in time that depends only on the lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Whether `authorization` is `Bearer <token>`. Both sides are hashed first so not even
/// the token's length shows in the timing.
pub fn bearer_matches(authorization: Option<&str>, token: &str) -> bool {
    let Some(given) = authorization.map(str::trim) else { return false };
    let given = match given.split_once(' ') {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim(),
        _ => return false,
    };
    constant_time_eq(&sha1(given.as_bytes()), &sha1(token.as_bytes()))
}
