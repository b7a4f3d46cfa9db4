//! Table tests of the state machine on a simulated clock.

use super::*;
use crate::json;

/// A scripted answer to one attempt.
#[derive(Clone, Copy, Debug)]
enum Answer {
    Status(u16),
    /// Status with `x-ratelimit-limit` / `x-ratelimit-remaining`.
    Limited(u16, u32, u32),
    Timeout,
    Network,
}

fn config(rate: Option<f64>, attempts: u32) -> Config {
    Config {
        rate_limit: rate,
        retry: RetryPolicy { max_attempts: attempts, base_delay_ms: 100.0, max_delay_ms: 2_000.0, max_elapsed_ms: 60_000.0 },
        timeout_ms: 1_000.0,
        seed: Some(7),
    }
}

/// Runs one delivery to its end on a simulated clock; each attempt takes `latency` ms.
/// Returns the report and when each attempt was sent.
fn drive(sender: &mut Sender, idempotent: bool, script: &[Answer], start: f64, latency: f64) -> (Report, Vec<f64>) {
    let mut d = Delivery::new(Expect { idempotent, delete: false });
    let mut now = start;
    let mut sent = Vec::new();
    for _ in 0..10_000 {
        match d.next(now, sender) {
            Step::Done(r) => return (r, sent),
            Step::Wait(ms) => {
                assert!(ms > 0.0, "a wait must move time forward");
                now += ms;
            }
            Step::Send => {
                sent.push(now);
                now += latency;
                let answer = script.get(sent.len() - 1).copied().unwrap_or(Answer::Status(200));
                let headers = match answer {
                    Answer::Limited(_, l, r) => {
                        vec![("x-ratelimit-limit".to_owned(), l.to_string()), ("X-RateLimit-Remaining".to_owned(), r.to_string())]
                    }
                    _ => vec![],
                };
                let attempt = match answer {
                    Answer::Status(s) | Answer::Limited(s, _, _) => {
                        Attempt::Response { status: s, headers: &headers, body: r#"{"success":false,"message":"nope"}"# }
                    }
                    Answer::Timeout => Attempt::Timeout,
                    Answer::Network => Attempt::NetworkError("connection reset"),
                };
                d.record(now, attempt, sender);
            }
        }
    }
    panic!("delivery never ended");
}

fn sender(rate: Option<f64>, attempts: u32) -> Sender {
    Sender::new(config(rate, attempts), 0.0, 1)
}

#[test]
fn each_status_family() {
    use Answer::*;
    use Fate::*;
    // (script, idempotent, fate, last status, attempts)
    type Case<'a> = (&'a [Answer], bool, Fate, Option<u16>, u32);
    let table: &[Case] = &[
        (&[Status(200)], false, Delivered, Some(200), 1),
        (&[Status(204)], true, Delivered, Some(204), 1),
        (&[Status(500), Status(200)], false, Delivered, Some(200), 2),
        (&[Status(502), Status(503), Status(504), Status(200)], true, Delivered, Some(200), 4),
        (&[Status(408), Status(200)], false, Delivered, Some(200), 2),
        (&[Status(429), Status(200)], false, Delivered, Some(200), 2),
        (&[Timeout, Status(200)], true, Delivered, Some(200), 2),
        (&[Network, Status(200)], true, Delivered, Some(200), 2),
        // The first answer was lost; the retry finds the key used: already delivered.
        (&[Timeout, Status(409)], true, AlreadyDelivered, Some(409), 2),
        (&[Status(409)], true, AlreadyDelivered, Some(409), 1),
        // Without a key, 409 is Loops refusing (e.g. contacts/create on an existing contact).
        (&[Status(409)], false, Rejected, Some(409), 1),
        (&[Status(400)], false, Rejected, Some(400), 1),
        // A refused key: no retry in place, the caller waits for the fix.
        (&[Status(401)], true, Misconfigured, Some(401), 1),
        (&[Status(500), Status(403)], false, Misconfigured, Some(403), 2),
        (&[Status(404)], false, Rejected, Some(404), 1),
        (&[Status(413)], false, Rejected, Some(413), 1),
        (&[Status(422)], false, Rejected, Some(422), 1),
        (&[Status(500), Status(400)], false, Rejected, Some(400), 2),
        (&[Status(500); 6], false, Failed, Some(500), 6),
        (&[Timeout; 6], false, Failed, None, 6),
        (&[Network; 6], true, Failed, None, 6),
    ];
    for (i, (script, idempotent, fate, status, attempts)) in table.iter().enumerate() {
        let mut s = sender(None, 6);
        let (r, _) = drive(&mut s, *idempotent, script, 0.0, 5.0);
        assert_eq!((r.fate, r.status, r.attempts), (*fate, *status, *attempts), "case {i}: {script:?}");
        assert_eq!(r.message.is_some(), matches!(fate, Rejected | Failed | Misconfigured), "case {i}");
    }
}

