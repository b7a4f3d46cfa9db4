//! Reads the data-driven fixtures in tests/fixtures/<kind>/*.jsonl (format:
//! tests/fixtures/README.md): one case per line, each with Segment's own result
//! recorded by tests/segment/record.mjs; tests/fixtures.rs is their one runner.
#![allow(dead_code)]

use loops_destination::json::{self, Object, Value};
use std::path::PathBuf;

pub struct Case {
    pub file: String,
    pub line: usize,
    pub name: String,
    pub value: Value,
}

impl Case {
    pub fn field(&self, key: &str) -> Option<&Value> {
        self.value.get(key)
    }
    pub fn at(&self) -> String {
        format!("{}:{} ({})", self.file, self.line, self.name)
    }
}

/// Every case of every `.jsonl` file in tests/fixtures/<kind>/, in file and line order.
pub fn cases(kind: &str) -> Vec<Case> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(kind);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(&path).display().to_string();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with("//") {
                continue;
            }
            let value = json::parse(line).unwrap_or_else(|e| panic!("{file}:{}: {e}", i + 1));
            let name = value.get("name").and_then(Value::as_str).unwrap_or("").to_owned();
            out.push(Case { file: file.clone(), line: i + 1, name, value });
        }
    }
    out
}

/// JSON text of a value, `undefined` shown as such: comparing texts compares key order too.
pub fn text(v: &Value) -> String {
    json::stringify(v).unwrap_or_else(|| "undefined".into())
}

/// Runs `check` on every case and fails once at the end listing every failing case.
pub fn run_all(kind: &str, min_cases: usize, mut check: impl FnMut(&Case) -> Result<(), String>) {
    let cases = cases(kind);
    assert!(cases.len() >= min_cases, "expected at least {min_cases} {kind} cases, found {}", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| check(c).err().map(|e| format!("{}: {e}", c.at()))).collect();
    assert!(failures.is_empty(), "{} of {} {kind} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n"));
    println!("{} {kind} cases pass", cases.len());
}

/// xorshift64*: a tiny seeded generator for property tests, so every failure reproduces.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// What generated JSON is made of (`Shapes::value`, `Shapes::object`): a test's own keys
/// and strings, the numbers it wants, how long its long strings are, how many keys an
/// object may have.
pub struct Shapes {
    pub keys: &'static [&'static str],
    pub strings: &'static [&'static str],
    pub numbers: &'static [f64],
    pub long_len: fn(&mut Rng) -> usize,
    pub max_keys: usize,
}

impl Shapes {
    /// A value nested at most `depth` levels: scalars, strings, long strings, objects, arrays.
    pub fn value(&self, rng: &mut Rng, depth: u32) -> Value {
        match rng.below(if depth == 0 { 5 } else { 8 }) {
            0 => Value::Null,
            1 => Value::Bool(rng.below(2) == 1),
            2 => Value::Number(rng.pick(self.numbers)),
            3 => Value::from(rng.pick(self.strings)),
            4 => Value::from("x".repeat((self.long_len)(rng))),
            5 | 6 => Value::Object(self.object(rng, depth - 1)),
            _ => Value::Array((0..rng.below(4)).map(|_| self.value(rng, depth - 1)).collect()),
        }
    }

    /// An object of fewer than `max_keys` keys drawn from `keys` (repeats overwrite).
    pub fn object(&self, rng: &mut Rng, depth: u32) -> Object {
        let mut o = Object::new();
        for _ in 0..rng.below(self.max_keys) {
            o.insert(rng.pick(self.keys), self.value(rng, depth));
        }
        o
    }
}

/// The time the fixtures run at (2023-11-14T22:13:20Z): no recorded case reads `"now"`,
/// so any fixed time gives Segment's results.
pub fn fixed_clock() -> f64 {
    1_700_000_000_000.0
}
