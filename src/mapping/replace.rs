//! `@replace`'s `value.replace(new RegExp(escaped(pattern), flags), replacement)`: the
//! pattern is escaped, so it matches literally; the replacement still expands `$$`,
//! `$&`, `` $` `` and `$'` (there are no capture groups, so `$1` stays as written).

/// A literal pattern with its flags, ready to run.
#[derive(Clone, Debug)]
pub struct Replacer {
    pattern: Vec<char>,
    replacement: String,
    global: bool,
    ignore_case: bool,
}

impl Replacer {
    pub fn new(pattern: &str, replacement: &str, global: bool, ignore_case: bool) -> Replacer {
        let pattern = pattern.chars().map(|c| if ignore_case { canonicalize(c) } else { c }).collect();
        Replacer { pattern, replacement: replacement.to_owned(), global, ignore_case }
    }

    pub fn replace(&self, value: &str) -> String {
        let chars: Vec<(usize, char)> = value.char_indices().collect();
        let n = self.pattern.len();
        let mut out = String::with_capacity(value.len());
        let mut copied = 0; // byte offset in `value` copied so far
        let mut i = 0;
        while n > 0 && i + n <= chars.len() {
            let hit = chars[i..i + n].iter().zip(&self.pattern).all(|(&(_, c), &p)| {
                if self.ignore_case {
                    canonicalize(c) == p
                } else {
                    c == p
                }
            });
            if !hit {
                i += 1;
                continue;
            }
            let start = chars[i].0;
            let end = chars.get(i + n).map_or(value.len(), |&(at, _)| at);
            out.push_str(&value[copied..start]);
            self.expand(value, start, end, &mut out);
            copied = end;
            i += n;
            if !self.global {
                break;
            }
        }
        out.push_str(&value[copied..]);
        out
    }

    /// GetSubstitution for a match `value[start..end]` with no capture groups.
    fn expand(&self, value: &str, start: usize, end: usize, out: &mut String) {
        let mut rest = self.replacement.as_str();
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            match after.as_bytes().first() {
                Some(b'$') => out.push('$'),
                Some(b'&') => out.push_str(&value[start..end]),
                Some(b'`') => out.push_str(&value[..start]),
                Some(b'\'') => out.push_str(&value[end..]),
                _ => {
                    out.push('$');
                    rest = after;
                    continue;
                }
            }
            rest = &after[1..];
        }
        out.push_str(rest);
    }
}

/// Canonicalize of a non-unicode `i` RegExp: the simple uppercase of a character when
/// it is one UTF-16 unit and does not turn a non-ASCII character into ASCII.
fn canonicalize(c: char) -> char {
    if c.len_utf16() != 1 {
        return c;
    }
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) if u.len_utf16() == 1 && !(c as u32 >= 128 && (u as u32) < 128) => u,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::Replacer;

    #[test]
    fn literal_and_dollar_forms() {
        assert_eq!(Replacer::new("a.", "[$&]", true, false).replace("a.ba.x"), "[a.]b[a.]x");
        assert_eq!(Replacer::new("b", "$`|$'|$$|$1", false, false).replace("abc"), "aa|c|$|$1c");
        assert_eq!(Replacer::new("A", "x", true, true).replace("aAb"), "xxb");
    }
}
