//! Smithy protocol compliance tests (restJson1, awsJson1_0, awsJson1_1): the protocol test models in
//! `$SHARED_DIR/smithy-protocol-tests` are generated, with their client test cases, into one scratch crate
//! (target/protocol-suites/, one module per service) and run with `cargo test`. Prints
//! `protocol <name>: N passed, M failed, K skipped` per protocol; fails on any failing case not in
//! tests/protocol-skip.txt, on any listed case that passes, and when the number of cases run differs from
//! the number of client cases in the models.

mod protocol_suites {
    pub mod cases;
    pub mod outcomes;
    pub mod scratch;
}

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use protocol_suites::{cases, outcomes, scratch};

/// The suites, all in the shared directory's top level (mixins flattened).
const SUITE_FILES: &[&str] = &[
    "awsJson1_0.json",
    "awsJson1_1.json",
    "awsJson1_1-machinelearning.json",
    "restJson1.json",
    "restJson1-apigateway.json",
    "restJson1-glacier.json",
    "restJson1-validation.json",
];

fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Where nested cargo runs build: `$CARGO_TARGET_DIR` (a relative one is taken from the workspace root, where
/// cargo is run) or the workspace's `target/`; the scratch crate is written there too.
fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// `$SHARED_DIR`, by default `../shared` beside the checkout.
fn shared_dir(root: &Path) -> PathBuf {
    std::env::var_os("SHARED_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("../shared"))
}

fn cargo_test(root: &Path, crate_dir: &Path) -> std::process::Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target = target_dir(root);
    let output = Command::new(cargo)
        .arg("test")
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        .args(["--lib", "--", "protocol_tests::"])
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output();
    match output {
        Ok(output) => output,
        Err(error) => panic!("cannot run cargo test: {error}"),
    }
}

/// Missing shared material: a printed skip, or a failure when `CI=true` (a CI run must not pass by skipping).
fn skip_unless_ci(message: &str) {
    if std::env::var("CI").is_ok_and(|ci| ci == "true") {
        panic!("{message}; CI=true requires the shared material");
    }
    eprintln!("SKIPPED: {message}");
}

#[test]
fn protocol_suites() {
    let root = workspace_root();
    let dir = shared_dir(&root).join("smithy-protocol-tests");
    if !dir.is_dir() {
        skip_unless_ci(&format!(
            "protocol suites: nothing at {} (set SHARED_DIR to the directory holding smithy-protocol-tests/)",
            dir.display()
        ));
        return;
    }
    let files: Vec<PathBuf> = SUITE_FILES.iter().map(|f| dir.join(f)).collect();
    let suites = cases::load_suites(&files).unwrap_or_else(|e| panic!("{e}"));

    let crate_dir = target_dir(&root).join("protocol-suites");
    scratch::write_crate(&crate_dir, &suites).unwrap_or_else(|e| panic!("{e}"));
    let run = cargo_test(&root, &crate_dir);
    let stdout = String::from_utf8_lossy(&run.stdout);
    if !run.status.success() && !stdout.contains("test result:") {
        panic!("the protocol suites did not build:\n{}", String::from_utf8_lossy(&run.stderr));
    }

    let skip_path = root.join("tests/protocol-skip.txt");
    let skip_text = std::fs::read_to_string(&skip_path).unwrap_or_default();
    let skips = outcomes::parse_skip_list(&skip_text).unwrap_or_else(|e| panic!("{}: {e}", skip_path.display()));
    let results = cases::parse_test_output(&stdout);

    let mut problems = Vec::new();
    let mut by_protocol: BTreeMap<&str, (usize, usize, usize, usize)> = BTreeMap::new();
    for suite in &suites.services {
        let counts = by_protocol.entry(suite.protocol).or_default();
        counts.3 += suite.client_cases;
        if let Some(why) = &suite.not_generated {
            counts.1 += suite.client_cases;
            problems.push(format!("{} client cases of {} failed: not generated: {why}", suite.client_cases, suite.module));
            continue;
        }
        let summary = outcomes::summarize(&suite.module, &results, &skips);
        counts.0 += summary.passed;
        counts.1 += summary.failed.len() + summary.stale_skips.len();
        counts.2 += summary.skipped;
        for case in &summary.failed {
            problems.push(format!("{} ({}): case `{case}` failed", suite.module, suite.protocol));
        }
        for case in &summary.stale_skips {
            problems.push(format!("{}: case `{case}` passes but is listed in {}", suite.module, skip_path.display()));
        }
    }
    for (protocol, (passed, failed, skipped, expected)) in &by_protocol {
        // Straight to stderr, past libtest's capture, so the summary shows on every run.
        let _ = writeln!(std::io::stderr(), "protocol {protocol}: {passed} passed, {failed} failed, {skipped} skipped");
        if passed + failed + skipped != *expected {
            problems.push(format!(
                "protocol {protocol}: the models hold {expected} client cases, {} ran",
                passed + failed + skipped
            ));
        }
    }
    for (suite, case) in &skips {
        if !results.contains_key(&(suite.clone(), case.clone())) {
            problems.push(format!("{}: `{suite} {case}` names no case that ran", skip_path.display()));
        }
    }
    if !problems.is_empty() {
        println!("{stdout}");
        panic!("protocol suites failed:\n{}", problems.join("\n"));
    }
}
