//! Endpoint rule sets of the project's suites (tests/endpoints/*.json), of the Smithy rules-engine suites and
//! of the five AWS models, emitted with their
//! `endpointTests` into a scratch crate (target/endpoint-suites/), checked with clippy and run with
//! `cargo test`. Prints `endpoints <suite>: N passed, M failed, K skipped` per suite; fails on any failing
//! case not in tests/endpoints/skip.txt and on any listed case that passes.
//!
//! Shared test data comes from `$SHARED_DIR`, by default `../shared` next to the workspace.

mod endpoint_suites {
    pub mod outcomes;
    pub mod scratch_crate;
    pub mod suites;
}

use std::path::{Path, PathBuf};
use std::process::Command;

use endpoint_suites::{outcomes, scratch_crate, suites};

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
    std::env::var_os("SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"))
}

fn cargo(root: &Path, crate_dir: &Path, args: &[&str]) -> std::process::Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target = target_dir(root);
    let (command, rest) = args.split_first().unwrap_or((&"test", &[]));
    let output = Command::new(cargo)
        .arg(command)
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        .args(rest)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output();
    match output {
        Ok(output) => output,
        Err(error) => panic!("cannot run cargo {args:?}: {error}"),
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
fn endpoint_suites() {
    let root = workspace_root();
    let shared = shared_dir(&root);
    // The project's own suites (tests/endpoints/*.json) always run; the shared ones when present.
    let mut files =
        suites::json_files(&root.join("tests/endpoints")).unwrap_or_else(|e| panic!("{e}"));
    // The project's model slices (models/*.json; fixes.json is import data, not a model) carry every endpoint
    // test case of their services too; they print as `endpoints <service module>`.
    files.extend(
        suites::json_files(&root.join("models"))
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .filter(|p| !p.ends_with("fixes.json")),
    );
    if shared.join("smithy-rules-tests").is_dir() && shared.join("aws-models").is_dir() {
        files.extend(suites::suite_files(&shared).unwrap_or_else(|e| panic!("{e}")));
    } else {
        skip_unless_ci(&format!(
            "endpoint suites from shared data: nothing at {} (set SHARED_DIR to the directory holding \
             smithy-rules-tests/ and aws-models/)",
            shared.display()
        ));
    }
    let mut problems = Vec::new();
    let mut loaded = Vec::new();
    for file in &files {
        match suites::load_suite(file) {
            Ok(suite) => loaded.push(suite),
            Err(error) => problems.push(error),
        }
    }

    let crate_dir = target_dir(&root).join("endpoint-suites");
    let runtime_dir = root.join("generator/runtime/src/runtime");
    let runtime_manifest = root.join("generator/runtime/Cargo.toml");
    scratch_crate::write_crate(&crate_dir, &runtime_dir, &runtime_manifest, &loaded)
        .unwrap_or_else(|e| panic!("{e}"));

    let clippy = cargo(
        &root,
        &crate_dir,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
    );
    if !clippy.status.success() {
        problems.push(format!(
            "clippy on the emitted endpoint modules failed:\n{}",
            String::from_utf8_lossy(&clippy.stderr)
        ));
    }
    // Known failures are emitted `#[ignore]`d; run them anyway to notice when one starts passing.
    let run = cargo(
        &root,
        &crate_dir,
        &["test", "--lib", "--", "--include-ignored"],
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    if !run.status.success() && !stdout.contains("test result:") {
        problems.push(format!(
            "the endpoint suites did not build:\n{}",
            String::from_utf8_lossy(&run.stderr)
        ));
    }

    let skip_path = root.join("tests/endpoints/skip.txt");
    let skip_text = std::fs::read_to_string(&skip_path).unwrap_or_default();
    let known_failures = generator::endpoints::parse_known_failures(&skip_text)
        .unwrap_or_else(|e| panic!("{}: {e}", skip_path.display()));
    for service in known_failures.keys() {
        if !loaded.iter().any(|s| &s.service_id == service) {
            problems.push(format!(
                "{}: no suite has the service `{service}`",
                skip_path.display()
            ));
        }
    }
    let results = outcomes::parse_test_output(&stdout);
    let (mut total_passed, mut total_failed, mut total_skipped) = (0, 0, 0);
    for suite in &loaded {
        let summary = outcomes::summarize(
            &suite.module,
            &results,
            known_failures.get(&suite.service_id),
        );
        let failed = summary.failed.len() + summary.stale_skips.len();
        summary_line(&format!(
            "endpoints {}: {} passed, {} failed, {} skipped",
            suite.module, summary.passed, failed, summary.skipped
        ));
        let seen = summary.passed + failed + summary.skipped;
        if seen != suite.cases {
            problems.push(format!(
                "{}: {} cases in {}, {} ran",
                suite.module,
                suite.cases,
                suite.file.display(),
                seen
            ));
        }
        for case in &summary.failed {
            problems.push(format!("{}: case `{case}` failed", suite.module));
        }
        for case in &summary.stale_skips {
            problems.push(format!(
                "{}: case `{case}` passes but is listed in {}",
                suite.module,
                skip_path.display()
            ));
        }
        total_passed += summary.passed;
        total_failed += failed;
        total_skipped += summary.skipped;
    }
    summary_line(&format!(
        "endpoints total: {total_passed} passed, {total_failed} failed, {total_skipped} skipped"
    ));
    if !problems.is_empty() {
        if total_failed > 0 {
            println!("{stdout}");
        }
        panic!("endpoint suites failed:\n{}", problems.join("\n"));
    }
}

/// The runtime's partition table (generator/runtime/src/runtime/partitions.json) carries the facts of the
/// shared botocore partition file: ids, region patterns, region names and outputs.
#[test]
fn partition_data_matches_shared_facts() {
    let root = workspace_root();
    let shared = shared_dir(&root).join("aws-partitions.json");
    let Ok(upstream) = std::fs::read_to_string(&shared) else {
        skip_unless_ci(&format!("partition data check: no {}", shared.display()));
        return;
    };
    let ours_path = root.join("generator/runtime/src/runtime/partitions.json");
    let ours = std::fs::read_to_string(&ours_path).expect("runtime partitions.json");
    let parse =
        |text: &str| -> serde_json::Value { serde_json::from_str(text).expect("partition JSON") };
    let (upstream, ours) = (parse(&upstream), parse(&ours));
    let list = |v: &serde_json::Value| v["partitions"].as_array().cloned().unwrap_or_default();
    let (upstream, ours) = (list(&upstream), list(&ours));
    assert_eq!(ours.len(), upstream.len(), "number of partitions");
    for (mine, theirs) in ours.iter().zip(&upstream) {
        let id = &theirs["id"];
        assert_eq!(mine["id"], *id);
        assert_eq!(
            mine["regionRegex"], theirs["regionRegex"],
            "regionRegex of {id}"
        );
        assert_eq!(mine["outputs"], theirs["outputs"], "outputs of {id}");
        let mut regions: Vec<&String> = theirs["regions"]
            .as_object()
            .map(|m| m.keys().collect())
            .unwrap_or_default();
        regions.sort();
        let listed: Vec<&str> = mine["regions"]
            .as_array()
            .map(|a| a.iter().filter_map(|r| r.as_str()).collect())
            .unwrap_or_default();
        assert_eq!(listed, regions, "regions of {id}");
    }
}

/// Summary lines go straight to the process's stderr: the test harness captures `println!`/`eprintln!` of passing
/// tests, and CI must show these lines.
fn summary_line(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}
