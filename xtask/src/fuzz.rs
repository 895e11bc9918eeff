//! `cargo xtask fuzz`: a deterministic model fuzzer on stable Rust (cargo-fuzz needs nightly). Each mutant is one
//! model of the corpus (models/*.json and the shared upstream models) with a few structure-aware mutations
//! (deleted or retyped keys, dangling targets, wrong trait value types, required cycles, colliding names, huge
//! or deep values, hostile names, bad bindings and patterns) and sometimes a textual one (truncation, invalid
//! UTF-8, stray brackets, duplicated keys). It runs through the real `codegen` path into an output directory and
//! checks: no panic, no hang (over the timeout), no abort (the process would die), and a rejected model leaves the
//! output directory exactly as it was. Mutant `i` of seed `s` is always the same model, so a failure names
//! what reproduces it.
use crate::codegen::{self, CodegenArgs};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

#[derive(clap::Args, Debug, Clone)]
pub struct FuzzArgs {
    /// Number of mutants to run.
    #[arg(long, default_value_t = 2000)]
    pub mutants: usize,
    /// Seed of the mutant sequence.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Index of the first mutant (to rerun one: `--first 412 --mutants 1`).
    #[arg(long, default_value_t = 0)]
    pub first: usize,
    /// Seconds one mutant may take before it counts as a hang.
    #[arg(long, default_value_t = 10)]
    pub timeout: u64,
}

/// What one fuzz run does.
pub struct FuzzConfig {
    pub mutants: usize,
    /// Index of the first mutant.
    pub first: usize,
    pub seed: u64,
    /// Model files to mutate.
    pub corpus: Vec<PathBuf>,
    /// Scratch directory (mutant files and output crates); emptied first.
    pub work_dir: PathBuf,
    pub timeout: Duration,
}

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct FuzzReport {
    pub run: usize,
    pub accepted: usize,
    pub rejected: usize,
    /// Panics, hangs and rejected models that changed the output directory, each naming its mutant.
    pub failures: Vec<String>,
    pub slowest: Duration,
    pub slowest_mutant: String,
    pub elapsed: Duration,
}

pub fn run(args: FuzzArgs) -> Result<(), String> {
    let root = codegen::workspace_root();
    let config = FuzzConfig {
        mutants: args.mutants,
        first: args.first,
        seed: args.seed,
        corpus: corpus(&root)?,
        work_dir: root.join("target/fuzz"),
        timeout: Duration::from_secs(args.timeout),
    };
    let report = run_mutants(&config);
    print_report(&config, &report);
    if report.failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{} mutant(s) failed", report.failures.len()))
    }
}

pub fn print_report(config: &FuzzConfig, r: &FuzzReport) {
    println!(
        "fuzz: seed {}, {} mutants of {} models in {:.1} s ({:.1} ms each): {} accepted, {} rejected, {} failed; \
         slowest {:.0} ms ({})",
        config.seed,
        r.run,
        config.corpus.len(),
        r.elapsed.as_secs_f64(),
        r.elapsed.as_secs_f64() * 1e3 / r.run.max(1) as f64,
        r.accepted,
        r.rejected,
        r.failures.len(),
        r.slowest.as_secs_f64() * 1e3,
        r.slowest_mutant
    );
    for f in &r.failures {
        println!("  FAILED {f}");
    }
}

