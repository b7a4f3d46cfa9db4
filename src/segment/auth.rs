//! HMAC-SHA1 (RFC 2104 over `sha1_smol`) and comparisons that take the same time
//! wherever the first difference is.

use sha1_smol::Sha1;

const BLOCK: usize = 64;

pub fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..20].copy_from_slice(&Sha1::from(key).digest().bytes());
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha1::new();
    inner.update(&k.map(|b| b ^ 0x36));
    inner.update(message);
    let mut outer = Sha1::new();
    outer.update(&k.map(|b| b ^ 0x5c));
    outer.update(&inner.digest().bytes());
    outer.digest().bytes()
}

/// Segment's `X-Signature` for `text`: lowercase hex.
pub fn hmac_sha1_hex(secret: &str, text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(40);
    for b in hmac_sha1(secret.as_bytes(), text.as_bytes()) {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 15)] as char);
    }
    out
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Whether `header` (hex, any case, surrounding spaces ignored) is the signature of `signed`.
pub fn signature_matches(secret: &str, signed: &str, header: &str) -> bool {
    let header = header.trim().as_bytes();
    if header.len() != 40 {
        return false;
    }
    let mut given = [0u8; 20];
    for (i, pair) in header.chunks_exact(2).enumerate() {
        match (hex_digit(pair[0]), hex_digit(pair[1])) {
            (Some(hi), Some(lo)) => given[i] = hi << 4 | lo,
            _ => return false,
        }
    }
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
    let digest = |s: &str| Sha1::from(s).digest().bytes();
    constant_time_eq(&digest(given), &digest(token))
}
