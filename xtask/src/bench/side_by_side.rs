//! Runtime benchmark: our `bench_client` and the official-SDK baseline client, alternately, against the same
//! loopback stub through the baseline kit's `run_bench.sh`; prints per-operation medians and ratios.
use super::{median, BenchArgs};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const OPS: [&str; 5] = [
    "connect.ReplicateInstance",
    "lexmodelsv2.CreateBotReplica",
    "backup.StartCopyJob",
    "partnercentral.CreateResourceSnapshotJob",
    "fsx.CopyBackup",
];
/// Untimed calls per operation each client makes first (both clients' default).
const WARMUP_PER_OP: usize = 10;

/// What one client run produced: its JSON result and the `/usr/bin/time -v` figures.
struct RunResult {
    json: Value,
    max_rss_kib: f64,
    cpu_s: f64,
}

struct Client {
    label: &'static str,
    bin: PathBuf,
    runs: Vec<RunResult>,
}

pub fn run(args: &BenchArgs, out: &Path) -> Result<(), String> {
    let root = crate::codegen::workspace_root();
    build_bench_client(&root)?;
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let script = args.baseline.join("run_bench.sh");
    let mut clients = [
        Client { label: "official", bin: args.baseline.join("target/release/aws-sdk-baseline"), runs: Vec::new() },
        Client { label: "aws-lite", bin: target.join("release/bench_client"), runs: Vec::new() },
    ];
    for needed in [&script, &clients[0].bin, &args.baseline.join("stub-rs/target/release/stub")] {
        if !needed.exists() {
            return Err(format!(
                "{} is missing: copy the shared baseline kit outside the repo and build it (see BENCHMARKS.md)",
                needed.display()
            ));
        }
    }
    for run in 0..args.runs.max(1) {
        // Alternate who goes first so slow drifts of the machine hit both clients alike.
        let order: [usize; 2] = if run % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            let client = &mut clients[i];
            let result = run_once(&script, &client.bin, client.label, run + 1, args, out)?;
            client.runs.push(result);
        }
    }
    print_report(&clients, args);
    print_binary_sizes(&clients, out);
    Ok(())
}

fn build_bench_client(root: &Path) -> Result<(), String> {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(root)
        .args(["build", "--release", "--quiet", "-p", "tests", "--bin", "bench_client"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("building bench_client failed ({status})"))
    }
}