/// models/*.json and, when present, `$SHARED_DIR/aws-models/*.json` (required when `CI=true`).
pub fn corpus(root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = codegen::model_files(&root.join("models"))?;
    let shared = std::env::var_os("SHARED_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("../shared"));
    match codegen::model_files(&shared.join("aws-models")) {
        Ok(more) => files.extend(more),
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true") => return Err(e),
        Err(_) => eprintln!("fuzz: no upstream models at {} (set SHARED_DIR); fuzzing models/ only", shared.display()),
    }
    Ok(files)
}

/// Runs the mutants one after another, each on its own thread (8 MiB of stack, like a main thread), stopping at
/// the first hang (the hung thread cannot be stopped).
pub fn run_mutants(config: &FuzzConfig) -> FuzzReport {
    let started = Instant::now();
    let mut report = FuzzReport::default();
    let _ = std::fs::remove_dir_all(&config.work_dir);
    if let Err(e) = std::fs::create_dir_all(&config.work_dir) {
        report.failures.push(format!("cannot create {}: {e}", config.work_dir.display()));
        return report;
    }
    let mut originals: BTreeMap<usize, Option<(Value, Option<String>)>> = BTreeMap::new();
    let mutant_path = config.work_dir.join("mutant.json");
    let out = config.work_dir.join("out");
    eprintln!(
        "fuzz: the mutant being run is kept at {} (reproduce with `cargo xtask codegen --model <it> --out <dir>`)",
        mutant_path.display()
    );
    for i in config.first..config.first + config.mutants {
        let mut rng = Rng::new(config.seed, i as u64);
        // Small models most of the time: the upstream ones are large and slower to load.
        let small: Vec<usize> = (0..config.corpus.len()).filter(|&k| !is_upstream(&config.corpus[k])).collect();
        let pick = if small.is_empty() || rng.below(8) == 0 { rng.below(config.corpus.len()) } else { small[rng.below(small.len())] };
        let original = originals.entry(pick).or_insert_with(|| {
            let text = std::fs::read_to_string(&config.corpus[pick]).ok()?;
            let doc: Value = serde_json::from_str(&text).ok()?;
            let op = is_upstream(&config.corpus[pick]).then(|| first_operation(&doc)).flatten();
            Some((doc, op))
        });
        let Some((doc, operation)) = original.clone() else {
            report.failures.push(format!("cannot read corpus file {}", config.corpus[pick].display()));
            continue;
        };
        let name = config.corpus[pick].file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let (bytes, what) = make_mutant(doc, &mut rng);
        let label = format!("mutant {i} (seed {}, {name}: {what})", config.seed);
        if let Err(e) = std::fs::write(&mutant_path, &bytes) {
            report.failures.push(format!("{label}: cannot write the mutant: {e}"));
            continue;
        }
        let before = snapshot(&out);
        let args = CodegenArgs {
            check: false,
            models: vec![mutant_path.clone()],
            out: Some(out.clone()),
            operations: operation.unwrap_or_else(|| "all".into()),
            crate_name: Some("fuzz-mutant".into()),
        };
        let t0 = Instant::now();
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new().stack_size(8 << 20).spawn(move || {
            let outcome = std::panic::catch_unwind(|| codegen::run(args));
            let _ = tx.send(outcome.map_err(|p| panic_text(&p)));
        });
        if let Err(e) = spawned {
            report.failures.push(format!("{label}: cannot start a thread: {e}"));
            continue;
        }
        let outcome = rx.recv_timeout(config.timeout);
        let took = t0.elapsed();
        report.run += 1;
        if took > report.slowest {
            report.slowest = took;
            report.slowest_mutant = label.clone();
        }
        match outcome {
            Err(_) => {
                report.failures.push(format!("{label}: no result after {} s (hang)", config.timeout.as_secs()));
                break;
            }
            Ok(Err(panic)) => report.failures.push(format!("{label}: panicked: {panic}")),
            Ok(Ok(Ok(()))) => report.accepted += 1,
            Ok(Ok(Err(_))) => {
                report.rejected += 1;
                if snapshot(&out) != before {
                    report.failures.push(format!("{label}: rejected, but the output directory changed"));
                }
                let leftovers: Vec<String> = std::fs::read_dir(&config.work_dir)
                    .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).filter(|n| n.contains(".codegen-")).collect())
                    .unwrap_or_default();
                if !leftovers.is_empty() {
                    report.failures.push(format!("{label}: rejected, but left {leftovers:?} beside the output"));
                }
            }
        }
    }
    report.elapsed = started.elapsed();
    report
}

