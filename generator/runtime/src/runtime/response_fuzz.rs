//! A deterministic response fuzzer on stable Rust (cargo-fuzz needs nightly): random and mutated bodies,
//! headers and status codes go into every operation's response and error parsers of a generated service
//! (its test-only `fuzz_targets` table). Each parse must return, not panic, take well under a second, and
//! allocate at most a bounded multiple of the response's size (measured by a per-thread counting allocator,
//! the test binary's global allocator: this module is compiled into test builds only).
//!
//! `AWS_LITE_RESPONSE_FUZZ_CASES` sets the cases per operation (default: 1,000 per service spread over its
//! operations, at least 16 each, so a crate of a few hundred operations still tests in seconds);
//! `AWS_LITE_RESPONSE_FUZZ_SEED` the seed (default fixed, so CI runs are reproducible; a failure names the seed
//! and case to replay).

use crate::runtime::http::Response;
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// One operation: its name and a function that feeds one response to its output and error parsers.
pub type Parser<'a> = (&'a str, fn(&Response));

/// A generated service's parsers and wire vocabulary.
pub struct Targets<'a> {
    /// The service module name (in failure reports).
    pub service: &'a str,
    /// `(operation, feed one response to its output and error parsers)`.
    pub parsers: &'a [Parser<'a>],
    /// Member names on the wire.
    pub members: &'a [&'a str],
    /// Header names outputs and errors bind.
    pub headers: &'a [&'a str],
    /// Error codes the operations declare.
    pub error_codes: &'a [&'a str],
}

/// What a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Parses run.
    pub cases: usize,
    /// One line per failing case (panic, slowness or memory), enough to replay it.
    pub failures: Vec<String>,
    /// The largest allocation peak of one parse, in bytes, and the response size it came from.
    pub worst_memory: (usize, usize),
}

/// Bytes a parse may allocate at its peak: a multiple of the response's size (a JSON tree costs several times
/// its text) plus a fixed allowance.
pub fn memory_bound(response_bytes: usize) -> usize {
    64 * response_bytes + (4 << 20)
}

/// One parse longer than this is reported (a hang shows up as a test that never ends, this catches the slow).
const SLOW_PARSE: Duration = Duration::from_secs(2);