fn run_once(
    script: &Path,
    bin: &Path,
    label: &str,
    run: usize,
    args: &BenchArgs,
    out: &Path,
) -> Result<RunResult, String> {
    let tag = format!("{label}-{run}");
    let json_path = out.join(format!("{tag}.json"));
    let mut cmd = Command::new(script);
    cmd.arg(bin).arg(args.n.to_string()).arg("--json").arg(&json_path).env("OUT_DIR", out).env("TAG", &tag);
    if args.no_retry {
        cmd.arg("--no-retry");
    }
    eprintln!("bench: run {run}, {label}");
    let output = cmd.output().map_err(|e| format!("cannot run {}: {e}", script.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{label} run {run} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let json_text =
        std::fs::read_to_string(&json_path).map_err(|e| format!("cannot read {}: {e}", json_path.display()))?;
    let json: Value = serde_json::from_str(&json_text).map_err(|e| format!("{}: {e}", json_path.display()))?;
    let time_path = out.join(format!("{tag}.time"));
    let time_text =
        std::fs::read_to_string(&time_path).map_err(|e| format!("cannot read {}: {e}", time_path.display()))?;
    let field = |name: &str| time_field(&time_text, name).ok_or(format!("{}: no '{name}'", time_path.display()));
    let cpu_s = field("User time (seconds)")? + field("System time (seconds)")?;
    Ok(RunResult { json, max_rss_kib: field("Maximum resident set size (kbytes)")?, cpu_s })
}

/// A numeric field of `/usr/bin/time -v` output, e.g. `Maximum resident set size (kbytes): 5756`.
fn time_field(text: &str, name: &str) -> Option<f64> {
    text.lines().find_map(|l| l.trim().strip_prefix(name)?.trim_start_matches(':').trim().parse().ok())
}

/// One figure of one operation in one run's JSON.
fn op_figure(run: &RunResult, op: &str, key: &str) -> Option<f64> {
    run.json
        .get("ops")?
        .as_array()?
        .iter()
        .find(|o| o.get("op").and_then(Value::as_str) == Some(op))?
        .get(key)?
        .as_f64()
}

fn op_median(client: &Client, op: &str, key: &str) -> f64 {
    median(&client.runs.iter().filter_map(|r| op_figure(r, op, key)).collect::<Vec<_>>())
}

fn all_calls_per_s(run: &RunResult) -> Option<f64> {
    let calls = run.json.get("total_calls")?.as_f64()?;
    let ms = run.json.get("timed_ms")?.as_f64()?;
    Some(calls / ms * 1e3)
}

fn print_report(clients: &[Client; 2], args: &BenchArgs) {
    let [sdk, lite] = clients;
    println!(
        "\nruntime: {} runs per client, N={} per operation, retries {}, medians over runs",
        args.runs.max(1),
        args.n,
        if args.no_retry { "disabled" } else { "default" }
    );
    println!(
        "{:<42} {:>10} {:>10} {:>7} {:>9} {:>9} {:>9} {:>9}",
        "operation", "sdk c/s", "lite c/s", "ratio", "sdk p50", "lite p50", "sdk p99", "lite p99"
    );
    for op in OPS {
        let (s, l) = (op_median(sdk, op, "calls_per_s"), op_median(lite, op, "calls_per_s"));
        println!(
            "{:<42} {:>10.0} {:>10.0} {:>6.2}x {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
            op,
            s,
            l,
            l / s,
            op_median(sdk, op, "p50_us"),
            op_median(lite, op, "p50_us"),
            op_median(sdk, op, "p99_us"),
            op_median(lite, op, "p99_us")
        );
    }
    let all = |c: &Client| median(&c.runs.iter().filter_map(all_calls_per_s).collect::<Vec<_>>());
    let (s, l) = (all(sdk), all(lite));
    println!("{:<42} {:>10.0} {:>10.0} {:>6.2}x", "all five", s, l, l / s);
    let calls = (args.n + WARMUP_PER_OP) * OPS.len();
    for c in clients {
        let rss: Vec<f64> = c.runs.iter().map(|r| r.max_rss_kib).collect();
        let cpu: Vec<f64> = c.runs.iter().map(|r| r.cpu_s * 1e6 / calls as f64).collect();
        println!(
            "{:<9} peak RSS (time -v) median {:.0} KiB (runs: {:?}); client CPU median {:.1} us/call",
            c.label,
            median(&rss),
            rss,
            median(&cpu)
        );
    }
    let rss = |c: &Client| median(&c.runs.iter().map(|r| r.max_rss_kib).collect::<Vec<_>>());
    println!("peak RSS ratio aws-lite / official: {:.2}", rss(lite) / rss(sdk));
}

fn print_binary_sizes(clients: &[Client; 2], out: &Path) {
    for c in clients {
        let size = std::fs::metadata(&c.bin).map(|m| m.len()).unwrap_or(0);
        let stripped_path = out.join(format!("{}.stripped", c.label));
        let stripped = Command::new("strip")
            .arg("-o")
            .arg(&stripped_path)
            .arg(&c.bin)
            .status()
            .ok()
            .filter(|s| s.success())
            .and_then(|_| std::fs::metadata(&stripped_path).ok())
            .map(|m| m.len());
        let stripped = stripped.map(|b| b.to_string()).unwrap_or_else(|| "?".into());
        println!("{:<9} release binary {size} bytes, stripped {stripped} bytes ({})", c.label, c.bin.display());
    }
}

#[cfg(test)]
mod tests {
    use super::time_field;

    #[test]
    fn reads_time_v_fields() {
        let text =
            "\tUser time (seconds): 0.11\n\tSystem time (seconds): 0.14\n\tMaximum resident set size (kbytes): 5756\n";
        assert_eq!(time_field(text, "User time (seconds)"), Some(0.11));
        assert_eq!(time_field(text, "Maximum resident set size (kbytes)"), Some(5756.0));
        assert_eq!(time_field(text, "Elapsed"), None);
    }
}