fn is_upstream(path: &Path) -> bool {
    path.parent().and_then(|p| p.file_name()).is_some_and(|n| n == "aws-models")
}

/// The first operation (by id) of an upstream model: mutants of those generate it alone, to stay fast.
fn first_operation(doc: &Value) -> Option<String> {
    let shapes = doc.get("shapes")?.as_object()?;
    let mut ops: Vec<&String> =
        shapes.iter().filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("operation")).map(|(id, _)| id).collect();
    ops.sort();
    ops.first().and_then(|id| id.split_once('#')).map(|(_, name)| name.to_string())
}

fn panic_text(payload: &Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(no message)".into())
}

/// Every file under `dir` with its length and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (u64, Option<SystemTime>)> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            match entry.metadata() {
                Ok(m) if m.is_dir() => stack.push(path),
                Ok(m) => {
                    files.insert(path, (m.len(), m.modified().ok()));
                }
                Err(_) => {}
            }
        }
    }
    files
}

// =============================================================================================
// Mutations

/// splitmix64: small, fast, and the same on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One to three mutations of `doc`, serialized, sometimes damaged as text: the bytes and what was done.
pub fn make_mutant(mut doc: Value, rng: &mut Rng) -> (Vec<u8>, String) {
    let mut done = Vec::new();
    for _ in 0..1 + rng.below(3) {
        done.push(mutate(&mut doc, rng));
    }
    let mut bytes = serde_json::to_vec(&doc).unwrap_or_default();
    if rng.below(6) == 0 {
        done.push(damage_text(&mut bytes, rng));
    }
    (bytes, done.join("; "))
}

fn damage_text(bytes: &mut Vec<u8>, rng: &mut Rng) -> String {
    let at = rng.below(bytes.len() + 1);
    match rng.below(4) {
        0 => {
            bytes.truncate(at);
            format!("truncated at byte {at}")
        }
        1 => {
            bytes.splice(at..at, [0xff, 0xfe, 0xc3]);
            format!("invalid UTF-8 at byte {at}")
        }
        2 => {
            let junk = *rng.pick(&["[}", "}", "]", "{", "\"", ",,", "\\"]);
            bytes.splice(at..at, junk.bytes());
            format!("inserted {junk:?} at byte {at}")
        }
        _ => {
            let text = String::from_utf8_lossy(bytes).replacen("\"type\":", "\"type\":\"structure\",\"type\":", 1);
            *bytes = text.into_bytes();
            "duplicated a `type` key".into()
        }
    }
}

const HOSTILE_NAMES: &[&str] = &[
    "٣x", "²", "１", "_", "", "a b", "a-b", "$x", "type", "self", "Self", "super", "crate", "build", "build_value",
    "send", "mod", "Unknown", "fooBar", "foo_bar", "FOOBAR", "r#x", "__x", "_1", "é",
];

