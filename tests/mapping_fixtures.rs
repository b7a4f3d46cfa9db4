//! mapping-kit beyond its fixtures (those run in tests/fixtures.rs): no-panic checks
//! over generated and deep inputs.

mod common;

use common::Rng;

use loops_destination::json::{Object, Value};
use loops_destination::mapping::{self, Mapping};

const KEYS: &[&str] = &[
    "a", "b", "0", "1", "length", "exists", "blank", "then", "else", "value", "operator", "pattern", "replacement",
    "pattern2", "mode", "separator", "omitArrays", "direction", "objects", "apply", "mapping", "_metadata",
    "__proto__", "constructor", "@path", "@template", "@if", "@case", "@replace", "@arrayPath", "@json",
    "@flatten", "@merge", "@transform", "@excludeWhenNull", "@literal", "@liquid", "@bogus",
    "__segment_internal_directive",
];
const STRINGS: &[&str] = &[
    "", "$.a", "$.a.b", "a[0]", "$.b.length", "{{a}}", "{{{a}}}x{{b}}", "lower", "upper", "encode", "decode",
    "left", "right", ".", "$", "x", "😀", "{\"a\":1}", "a['b']", "[[", "]]", "{{", "}}", "$&$`$'",
];

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    let kind = if depth == 0 { rng.below(5) } else { rng.below(8) };
    match kind {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::Number([0.0, 1.0, -0.0, 1e21, 1e-7, 2.5, -3.0][rng.below(7)]),
        3 | 4 => Value::from(rng.pick(STRINGS)),
        5 => Value::Array((0..rng.below(4)).map(|_| random_value(rng, depth - 1)).collect()),
        _ => {
            let mut o = Object::new();
            for _ in 0..rng.below(4) {
                let k = rng.pick(KEYS);
                let v = random_value(rng, depth - 1);
                o.insert(k, v);
            }
            Value::Object(o)
        }
    }
}

#[test]
fn random_mappings_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut outcomes = [0usize; 2];
    for _ in 0..20_000 {
        let m = random_value(&mut rng, 5);
        let d = random_value(&mut rng, 4);
        outcomes[mapping::transform(&m, &d, &common::fixed_clock).is_ok() as usize] += 1;
        let _ = mapping::validate(&m);
    }
    // The generator must reach both outcomes to be worth anything.
    assert!(outcomes[0] > 100 && outcomes[1] > 100, "{outcomes:?}");
}

/// Takes a deep value apart without recursion (dropping it recursively could itself
/// overflow the test thread's stack).
fn dismantle(v: Value) {
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(o) => stack.extend(o.into_iter().map(|(_, x)| x)),
            _ => {}
        }
    }
}

fn deep(levels: usize, leaf: Value, wrap: impl Fn(Value) -> Value) -> Value {
    (0..levels).fold(leaf, |v, _| wrap(v))
}

#[test]
fn deep_mappings_and_data_are_refused_not_overflowed() {
    let literal = |v: Value| Value::Object([("@literal", v)].into_iter().collect());
    let m = deep(10_000, Value::from("x"), literal);
    let err = Mapping::compile(&m).unwrap_err();
    assert!(err.message.contains("nested deeper than"), "{}", err.message);
    dismantle(m);

    let nested = |v: Value| Value::Object([("a", v)].into_iter().collect());
    let data = deep(10_000, Value::Null, nested);
    let m = Mapping::compile(&Value::Object([("x", Value::Object([("@path", Value::from("$.a"))].into_iter().collect()))].into_iter().collect())).unwrap();
    let err = m.apply(&data, &common::fixed_clock).unwrap_err();
    assert!(err.message.contains("nested deeper than"), "{}", err.message);
    dismantle(data);

    // Just under the limit works.
    let m = deep(200, Value::from("x"), literal);
    let out = mapping::transform(&Value::Object([("k", m.clone())].into_iter().collect()), &Value::Object(Object::new()), &common::fixed_clock).unwrap();
    assert_eq!(out.get("k"), Some(&Value::from("x")));
}

