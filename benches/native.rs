//! Native speed of the mapping engine on the same cases as benches/mapping.mjs.
//! Prints one JSON line per case: {"case", "opsPerSec"} (median of 5 rounds).
//! Run through scripts/bench.sh, which puts it side by side with Segment's code.

use loops_destination::json;
use loops_destination::mapping::Mapping;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn ops_per_sec(mut f: impl FnMut()) -> f64 {
    // BENCH_FIXED=n: exactly n calls, for counting instructions (`perf stat`), which
    // load from other processes does not disturb as it disturbs time.
    if let Some(n) = std::env::var("BENCH_FIXED").ok().and_then(|n| n.parse::<u64>().ok()) {
        for _ in 0..n {
            f();
        }
        return f64::NAN;
    }
    // Calibrate a batch to ~100 ms, then take the median of 5 rounds.
    let mut n = 1u64;
    loop {
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        if t.elapsed() > Duration::from_millis(100) {
            break;
        }
        n *= 2;
    }
    let mut rates: Vec<f64> = (0..5)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                f();
            }
            n as f64 / t.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[2]
}

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/cases/");
    let cases = std::fs::read_to_string(format!("{dir}cases.json")).expect("benches/cases/cases.json");
    let cases = json::parse(&cases).expect("cases.json is JSON");
    let mut seen = std::collections::HashSet::new();
    for case in cases.as_array().expect("an array of cases") {
        let name = case.get("name").and_then(|v| v.as_str()).unwrap_or("?");
        if !seen.insert(name) {
            continue; // the same case in two tables
        }
        // BENCH_CASE=text: only the cases whose name contains it.
        if std::env::var("BENCH_CASE").is_ok_and(|only| !name.contains(&only)) {
            continue;
        }
        let mapping_file = case.get("mapping").and_then(|v| v.as_str()).unwrap_or("");
        let event_file = case.get("event").and_then(|v| v.as_str()).unwrap_or("");
        let mapping_text = std::fs::read_to_string(format!("{dir}{mapping_file}")).expect("mapping file");
        let event_text = std::fs::read_to_string(format!("{dir}{event_file}")).expect("event file");
        let mapping = Mapping::compile(&json::parse(&mapping_text).expect("mapping JSON")).expect("valid mapping");
        let event = json::parse(&event_text).expect("event JSON");
        // The same work as the wasm text path: read the event text, map, write JSON text.
        // BENCH_ONLY=text|tree: one of the two (for profiling one path).
        let only = std::env::var("BENCH_ONLY").unwrap_or_default();
        let text = if only == "tree" { f64::NAN } else { ops_per_sec(|| {
            black_box(mapping.apply_text(black_box(&event_text), &fixed_clock).unwrap());
        }) };
        let tree = if only == "text" { f64::NAN } else { ops_per_sec(|| {
            black_box(mapping.apply(black_box(&event), &fixed_clock).unwrap());
        }) };
        println!("{{\"case\":\"{name}\",\"textOpsPerSec\":{text:.0},\"treeOpsPerSec\":{tree:.0}}}");
    }
    // Event to request (the same cases as benches/request.mjs), JSON text in: parse,
    // trigger, mapping, field checks, request.
    for (action, event_file) in [("createOrUpdateContact", "identify-5kb.json"), ("sendEvent", "track-5kb.json")] {
        let name = format!("preview {action}, {event_file}");
        if std::env::var("BENCH_CASE").is_ok_and(|only| !name.contains(&only)) {
            continue;
        }
        let options = json::parse(&format!(r#"{{"apiKey":"k","subscriptions":[{{"action":"{action}"}}]}}"#)).expect("options");
        let dest = loops_destination::loops::Destination::from_value(&options).expect("destination");
        let event_text = std::fs::read_to_string(format!("{dir}{event_file}")).expect("event file");
        let ops = ops_per_sec(|| {
            let event = json::parse(black_box(&event_text)).unwrap();
            black_box(dest.preview(&event, &fixed_clock));
        });
        println!("{{\"case\":\"{name}\",\"previewOpsPerSec\":{ops:.0}}}");
    }
}

/// The clock the benchmarks map at (no case reads Liquid's `"now"`).
fn fixed_clock() -> f64 {
    1_700_000_000_000.0
}
