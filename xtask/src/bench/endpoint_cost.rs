//! `--what endpoints`: what resolving the endpoint per call costs. Generates a crate from the Kinesis model
//! (`$SHARED_DIR/aws-models-extra`) under target/bench/endpoint-cost, adds `endpoint_cost/main.rs` as an example,
//! and runs it in release: in-memory calls through the capturing client, resolved once vs per call.
use super::BenchArgs;
use std::path::Path;
use std::process::Command;

pub fn run(args: &BenchArgs, out: &Path) -> Result<(), String> {
    let root = crate::codegen::workspace_root();
    let shared = std::env::var_os("SHARED_DIR").map(std::path::PathBuf::from).unwrap_or_else(|| root.join("../shared"));
    let model = shared.join("aws-models-extra/kinesis-2013-12-02.json");
    let dir = out.join("endpoint-cost");
    let _ = std::fs::remove_dir_all(&dir);
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["run", "--quiet", "--package", "xtask", "--", "codegen", "--model"])
        .arg(&model)
        .arg("--out")
        .arg(&dir)
        .args(["--crate-name", "bench-kinesis"])
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run codegen: {e}"))?;
    if !status.success() {
        return Err(format!("codegen of {} failed", model.display()));
    }
    // `codegen --out` makes the crate a workspace of its own.
    std::fs::create_dir_all(dir.join("examples")).map_err(|e| e.to_string())?;
    std::fs::write(dir.join("examples/cost.rs"), include_str!("endpoint_cost/main.rs")).map_err(|e| e.to_string())?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["run", "--quiet", "--release", "--offline", "--example", "cost", "--"])
        .arg((args.n * 100).to_string())
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .status()
        .map_err(|e| format!("cannot run the example: {e}"))?;
    status.success().then_some(()).ok_or_else(|| "the endpoint cost example failed".to_string())
}
