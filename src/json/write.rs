//! `Value` → JSON text, exactly as `JSON.stringify` writes it.

use super::lexical::plain_run_end;
use super::Value;

/// `JSON.stringify(v)`; `None` where JS returns `undefined` (for `undefined` itself).
pub fn stringify(v: &Value) -> Option<String> {
    if v.is_undefined() {
        return None;
    }
    let mut out = String::new();
    stringify_into(v, &mut out);
    Some(out)
}

/// Appends the JSON text of `v`; `undefined` is written as `null` (as in arrays).
pub fn stringify_into(v: &Value, out: &mut String) {
    write_value(v, out, None);
}

/// `stringify_into`, leaving out every object member named `dropped` at any depth (what
/// mapping-kit's removal of `__proto__` keys does before the JSON is written).
pub fn stringify_into_without(v: &Value, out: &mut String, dropped: &str) {
    write_value(v, out, Some(dropped));
}

fn write_value(v: &Value, out: &mut String, dropped: Option<&str>) {
    match v {
        Value::Undefined | Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_finite() => super::number::write_js_number(*n, out),
        Value::Number(_) => out.push_str("null"),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out, dropped);
            }
            out.push(']');
        }
        Value::Object(o) => {
            out.push('{');
            let mut first = true;
            for (k, item) in o.iter() {
                if item.is_undefined() || dropped == Some(k.as_str()) {
                    continue;
                }
                if !first {
                    out.push(',');
                }
                first = false;
                write_string(k, out);
                out.push(':');
                write_value(item, out, dropped);
            }
            out.push('}');
        }
    }
}

/// `[{"message":…,"path":…},…]`: how errors and warnings cross to JS (previews,
/// `validateMapping`).
pub fn write_message_list<'a>(items: impl IntoIterator<Item = (&'a str, &'a str)>, out: &mut String) {
    out.push('[');
    for (i, (message, path)) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"message\":");
        write_string(message, out);
        out.push_str(",\"path\":");
        write_string(path, out);
        out.push('}');
    }
    out.push(']');
}

/// A JSON string literal as V8 writes it: `"` and `\` escaped, control characters as
/// `\b \f \n \r \t` or lowercase `\u00xx`, everything else (U+2028 included) raw.
pub fn write_string(s: &str, out: &mut String) {
    out.reserve(s.len() + 2);
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    loop {
        i = plain_run_end(bytes, i);
        let Some(&b) = bytes.get(i) else { break };
        let esc: &str = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => "",
        };
        out.push_str(&s[start..i]);
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        } else {
            out.push_str(esc);
        }
        i += 1;
        start = i;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    #[test]
    fn writes_like_json_stringify() {
        // Expected texts are V8's JSON.stringify output for the same values.
        let cases = [
            (r#"{"a":1.0,"b":[1e21,1e-7,-0.0,100.0]}"#, r#"{"a":1,"b":[1e+21,1e-7,0,100]}"#),
            (r#""\u0001\b\t\n\f\r\"\\/ é\u2028""#, "\"\\u0001\\b\\t\\n\\f\\r\\\"\\\\/ é\u{2028}\""),
            (r#"12345678901234567890"#, "12345678901234567000"),
            (r#"1e400"#, "null"),
        ];
        for (input, expected) in cases {
            assert_eq!(stringify(&parse(input).unwrap()).unwrap(), expected, "{input}");
        }
    }

    #[test]
    fn undefined_is_dropped_from_objects_and_null_in_arrays() {
        let mut o = super::super::Object::new();
        o.insert("a", Value::Undefined);
        o.insert("b", Value::Array(vec![Value::Undefined]));
        assert_eq!(stringify(&Value::Object(o)).unwrap(), r#"{"b":[null]}"#);
        assert_eq!(stringify(&Value::Undefined), None);
    }
}
