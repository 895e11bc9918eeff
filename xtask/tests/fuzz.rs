//! The model fuzzer in CI (issue 9): a few hundred deterministic mutants of models/ and the shared upstream
//! models through the real codegen path, asserting no panic, no hang over 10 s, no abort (an abort kills this
//! test process, which fails the run; the mutant is left in target/fuzz-test/mutant.json) and that a rejected
//! model leaves the output directory as it was. `FUZZ_MUTANTS` and `FUZZ_SEED` run more or other mutants;
//! `cargo xtask fuzz` runs thousands. codegen.rs and fuzz.rs are included by path because xtask has no lib.
#[allow(dead_code)]
#[path = "../src/codegen.rs"]
mod codegen;
#[allow(dead_code)]
#[path = "../src/fuzz.rs"]
mod fuzz;

use std::time::Duration;

/// Enough to meet every mutation several times, small enough for CI's budget (about 40 s in a debug build).
const DEFAULT_MUTANTS: usize = 240;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn mutated_models_never_panic_hang_or_write_when_rejected() {
    let root = codegen::workspace_root();
    let config = fuzz::FuzzConfig {
        mutants: env_number("FUZZ_MUTANTS", DEFAULT_MUTANTS as u64) as usize,
        first: 0,
        seed: env_number("FUZZ_SEED", 1),
        corpus: fuzz::corpus(&root).unwrap_or_else(|e| panic!("{e}")),
        work_dir: root.join("target/fuzz-test"),
        timeout: Duration::from_secs(10),
    };
    let report = fuzz::run_mutants(&config);
    fuzz::print_report(&config, &report);
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
    assert_eq!(report.run, config.mutants);
    // Both paths are exercised: models that still generate (written atomically) and models refused.
    assert!(report.accepted > config.mutants / 20 && report.rejected > config.mutants / 4, "{report:?}");
}

#[test]
fn mutants_are_deterministic() {
    let text = std::fs::read_to_string(codegen::workspace_root().join("models/backup.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    for i in 0..20 {
        let a = fuzz::make_mutant(doc.clone(), &mut fuzz::Rng::new(3, i));
        let b = fuzz::make_mutant(doc.clone(), &mut fuzz::Rng::new(3, i));
        assert_eq!(a, b, "mutant {i}");
    }
    let first = fuzz::make_mutant(doc.clone(), &mut fuzz::Rng::new(3, 0));
    let second = fuzz::make_mutant(doc, &mut fuzz::Rng::new(3, 1));
    assert_ne!(first, second);
}