/// Runs the fuzzer with the environment's settings and fails the test on any failure.
pub fn run(targets: &Targets<'_>) {
    let default_cases = (1000 / targets.parsers.len().max(1)).max(16);
    let cases = std::env::var("AWS_LITE_RESPONSE_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default_cases);
    let seed = std::env::var("AWS_LITE_RESPONSE_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x5eed);
    let started = Instant::now();
    let report = run_cases(targets, cases, seed);
    eprintln!(
        "response fuzz {}: {} parses of {} operations in {:?}, worst peak {} bytes for a {}-byte response",
        targets.service,
        report.cases,
        targets.parsers.len(),
        started.elapsed(),
        report.worst_memory.0,
        report.worst_memory.1
    );
    assert!(
        report.failures.is_empty(),
        "{} failing cases (replay with AWS_LITE_RESPONSE_FUZZ_SEED={seed}):\n{}",
        report.failures.len(),
        report.failures.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// `cases` generated responses for each operation of `targets`, from `seed`.
pub fn run_cases(targets: &Targets<'_>, cases: usize, seed: u64) -> Report {
    let mut report = Report::default();
    for (operation, parse) in targets.parsers {
        let mut rng = Rng::new(seed ^ fnv(targets.service) ^ fnv(operation).rotate_left(17));
        for case in 0..cases {
            let response = hostile_response(&mut rng, targets);
            let size = response.body().len() + response.header_map().iter().map(|(n, v)| n.as_str().len() + v.len()).sum::<usize>();
            let started = Instant::now();
            let baseline = memory::start();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parse(&response)));
            let peak = memory::peak_since(baseline);
            let elapsed = started.elapsed();
            report.cases += 1;
            if peak > report.worst_memory.0 {
                report.worst_memory = (peak, size);
            }
            let problem = match outcome {
                Err(panic) => Some(format!("panicked: {}", panic_text(&*panic))),
                Ok(()) if elapsed > SLOW_PARSE => Some(format!("took {elapsed:?}")),
                Ok(()) if peak > memory_bound(size) => {
                    Some(format!("allocated {peak} bytes for a {size}-byte response"))
                }
                Ok(()) => None,
            };
            if let Some(problem) = problem {
                report.failures.push(format!("{}::{operation} case {case}: {problem}; {}", targets.service, describe(&response)));
            }
        }
    }
    report
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}

/// Status, headers and the start of the body, escaped, to replay a failing case by hand.
fn describe(response: &Response) -> String {
    let mut out = format!("status {}, headers [", response.status());
    for (name, value) in response.header_map() {
        let _ = write!(out, "{name}: {:?}, ", String::from_utf8_lossy(&value.as_bytes()[..value.len().min(40)]));
    }
    let body = response.body();
    let _ = write!(out, "], body ({} bytes) {:?}", body.len(), String::from_utf8_lossy(&body[..body.len().min(120)]));
    out
}

// ------------------------------------------------------------------------------------------------
// Generation

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        if items.is_empty() {
            return "x";
        }
        items[self.below(items.len())]
    }
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

const STATUSES: &[u16] = &[200, 200, 200, 201, 202, 204, 206, 299, 300, 304, 400, 400, 403, 404, 409, 412, 429, 500, 503, 0, 99, 599, 999];

const KEYS: &[&str] = &["__type", "code", "Code", "message", "Message", "MESSAGE", "errorMessage", "Type", "nextToken", ""];

const HEADER_VALUES: &[&str] = &[
    "", "0", "-1", "7", "2147483648", "99999999999999999999999", "1.5", "NaN", "-Infinity", "1e400", "true", "FALSE",
    "Wed, 21 Oct 2015 07:28:00 GMT", "2015-10-21T07:28:00Z", "2015-13-45T99:99:99Z", "1445412480", "1445412480.123",
    "AAAA", "!!notbase64", "ü", "a,b,\"c,d\"", "\"unterminated", "a;b", ";", "Code;Sender", " , , ",
];

const STRINGS: &[&str] = &[
    "", "x", "0", "1e3", "true", "null", "2015-10-21T07:28:00Z", "2015-10-21T07:28:00.123456789+05:30",
    "Wed, 21 Oct 2015 07:28:00 GMT", "not a date", "AAAA", "!!", "dGVzdA==", "\\u0000", "\\ud800", "\\uDC00\\uD800",
    "ns#Thing", "Thing:http://x", "🦀", "\\\"quoted\\\"",
];

const NUMBERS: &[&str] = &[
    "0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
    "18446744073709551616", "123456789012345678901234567890", "1.5", "-1.5e-300", "1e308", "1e309", "-1e400",
    "1E2", "0.0000000000000000000001", "4.9e-324", "3.0", "1445412480.5",
];

/// One hostile response for an operation of `targets`.
fn hostile_response(rng: &mut Rng, targets: &Targets<'_>) -> Response {
    let status = if rng.chance(8) { rng.next() as u16 } else { STATUSES[rng.below(STATUSES.len())] };
    let mut headers = http::HeaderMap::new();
    let header_count = rng.below(6);
    for _ in 0..header_count {
        let name = match rng.below(6) {
            0 => "x-amzn-errortype",
            1 => "x-amzn-query-error",
            2 => "x-amzn-requestid",
            3 => "content-type",
            _ => rng.pick(targets.headers),
        };
        let value = match rng.below(4) {
            0 => error_code(rng, targets),
            1 => format!("{};{}", error_code(rng, targets), rng.pick(&["Sender", "Receiver", ""])),
            _ => rng.pick(HEADER_VALUES).to_owned(),
        };
        let value = if rng.chance(20) { [value.into_bytes(), vec![0xff, 0xfe]].concat() } else { value.into_bytes() };
        if let (Ok(name), Ok(value)) = (http::HeaderName::from_bytes(name.as_bytes()), http::HeaderValue::from_bytes(&value)) {
            headers.append(name, value);
        }
    }
    let body = match rng.below(10) {
        0..=3 => json_body(rng, targets),
        4..=6 => {
            let body = json_body(rng, targets);
            mutate(rng, body)
        }
        7 => error_body(rng, targets),
        _ => pathological_body(rng, targets),
    };
    Response::new(status, headers, body.into())
}

fn error_code(rng: &mut Rng, targets: &Targets<'_>) -> String {
    let code = rng.pick(targets.error_codes);
    match rng.below(5) {
        0 => format!("com.example#{code}"),
        1 => format!("{code}:http://internal.example.com/"),
        2 => format!("#:{code}"),
        _ => code.to_owned(),
    }
}

/// A JSON object whose keys are mostly the service's member names, with values of any type.
fn json_body(rng: &mut Rng, targets: &Targets<'_>) -> Vec<u8> {
    let mut out = String::new();
    object(rng, targets, &mut out, 4);
    out.into_bytes()
}

fn error_body(rng: &mut Rng, targets: &Targets<'_>) -> Vec<u8> {
    let mut out = format!("{{\"__type\":\"{}\",\"message\":", error_code(rng, targets));
    value(rng, targets, &mut out, 2);
    for _ in 0..rng.below(4) {
        let _ = write!(out, ",\"{}\":", rng.pick(targets.members));
        value(rng, targets, &mut out, 3);
    }
    out.push('}');
    out.into_bytes()
}

fn object(rng: &mut Rng, targets: &Targets<'_>, out: &mut String, depth: usize) {
    out.push('{');
    for i in 0..rng.below(8) {
        if i > 0 {
            out.push(',');
        }
        let key = if rng.chance(4) { rng.pick(KEYS) } else { rng.pick(targets.members) };
        let _ = write!(out, "\"{key}\":");
        value(rng, targets, out, depth.saturating_sub(1));
    }
    out.push('}');
}

fn value(rng: &mut Rng, targets: &Targets<'_>, out: &mut String, depth: usize) {
    let kinds = if depth == 0 { 5 } else { 8 };
    match rng.below(kinds) {
        0 => out.push_str(rng.pick(&["null", "true", "false"])),
        1 | 2 => out.push_str(rng.pick(NUMBERS)),
        3 => {
            let _ = write!(out, "\"{}\"", rng.pick(STRINGS));
        }
        4 => {
            let _ = write!(out, "\"{}\"", rng.pick(targets.members));
        }
        5 => {
            out.push('[');
            for i in 0..rng.below(5) {
                if i > 0 {
                    out.push(',');
                }
                value(rng, targets, out, depth - 1);
            }
            out.push(']');
        }
        _ => object(rng, targets, out, depth - 1),
    }
}

/// Byte-level damage: truncation, flipped or inserted bytes, invalid UTF-8, a duplicated span.
fn mutate(rng: &mut Rng, mut body: Vec<u8>) -> Vec<u8> {
    for _ in 0..1 + rng.below(4) {
        if body.is_empty() {
            body.push(b'{');
        }
        let at = rng.below(body.len());
        match rng.below(5) {
            0 => body.truncate(at),
            1 => body[at] = rng.next() as u8,
            2 => body.insert(at, *[b'{', b'[', b'"', b',', b':', b'}', 0xc3, 0xff].get(rng.below(8)).unwrap_or(&b'x')),
            3 => {
                body.remove(at);
            }
            _ => {
                let end = (at + rng.below(64)).min(body.len());
                let span = body[at..end].to_vec();
                body.splice(at..at, span);
            }
        }
    }
    body
}

/// Shapes that break naive parsers: deep nesting, huge numbers and strings, many keys, random bytes.
fn pathological_body(rng: &mut Rng, targets: &Targets<'_>) -> Vec<u8> {
    let member = rng.pick(targets.members);
    match rng.below(8) {
        0 => "[".repeat(1 + rng.below(20_000)).into_bytes(),
        1 => {
            let depth = 1 + rng.below(5_000);
            format!("{}1{}", format!("{{\"{member}\":").repeat(depth), "}".repeat(depth)).into_bytes()
        }
        2 => format!("{{\"{member}\":1{}}}", "0".repeat(rng.below(20_000))).into_bytes(),
        3 => format!("{{\"{member}\":\"{}\"}}", "a".repeat(rng.below(100_000))).into_bytes(),
        4 => {
            let mut out = String::from("{");
            for i in 0..rng.below(5_000) {
                let _ = write!(out, "{}\"{member}\":{i}", if i > 0 { "," } else { "" });
            }
            out.push('}');
            out.into_bytes()
        }
        5 => (0..rng.below(2_000)).map(|_| rng.next() as u8).collect(),
        6 => rng.pick(&["", " ", "null", "[]", "0", "\"s\"", "{}", "\u{feff}{}"]).as_bytes().to_vec(),
        _ => format!("{{\"{member}\":[{}]}}", vec!["{}"; rng.below(10_000)].join(",")).into_bytes(),
    }
}

// ------------------------------------------------------------------------------------------------
// Memory: a per-thread counting allocator (this module exists in test builds only), so parallel tests do not
// disturb each other's counts.

mod memory {
    use super::*;

    thread_local! {
        static LIVE: Cell<isize> = const { Cell::new(0) };
        static PEAK: Cell<isize> = const { Cell::new(0) };
    }

    /// Starts measuring: the bytes live on this thread now.
    pub fn start() -> isize {
        let live = LIVE.with(Cell::get);
        PEAK.with(|p| p.set(live));
        live
    }

    /// The most bytes live on this thread since `start`, above what was live then.
    pub fn peak_since(baseline: isize) -> usize {
        usize::try_from(PEAK.with(Cell::get) - baseline).unwrap_or(0)
    }

    fn grow(bytes: usize) {
        let _ = LIVE.try_with(|live| {
            let now = live.get().wrapping_add(bytes as isize);
            live.set(now);
            let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
        });
    }

    fn shrink(bytes: usize) {
        let _ = LIVE.try_with(|live| live.set(live.get().wrapping_sub(bytes as isize)));
    }

    struct Counting;

    // SAFETY: every call is forwarded unchanged to the system allocator; the counters touch no memory it owns.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            // SAFETY: the caller's contract for `alloc` is passed on as is.
            let ptr = unsafe { System.alloc(layout) };
            if !ptr.is_null() {
                grow(layout.size());
            }
            ptr
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            // SAFETY: as for `alloc`.
            let ptr = unsafe { System.alloc_zeroed(layout) };
            if !ptr.is_null() {
                grow(layout.size());
            }
            ptr
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: `ptr` came from this allocator, which is the system allocator.
            unsafe { System.dealloc(ptr, layout) };
            shrink(layout.size());
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            // SAFETY: as for `dealloc`; the caller guarantees `new_size` is valid for `layout`'s alignment.
            let new = unsafe { System.realloc(ptr, layout, new_size) };
            if !new.is_null() {
                shrink(layout.size());
                grow(new_size);
            }
            new
        }
    }

    #[global_allocator]
    static COUNTING: Counting = Counting;
}

