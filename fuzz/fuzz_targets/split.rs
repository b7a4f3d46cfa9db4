/// Splits a fuzz input into two texts at the first 0xFF byte (never part of UTF-8), so a
/// seed corpus can hold e.g. `mapping 0xFF event`. Invalid UTF-8 is replaced, not dropped.
pub fn two_texts(data: &[u8]) -> (String, String) {
    let at = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let (a, b) = data.split_at(at);
    let b = b.get(1..).unwrap_or(&[]);
    (String::from_utf8_lossy(a).into_owned(), String::from_utf8_lossy(b).into_owned())
}
