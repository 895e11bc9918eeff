//! `cargo xtask bench`: the performance benchmarks behind BENCHMARKS.md. Never part of `cargo test`.
//!
//! - `--what generator`: load + generate each full upstream model (all operations) in-process, in a release
//!   build (a debug xtask re-runs itself with `cargo run --release`, since debug timings mean nothing).
//! - `--what runtime`: builds `bench_client` (release) and runs it and the official-SDK baseline client
//!   alternately against the baseline kit's loopback stub (`run_bench.sh`), then prints medians and ratios.
//! - `--what endpoints`: the cost of resolving the endpoint per call (Kinesis, in memory).
mod endpoint_cost;
mod generator_speed;
mod pathological;
mod side_by_side;

use std::path::PathBuf;

#[derive(clap::Args, Debug, Clone)]
pub struct BenchArgs {
    /// What to measure: `generator`, `pathological`, `runtime`, `endpoints` or `all` (all but endpoints).
    #[arg(long, default_value = "all")]
    pub what: String,
    /// A built copy of the shared baseline kit (outside the repo): needs `target/release/aws-sdk-baseline`
    /// and `stub-rs/target/release/stub`.
    #[arg(long, default_value = "/tmp/aws-sdk-baseline")]
    pub baseline: PathBuf,
    /// Timed calls per operation and client run.
    #[arg(long, default_value_t = 2000)]
    pub n: usize,
    /// Runs per client (alternating ours / official) for the runtime bench; repetitions for the generator bench.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Pass `--no-retry` to both clients.
    #[arg(long)]
    pub no_retry: bool,
    /// Upstream models directory (default: `$SHARED_DIR/aws-models`, `SHARED_DIR` defaulting to `../shared`).
    #[arg(long)]
    pub models: Option<PathBuf>,
    /// Where run logs and JSON results go (default: target/bench).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(args: BenchArgs) -> Result<(), String> {
    let out = args.out.clone().unwrap_or_else(|| crate::codegen::workspace_root().join("target/bench"));
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    match args.what.as_str() {
        "generator" => generator_speed::run(&args),
        // Kept apart from `generator` so the five models' figures (and instruction counts) stay comparable.
        "pathological" => pathological::run(args.runs),
        "runtime" => side_by_side::run(&args, &out),
        "endpoints" => endpoint_cost::run(&args, &out),
        "all" => {
            generator_speed::run(&args)?;
            pathological::run(args.runs)?;
            side_by_side::run(&args, &out)
        }
        other => Err(format!("--what must be generator, pathological, runtime, endpoints or all (got {other})")),
    }
}

/// Median of the samples (the mean of the middle two for an even count); 0 for none.
fn median(samples: &[f64]) -> f64 {
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    match s.len() {
        0 => 0.0,
        n if n % 2 == 1 => s[n / 2],
        n => (s[n / 2 - 1] + s[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn median_of_odd_even_and_empty_sets() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
    }
}