#[cfg(test)]
mod tests {
    use super::*;

    const MEMBERS: &[&str] = &["Name", "Items"];

    fn targets(parsers: &'static [Parser<'static>]) -> Targets<'static> {
        Targets { service: "fake", parsers, members: MEMBERS, headers: &["Retry-After"], error_codes: &["Oops"] }
    }

    #[test]
    fn reports_panics_with_what_to_replay() {
        fn fragile(response: &Response) {
            if response.status() == 404 {
                panic!("a 404 breaks me");
            }
        }
        let report = run_cases(&targets(&[("Fragile", fragile)]), 300, 1);
        assert_eq!(report.cases, 300);
        let failure = report.failures.first().expect("some 404s were generated");
        assert!(failure.contains("fake::Fragile case") && failure.contains("a 404 breaks me"), "{failure}");
        assert!(failure.contains("status 404"), "{failure}");
    }

    #[test]
    fn reports_parses_that_allocate_beyond_the_bound() {
        fn hungry(response: &Response) {
            let hoard = vec![0u8; memory_bound(response.body().len() + 4096) + 1];
            std::hint::black_box(hoard);
        }
        fn modest(response: &Response) {
            std::hint::black_box(response.body().to_vec());
        }
        let report = run_cases(&targets(&[("Hungry", hungry)]), 3, 1);
        assert_eq!(report.failures.len(), 3, "{:?}", report.failures);
        assert!(report.failures[0].contains("allocated"), "{}", report.failures[0]);
        assert!(run_cases(&targets(&[("Modest", modest)]), 50, 1).failures.is_empty());
    }

    #[test]
    fn generation_is_deterministic_and_varied() {
        let t = targets(&[]);
        let (mut a, mut b) = (Rng::new(9), Rng::new(9));
        let first: Vec<Response> = (0..50).map(|_| hostile_response(&mut a, &t)).collect();
        let again: Vec<Response> = (0..50).map(|_| hostile_response(&mut b, &t)).collect();
        assert!(first.iter().zip(&again).all(|(x, y)| x.body() == y.body() && x.status() == y.status()));
        let statuses: std::collections::BTreeSet<u16> = first.iter().map(Response::status).collect();
        assert!(statuses.len() > 5, "{statuses:?}");
        assert!(first.iter().any(|r| serde_json::from_slice::<serde_json::Value>(r.body()).is_err()));
        assert!(first.iter().any(|r| serde_json::from_slice::<serde_json::Value>(r.body()).is_ok()));
    }
}
