//! Generator speed: load + generate every operation of each full upstream model, timed in-process.
use super::{median, BenchArgs};
use generator::model::{load, SourceFile};
use generator::{CrateSettings, Settings};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The five services of the project, as named in the shared upstream models directory.
const UPSTREAM_MODELS: [&str; 5] = [
    "connect-2017-08-08.json",
    "lex-models-v2-2020-08-07.json",
    "backup-2018-11-15.json",
    "partnercentral-selling-2022-07-26.json",
    "fsx-2018-03-01.json",
];

pub fn run(args: &BenchArgs) -> Result<(), String> {
    if cfg!(debug_assertions) {
        return rerun_in_release(args);
    }
    let dir = models_dir(args);
    let mut texts = Vec::new();
    for name in UPSTREAM_MODELS {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        texts.push((path, text));
    }
    println!("generator speed: load + generate, all operations, release build, {} repetitions", args.runs.max(1));
    println!(
        "{:<40} {:>9} {:>6} {:>10} {:>12} {:>10} {:>10} {:>10}",
        "model", "model KiB", "ops", "files", "output KiB", "load ms", "gen ms", "total ms"
    );
    let mut totals = vec![0.0; args.runs.max(1)];
    for (path, text) in &texts {
        let mut load_ms = Vec::new();
        let mut gen_ms = Vec::new();
        let mut shape = (0, 0, 0);
        for total in totals.iter_mut() {
            let t = time_one(path, text)?;
            load_ms.push(t.load_ms);
            gen_ms.push(t.gen_ms);
            *total += t.load_ms + t.gen_ms;
            shape = (t.operations, t.files, t.output_bytes);
        }
        let (ops, files, out_bytes) = shape;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        println!(
            "{:<40} {:>9} {:>6} {:>10} {:>12} {:>10.1} {:>10.1} {:>10.1}",
            name,
            text.len() / 1024,
            ops,
            files,
            out_bytes / 1024,
            median(&load_ms),
            median(&gen_ms),
            median(&load_ms) + median(&gen_ms)
        );
    }
    let five = median(&totals);
    println!("all five (median of per-repetition sums): {five:.1} ms (target < 1000 ms)");
    Ok(())
}

/// Load and generate times of one model, and the size of what came out.
struct Timing {
    load_ms: f64,
    gen_ms: f64,
    operations: usize,
    files: usize,
    output_bytes: usize,
}

/// Times one load and one generate of `text`.
fn time_one(path: &Path, text: &str) -> Result<Timing, String> {
    let source = SourceFile { name: path.display().to_string(), text: text.to_string() };
    let t0 = Instant::now();
    let model = load(&[source]).map_err(|e| format!("{}: {e}", path.display()))?;
    let load_ms = t0.elapsed().as_secs_f64() * 1e3;
    let settings = Settings {
        crate_settings: CrateSettings { crate_name: "bench-out".into(), service_features: false },
        operations: None,
    };
    let t1 = Instant::now();
    let plan = generator::generate(std::slice::from_ref(&model), &settings)
        .map_err(|e| format!("{}: generation failed: {e}", path.display()))?;
    let gen_ms = t1.elapsed().as_secs_f64() * 1e3;
    Ok(Timing {
        load_ms,
        gen_ms,
        operations: count_operations(text),
        files: plan.len(),
        output_bytes: plan.values().map(String::len).sum(),
    })
}

/// Operations in the model (shapes of type "operation"), read from the JSON AST.
fn count_operations(text: &str) -> usize {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else { return 0 };
    json.get("shapes")
        .and_then(|s| s.as_object())
        .map(|shapes| shapes.values().filter(|s| s.get("type").and_then(|t| t.as_str()) == Some("operation")).count())
        .unwrap_or(0)
}

fn models_dir(args: &BenchArgs) -> PathBuf {
    args.models.clone().unwrap_or_else(|| {
        let shared = std::env::var_os("SHARED_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| crate::codegen::workspace_root().join("../shared"));
        shared.join("aws-models")
    })
}

/// Debug timings of the generator are meaningless: run the same bench from a release xtask instead.
fn rerun_in_release(args: &BenchArgs) -> Result<(), String> {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(crate::codegen::workspace_root())
        .args(["run", "--release", "--quiet", "-p", "xtask", "--", "bench", "--what", "generator"])
        .arg("--runs")
        .arg(args.runs.to_string());
    if let Some(m) = &args.models {
        cmd.arg("--models").arg(m);
    }
    eprintln!("bench: debug xtask; re-running the generator bench from a release build");
    let status = cmd.status().map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("release generator bench failed ({status})"))
    }
}