#[test]
fn messages_say_why() {
    let mut s = sender(None, 3);
    let (r, _) = drive(&mut s, false, &[Answer::Status(400)], 0.0, 1.0);
    assert_eq!(r.message.as_deref(), Some("nope"), "Loops' message for a rejection");
    let (r, _) = drive(&mut s, false, &[Answer::Status(503); 3], 0.0, 1.0);
    assert_eq!(r.message.as_deref(), Some("HTTP 503 (gave up after 3 attempts)"));
    let (r, _) = drive(&mut s, false, &[Answer::Network; 3], 0.0, 1.0);
    assert_eq!(r.message.as_deref(), Some("network error: connection reset (gave up after 3 attempts)"));
    let (r, _) = drive(&mut s, false, &[Answer::Timeout; 3], 0.0, 1.0);
    assert_eq!(r.message.as_deref(), Some("timed out after 1000 ms (gave up after 3 attempts)"));
    let mut once = sender(None, 1);
    let (r, _) = drive(&mut once, false, &[Answer::Status(500)], 0.0, 1.0);
    assert_eq!(r.message.as_deref(), Some("HTTP 500 (gave up after 1 attempt)"));
}

#[test]
fn backoff_is_full_jitter_within_exponential_caps() {
    let policy = RetryPolicy { max_attempts: 10, base_delay_ms: 100.0, max_delay_ms: 1_500.0, max_elapsed_ms: 1e9 };
    assert_eq!((1..=6).map(|a| policy.cap_ms(a)).collect::<Vec<_>>(), [100.0, 200.0, 400.0, 800.0, 1_500.0, 1_500.0]);
    assert_eq!(policy.cap_ms(u32::MAX), 1_500.0, "no overflow");
    let mut rng = Rng::new(42);
    for attempt in 1..=6 {
        let cap = policy.cap_ms(attempt);
        let delays: Vec<f64> = (0..2_000).map(|_| policy.delay_ms(attempt, &mut rng)).collect();
        assert!(delays.iter().all(|&d| (0.0..=cap).contains(&d)), "attempt {attempt}");
        // Full jitter spreads over the whole range: both ends of it are visited.
        let min = delays.iter().cloned().fold(f64::INFINITY, f64::min);
        let max = delays.iter().cloned().fold(0.0, f64::max);
        assert!(min < cap * 0.05 && max > cap * 0.95, "attempt {attempt}: {min}..{max} of {cap}");
        let mean = delays.iter().sum::<f64>() / delays.len() as f64;
        assert!((mean - cap / 2.0).abs() < cap * 0.05, "attempt {attempt}: mean {mean}");
    }
}