fn mutate(doc: &mut Value, rng: &mut Rng) -> String {
    let Some(shapes) = doc.get_mut("shapes").and_then(Value::as_object_mut) else {
        *doc = random_value(rng, 2);
        return "replaced the document".into();
    };
    if shapes.is_empty() {
        return "nothing to mutate".into();
    }
    let ids: Vec<String> = shapes.keys().cloned().collect();
    let id = rng.pick(&ids).clone();
    let ns = id.split('#').next().unwrap_or("a.b").to_string();
    let kind = rng.below(20);
    if kind == 14 {
        // Move a shape to a new id: its references dangle; sometimes a name too long for a file.
        let new_name = match rng.below(3) {
            0 => "x".repeat(262),
            1 => id.split('#').nth(1).unwrap_or("X").to_uppercase(),
            _ => format!("{}Moved", id.split('#').nth(1).unwrap_or("X")),
        };
        let new_id = format!("{ns}#{new_name}");
        if let Some(shape) = shapes.shift_remove(&id) {
            shapes.insert(new_id.clone(), shape);
        }
        return format!("moved {id} to {}", new_id.chars().take(60).collect::<String>());
    }
    if kind == 16 {
        shapes.insert(format!("{ns}#Gone{}", rng.below(100)), json!({"type": "apply", "traits": {"smithy.api#sensitive": {}}}));
        return "added an `apply` to a missing shape".into();
    }
    let Some(shape) = shapes.get_mut(&id) else { return "nothing".into() };
    if !shape.is_object() {
        *shape = json!({"type": "structure"});
        return format!("{id}: replaced a non-object shape");
    }
    let keys: Vec<String> = shape.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    let member = member_name(shape, rng);
    match kind {
        0 => {
            if keys.is_empty() {
                return format!("{id}: no key to delete");
            }
            let key = rng.pick(&keys).clone();
            if let Some(o) = shape.as_object_mut() {
                o.remove(&key);
            }
            format!("{id}: deleted `{key}`")
        }
        1 => {
            let key = if keys.is_empty() { "type".to_string() } else { rng.pick(&keys).clone() };
            shape[key.as_str()] = random_value(rng, 2);
            format!("{id}: retyped `{key}`")
        }
        2 => match member {
            Some(name) => {
                shape["members"][name.as_str()]["target"] = json!(format!("{ns}#Missing{}", rng.below(100)));
                format!("{id}${name}: dangling target")
            }
            None => {
                shape["input"] = json!({"target": format!("{ns}#Missing")});
                format!("{id}: dangling input")
            }
        },
        3 => {
            let traits = traits_of(shape, member.as_deref(), rng);
            let names: Vec<String> = traits.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
            let name = if names.is_empty() || rng.below(3) == 0 {
                rng.pick(&["smithy.api#required", "smithy.api#length", "smithy.api#http", "smithy.api#error", "smithy.api#enumValue",
                           "smithy.api#default", "smithy.api#timestampFormat", "smithy.api#paginated", "aws.api#service",
                           "smithy.rules#endpointRuleSet", "smithy.api#httpError", "smithy.api#jsonName"]).to_string()
            } else {
                rng.pick(&names).clone()
            };
            traits[name.as_str()] = random_value(rng, 2);
            format!("{id}: trait {name} given a random value")
        }
        4 => {
            if !shape["members"].is_object() {
                shape["members"] = json!({});
            }
            shape["members"]["loop"] = json!({"target": id, "traits": {"smithy.api#required": {}}});
            format!("{id}: required member targeting itself")
        }
        5 => match member {
            Some(name) => {
                let copy = shape["members"][name.as_str()].clone();
                let twin = if rng.below(2) == 0 { name.to_uppercase() } else { snake(&name) + "_" };
                shape["members"][twin.as_str()] = copy;
                format!("{id}: member `{name}` copied as `{twin}`")
            }
            None => format!("{id}: no member to copy"),
        },
        6 => match rng.below(3) {
            0 => {
                traits_of(shape, member.as_deref(), rng)["smithy.api#documentation"] = json!("<p>x</p>".repeat(10_000));
                format!("{id}: 70 KB of documentation")
            }
            1 => {
                let members: Map<String, Value> =
                    (0..2500).map(|k| (format!("m{k}"), json!({"target": "smithy.api#String"}))).collect();
                shape["members"] = Value::Object(members);
                format!("{id}: 2500 members")
            }
            _ => {
                traits_of(shape, member.as_deref(), rng)["smithy.api#length"] = json!({"min": 1e308, "max": -1e308});
                format!("{id}: extreme length values")
            }
        },
        7 => {
            let (open, close) = *rng.pick(&[("<ul><li>", "</li></ul>"), ("<p>", "</p>"), ("<b>", "</b>"), ("<a href=\"x\">", "</a>")]);
            let n = 1000 + rng.below(4000);
            traits_of(shape, member.as_deref(), rng)["smithy.api#documentation"] =
                json!(format!("{}x{}", open.repeat(n), close.repeat(n)));
            format!("{id}: documentation nested {n} deep")
        }
        8 => match member {
            Some(name) => {
                let new = rng.pick(HOSTILE_NAMES).to_string();
                if let Some(m) = shape["members"].as_object_mut() {
                    if let Some(v) = m.shift_remove(&name) {
                        m.insert(new.clone(), v);
                    }
                }
                format!("{id}: member `{name}` renamed `{new}`")
            }
            None => format!("{id}: no member to rename"),
        },
        9 => {
            let t = *rng.pick(&["structure", "union", "string", "list", "map", "enum", "intEnum", "operation", "service",
                                 "resource", "blob", "integer", "timestamp", "document", "apply", "nonsense"]);
            shape["type"] = json!(t);
            format!("{id}: type changed to {t}")
        }
        10 => {
            let uri = *rng.pick(&["/{a}/{a}", "x", "/{", "/{a+}/{b+}", "/a{b}", "/{}", "/?a=1&a=2", "//", "/{Bucket}"]);
            let method = *rng.pick(&["GET", "GE T", "", "POST\n", "PATCH"]);
            traits_of(shape, None, rng)["smithy.api#http"] = json!({"method": method, "uri": uri, "code": rng.below(700)});
            format!("{id}: @http {method:?} {uri:?}")
        }
        11 => {
            let pattern = *rng.pick(&["(", "[a-", "a{3,1}", "*", "\\", "\\p", "(?<>x)", "^[\\p{L}]+$", "(a|b)*?", "\\u12"]);
            traits_of(shape, member.as_deref(), rng)["smithy.api#pattern"] = json!(pattern);
            format!("{id}: @pattern {pattern:?}")
        }
        12 => {
            let (name, value) = rng.pick(&[
                ("smithy.api#length", json!({"min": 5, "max": 1})),
                ("smithy.api#range", json!({"min": 2, "max": -2})),
                ("smithy.api#idempotencyToken", json!({})),
                ("smithy.api#httpResponseCode", json!({})),
                ("smithy.api#eventHeader", json!({})),
                ("smithy.api#httpPayload", json!({})),
                ("smithy.api#httpLabel", json!({})),
                ("smithy.api#httpHeader", json!("X Bad")),
                ("smithy.api#httpHeader", json!("X-Same")),
                ("smithy.api#httpQuery", json!("")),
            ]).clone();
            traits_of(shape, member.as_deref(), rng)[name] = value.clone();
            format!("{id}: {name} = {value}")
        }
        13 => {
            let long = "a".repeat(300);
            let sdk = if rng.below(8) == 0 { long.as_str() } else { *rng.pick(&["runtime", "lib", "", "type", "Self", "٣", "3d", "a-b c"]) };
            traits_of(shape, None, rng)["aws.api#service"] = json!({"sdkId": sdk});
            format!("{id}: sdkId {:?}", sdk.chars().take(20).collect::<String>())
        }
        15 => {
            let target = if rng.below(2) == 0 { id.clone() } else { rng.pick(&ids).clone() };
            shape["mixins"] = json!([{"target": target}]);
            format!("{id}: mixin {target}")
        }
        17 => {
            // Somewhere inside a trait value (endpoint rules and tests are big): replace one node.
            let traits = traits_of(shape, member.as_deref(), rng);
            let names: Vec<String> = traits.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
            if names.is_empty() {
                return format!("{id}: no trait to dig into");
            }
            let name = rng.pick(&names).clone();
            let path = random_path(&traits[name.as_str()], rng);
            let mut node = &mut traits[name.as_str()];
            for step in &path {
                node = match step {
                    Step::Key(k) => &mut node[k.as_str()],
                    Step::Index(i) => &mut node[*i],
                };
            }
            // Half the time an object's key is renamed instead (endpoint parameter names become identifiers).
            if let (Some(map), true) = (node.as_object_mut(), rng.below(2) == 0) {
                let keys: Vec<String> = map.keys().cloned().collect();
                if !keys.is_empty() {
                    let key = rng.pick(&keys).clone();
                    let new = rng.pick(HOSTILE_NAMES).to_string();
                    if let Some(v) = map.shift_remove(&key) {
                        map.insert(new.clone(), v);
                    }
                    return format!("{id}: key `{key}` inside {name} renamed `{new}`");
                }
            }
            *node = random_value(rng, 1);
            format!("{id}: a node inside {name} replaced")
        }
        18 => {
            if !shape["members"].is_object() {
                shape["members"] = json!({});
            }
            shape["members"]["E1"] = json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 7}});
            shape["members"]["e1"] = json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "v"}});
            format!("{id}: enum members with colliding names and a numeric value")
        }
        _ => {
            traits_of(shape, None, rng)["smithy.api#streaming"] = json!({});
            format!("{id}: @streaming added")
        }
    }
}

fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// A member of the shape (an object-valued entry of its `members` object), if it has one.
fn member_name(shape: &Value, rng: &mut Rng) -> Option<String> {
    let names: Vec<String> =
        shape.get("members")?.as_object()?.iter().filter(|(_, v)| v.is_object()).map(|(k, _)| k.clone()).collect();
    (!names.is_empty()).then(|| rng.pick(&names).clone())
}

/// The `traits` object of the shape or (half the time, when given) of its member, made an object if it is not.
fn traits_of<'a>(shape: &'a mut Value, member: Option<&str>, rng: &mut Rng) -> &'a mut Value {
    let owner = match member.filter(|_| rng.below(2) == 0) {
        Some(name) => &mut shape["members"][name],
        None => shape,
    };
    if !owner["traits"].is_object() {
        owner["traits"] = json!({});
    }
    &mut owner["traits"]
}

enum Step {
    Key(String),
    Index(usize),
}

/// The path to a random node of `value` (possibly `value` itself).
fn random_path(value: &Value, rng: &mut Rng) -> Vec<Step> {
    let mut path = Vec::new();
    let mut at = value;
    while rng.below(4) != 0 {
        match at {
            Value::Object(m) if !m.is_empty() => {
                let k = rng.below(m.len());
                let Some((key, next)) = m.iter().nth(k) else { break };
                path.push(Step::Key(key.clone()));
                at = next;
            }
            Value::Array(a) if !a.is_empty() => {
                let i = rng.below(a.len());
                path.push(Step::Index(i));
                at = &a[i];
            }
            _ => break,
        }
    }
    path
}

/// A random JSON value of any type (containers up to `depth` deep; sometimes very deep or very large).
fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth == 0 { 6 } else { 10 }) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(*rng.pick(&[0.0, -1.0, 1e308, 3.5, -9.2e18, 65536.0])),
        3 => json!(*rng.pick(&["", "x", "smithy.api#String", "a.b#Missing", "٣", "GET", "/{x}", "date-time", "client"])),
        4 => json!(u64::MAX),
        5 => json!("y".repeat(rng.below(3) * 50_000)),
        6 => Value::Array((0..rng.below(4)).map(|_| random_value(rng, depth - 1)).collect()),
        7 => {
            // Nested past serde_json's limit: the model must be rejected as malformed, not crash anything.
            let mut v = json!(1);
            for _ in 0..(100 + rng.below(200)) {
                v = json!([v]);
            }
            v
        }
        _ => {
            let keys = ["target", "min", "max", "method", "uri", "name", "sdkId", "documentation", "members"];
            Value::Object((0..rng.below(4)).map(|_| (rng.pick(&keys).to_string(), random_value(rng, depth - 1))).collect())
        }
    }
}