#[test]
fn retries_wait_their_backoff_and_the_seed_replays_them() {
    let script = [Answer::Status(500); 5];
    let mut a = sender(None, 5);
    let (_, sent_a) = drive(&mut a, false, &script, 0.0, 0.0);
    let mut b = sender(None, 5);
    let (_, sent_b) = drive(&mut b, false, &script, 0.0, 0.0);
    assert_eq!(sent_a, sent_b, "same seed, same schedule");
    for (i, w) in sent_a.windows(2).enumerate() {
        let cap = config(None, 5).retry.cap_ms(i as u32 + 1);
        assert!(w[1] - w[0] <= cap, "retry {i} waited {} > {cap}", w[1] - w[0]);
    }
    let mut c = Sender::new(Config { seed: Some(8), ..config(None, 5) }, 0.0, 1);
    let (_, sent_c) = drive(&mut c, false, &script, 0.0, 0.0);
    assert_ne!(sent_a, sent_c, "another seed, another schedule");
}

#[test]
fn the_time_limit_stops_retries() {
    let mut cfg = config(None, 100);
    cfg.retry.max_elapsed_ms = 3_000.0;
    let mut s = Sender::new(cfg, 0.0, 1);
    let (r, sent) = drive(&mut s, false, &[Answer::Status(500); 100], 0.0, 10.0);
    assert_eq!(r.fate, Fate::Failed);
    assert!(r.attempts < 100);
    assert!(sent.last().copied().unwrap_or(0.0) <= 3_000.0, "no attempt starts after the limit: {sent:?}");
    assert!(r.message.as_deref().is_some_and(|m| m.contains("retry time limit of 3000 ms")), "{r:?}");
}

#[test]
fn pacing_spaces_requests_at_the_rate() {
    for rate in [10.0, 50.0] {
        let mut s = sender(Some(rate), 1);
        let mut now = 0.0;
        let mut sent = Vec::new();
        for _ in 0..300 {
            let (_, times) = drive(&mut s, false, &[Answer::Status(200)], now, 3.0);
            sent.extend(times.iter().copied());
            now = *times.last().unwrap_or(&now) + 3.0;
        }
        // No fixed one-second window ever holds more than `rate` requests.
        let mut per_window = std::collections::BTreeMap::new();
        for t in &sent {
            *per_window.entry((t / 1000.0).floor() as i64).or_insert(0) += 1;
        }
        assert!(per_window.values().all(|&n| n as f64 <= rate), "rate {rate}: {per_window:?}");
        let span = sent.last().unwrap_or(&0.0) - sent.first().unwrap_or(&0.0);
        let ideal = 299.0 * interval_ms_for(rate);
        assert!((span - ideal).abs() <= ideal * 0.02, "rate {rate}: span {span} vs {ideal}");
    }
}

#[test]
fn headers_correct_the_bucket() {
    // remaining 0: the next request waits for a fresh token even if ours said go.
    let mut p = Pacer::new(Some(10.0), 5, 0.0);
    assert_eq!(p.acquire(0.0), 0.0);
    p.observe(1.0, Some(10), Some(0), false);
    let wait = p.acquire(1.0);
    assert!((wait - interval_ms_for(10.0)).abs() < 1e-9, "{wait}");
    // remaining above our tokens changes nothing.
    let mut q = Pacer::new(Some(10.0), 1, 0.0);
    q.observe(0.0, Some(10), Some(9), false);
    assert_eq!(q.acquire(0.0), 0.0);
    // A lower limit than ours slows us down; a higher one does not speed us up.
    let mut r = Pacer::new(Some(10.0), 1, 0.0);
    r.observe(0.0, Some(4), None, false);
    assert_eq!(r.interval_ms(), Some(interval_ms_for(4.0)));
    r.observe(0.0, Some(100), None, false);
    assert_eq!(r.interval_ms(), Some(interval_ms_for(4.0)));
    // A 429 empties the bucket.
    let mut t = Pacer::new(Some(10.0), 3, 0.0);
    t.observe(0.0, None, None, true);
    assert!(t.acquire(0.0) > 0.0);
    // Unpaced: never waits, whatever the headers say.
    let mut u = Pacer::new(None, 1, 0.0);
    u.observe(0.0, Some(1), Some(0), true);
    assert_eq!((0..100).map(|_| u.acquire(0.0)).sum::<f64>(), 0.0);
    // A clock that steps back mints nothing.
    let mut v = Pacer::new(Some(10.0), 1, 1_000.0);
    assert_eq!(v.acquire(1_000.0), 0.0);
    assert!(v.acquire(0.0) > 0.0);
}

#[test]
fn a_429_waits_at_least_one_token_and_retries_through_the_bucket() {
    let mut s = sender(Some(10.0), 6);
    let script = [Answer::Limited(429, 10, 0), Answer::Limited(200, 10, 5)];
    let (r, sent) = drive(&mut s, true, &script, 0.0, 2.0);
    assert_eq!((r.fate, r.attempts), (Fate::Delivered, 2));
    assert!(sent[1] - sent[0] >= 100.0, "{sent:?}");
}

#[test]
fn the_same_request_every_attempt() {
    // The transport sends the one Request it was given on each attempt: the key cannot
    // drift. This checks the state machine never asks for a rebuilt one (it cannot: it
    // holds no request), and that the classifier sees the key's 409 as delivered.
    let mut s = sender(None, 6);
    let (r, sent) = drive(&mut s, true, &[Answer::Network, Answer::Timeout, Answer::Status(409)], 0.0, 1.0);
    assert_eq!((r.fate, sent.len()), (Fate::AlreadyDelivered, 3));
}

#[test]
fn done_stays_done() {
    let mut s = sender(None, 1);
    let mut d = Delivery::new(Expect::default());
    assert_eq!(d.next(0.0, &mut s), Step::Send);
    d.record(1.0, Attempt::Response { status: 200, headers: &[], body: "" }, &mut s);
    let first = d.next(2.0, &mut s);
    assert!(matches!(first, Step::Done(_)));
    assert_eq!(d.next(3.0, &mut s), first);
    assert_eq!(d.attempts(), 1);
}

#[test]
fn options_parse_with_paths_on_errors() {
    let parse = |text: &str| Config::from_value(&json::parse(text).expect("json"));
    assert_eq!(parse("{}").expect("defaults"), Config::default());
    let c = parse(r#"{"rateLimit":50,"retry":{"attempts":3,"baseDelayMs":5,"maxDelayMs":40,"maxElapsedMs":900,"seed":9},"timeoutMs":250}"#)
        .expect("valid");
    assert_eq!(c.rate_limit, Some(50.0));
    assert_eq!(c.retry, RetryPolicy { max_attempts: 3, base_delay_ms: 5.0, max_delay_ms: 40.0, max_elapsed_ms: 900.0 });
    assert_eq!((c.timeout_ms, c.seed), (250.0, Some(9)));
    assert_eq!(parse(r#"{"rateLimit":false,"retry":false}"#).map(|c| (c.rate_limit, c.retry.max_attempts)).ok(), Some((None, 1)));
    assert_eq!(parse(r#"{"rateLimit":null,"retry":null,"timeoutMs":null}"#).ok(), Some(Config::default()));
    for (text, path) in [
        (r#"{"rateLimit":0}"#, "/rateLimit"),
        (r#"{"rateLimit":"10"}"#, "/rateLimit"),
        (r#"{"rateLimit":true}"#, "/rateLimit"),
        (r#"{"retry":3}"#, "/retry"),
        (r#"{"retry":{"attempts":0}}"#, "/retry/attempts"),
        (r#"{"retry":{"attempts":2.5}}"#, "/retry/attempts"),
        (r#"{"retry":{"baseDelayMs":-1}}"#, "/retry/baseDelayMs"),
        (r#"{"retry":{"seed":"x"}}"#, "/retry/seed"),
        (r#"{"timeoutMs":0}"#, "/timeoutMs"),
    ] {
        assert_eq!(parse(text).err().map(|e| e.path), Some(path.to_owned()), "{text}");
    }
}

#[test]
fn no_panic_on_generated_answers() {
    // Any sequence of answers, clocks and options ends in a report within the attempts.
    let mut rng = Rng::new(2024);
    for _ in 0..500 {
        let attempts = 1 + (rng.next_u64() % 8) as u32;
        let rate = match rng.next_u64() % 3 {
            0 => None,
            1 => Some(1.0 + (rng.next_u64() % 100) as f64),
            _ => Some(0.001),
        };
        let mut s = Sender::new(Config { seed: Some(rng.next_u64()), ..config(rate, attempts) }, 0.0, 1);
        let script: Vec<Answer> = (0..10)
            .map(|_| match rng.next_u64() % 6 {
                0 => Answer::Status((100 + rng.next_u64() % 600) as u16),
                1 => Answer::Limited((100 + rng.next_u64() % 600) as u16, (rng.next_u64() % 20) as u32, (rng.next_u64() % 20) as u32),
                2 => Answer::Timeout,
                3 => Answer::Network,
                4 => Answer::Status(429),
                _ => Answer::Status(500),
            })
            .collect();
        let (r, sent) = drive(&mut s, rng.next_u64().is_multiple_of(2), &script, 0.0, (rng.next_u64() % 50) as f64);
        assert!(r.attempts >= 1 && r.attempts <= attempts && sent.len() as u32 == r.attempts, "{r:?}");
    }
}

/// Arrivals may bunch by `JITTER_MS` within a window and still not exceed the rate:
/// `rate` intervals span at least one second plus that jitter.
#[test]
fn margin_absorbs_jitter_at_every_rate() {
    for rate in [0.5, 1.0, 4.0, 10.0, 25.0, 50.0, 200.0, 1000.0] {
        let span = rate * interval_ms_for(rate);
        assert!(span >= 1000.0 + JITTER_MS - 1e-9, "rate {rate}: {span}");
        assert!(interval_ms_for(rate) - 1000.0 / rate >= MARGIN_MS, "rate {rate}");
    }
}

#[test]
fn retry_delay_for_other_callers_is_the_senders_backoff() {
    let policy = RetryPolicy::default();
    for attempt in [1u32, 2, 5, 9, 40] {
        for r in [0.0, 0.25, 0.999_999] {
            assert_eq!(retry_delay_ms(f64::from(attempt), None, None, r).unwrap(), policy.jittered_ms(attempt, r));
        }
    }
    // The Worker's queue retries: base 30 s, cap 1 h.
    assert_eq!(retry_delay_ms(1.0, Some(30_000.0), Some(3_600_000.0), 0.5).unwrap(), 15_000.0);
    assert_eq!(retry_delay_ms(4.0, Some(30_000.0), Some(3_600_000.0), 0.5).unwrap(), 120_000.0);
    assert_eq!(retry_delay_ms(30.0, Some(30_000.0), Some(3_600_000.0), 0.999_999_9).unwrap(), 3_599_999.0);
    let err = |a: f64, base: Option<f64>, max: Option<f64>, r: f64| {
        let e = retry_delay_ms(a, base, max, r).unwrap_err();
        (e.path, e.message)
    };
    let attempt = "attempt must be the number of attempts made so far, a whole number >= 1";
    for a in [0.0, 1.5, -1.0, f64::NAN, f64::INFINITY] {
        assert_eq!(err(a, None, None, 0.5), (String::new(), attempt.to_owned()), "attempt {a}");
    }
    for r in [1.0, -0.1, f64::NAN] {
        assert_eq!(err(1.0, None, None, r), (String::new(), "random must be a number in [0, 1), as Math.random() gives".to_owned()));
    }
    assert_eq!(err(1.0, Some(-1.0), None, 0.5), ("/baseDelayMs".to_owned(), "baseDelayMs must be a number >= 0".to_owned()));
    assert_eq!(err(1.0, None, Some(f64::INFINITY), 0.5), ("/maxDelayMs".to_owned(), "maxDelayMs must be a number >= 0".to_owned()));
}
