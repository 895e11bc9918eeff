//! Benchmark client for the generated `aws-lite` crate, the counterpart of the official-SDK client in the
//! shared baseline kit (`bench/aws-sdk-baseline/src/main.rs`): same CLI, same five calls with the same inputs,
//! same checks on the stub's answers, same table and JSON, so both run against the same stub via its
//! `run_bench.sh BIN N [args]`. Not a test: `cargo xtask bench` (or BENCHMARKS.md) runs it.
//!
//! Usage: `bench_client ENDPOINT_URL N [--ops connect,lex,backup,partner,fsx] [--warmup W] [--no-retry]
//! [--rt multi|current] [--json FILE]`
//!
//! Every call is checked: `send()` must return `Ok` and the output must carry the values the stub sends;
//! otherwise the process exits with status 1.

use std::time::{Duration, Instant};

use aws_lite::runtime::retry::RetryConfig;
use aws_lite::{Config, Credentials};

const OPS: [&str; 5] = ["connect", "lex", "backup", "partner", "fsx"];

// Request inputs (identical for every call, as in the baseline client).
const CONNECT_INSTANCE_ID: &str = "12345678-1234-1234-1234-123456789012";
const LEX_BOT_ID: &str = "BOT1234567";
const BACKUP_RP_ARN: &str = "arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45";
const BACKUP_SRC_VAULT: &str = "source-vault";
const BACKUP_DST_VAULT_ARN: &str = "arn:aws:backup:us-west-2:123456789012:backup-vault:dest-vault";
const BACKUP_ROLE_ARN: &str = "arn:aws:iam::123456789012:role/BackupRole";
const FSX_SOURCE_BACKUP: &str = "backup-0123456789abcdef0";
/// The baseline sends `eng-0123456789abc` (13 characters after `eng-`), which breaks the model's pattern
/// `^eng-[0-9a-z]{14}$`: the official SDK does not check patterns, aws-lite does and refuses to send it. One
/// more character makes it valid; the stub does not look at the value.
const PARTNER_ENGAGEMENT_ID: &str = "eng-0123456789abcd";

// Values the stub answers with (checked on every call).
const EXP_CONNECT_ID: &str = "87654321-4321-4321-4321-210987654321";
const EXP_COPY_JOB_ID: &str = "copy-job-0123456789";
const EXP_PARTNER_ID: &str = "rsj-0123456789abc";
const EXP_FSX_BACKUP_ID: &str = "backup-0123";

struct Args {
    endpoint: String,
    n: usize,
    ops: Vec<String>,
    warmup: usize,
    no_retry: bool,
    rt_current: bool,
    json: Option<String>,
}

const USAGE: &str = "usage: bench_client ENDPOINT_URL N [--ops connect,lex,backup,partner,fsx] [--warmup W] \
                     [--no-retry] [--rt multi|current] [--json FILE]";

fn parse_args() -> Result<Args, String> {
    let mut it = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut a = Args {
        endpoint: String::new(),
        n: 0,
        ops: OPS.iter().map(|s| s.to_string()).collect(),
        warmup: 10,
        no_retry: false,
        rt_current: false,
        json: None,
    };
    while let Some(x) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match x.as_str() {
            "--ops" => a.ops = value("--ops")?.split(',').map(|s| s.to_string()).collect(),
            "--warmup" => a.warmup = value("--warmup")?.parse().map_err(|_| "--warmup: not a number")?,
            "--no-retry" => a.no_retry = true,
            "--rt" => a.rt_current = value("--rt")? == "current",
            "--json" => a.json = Some(value("--json")?),
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => positional.push(x),
        }
    }
    let [endpoint, n] = positional.as_slice() else { return Err(USAGE.to_string()) };
    a.endpoint = endpoint.trim_end_matches('/').to_string();
    a.n = n.parse().map_err(|_| format!("N must be a number, got {n}"))?;
    if let Some(bad) = a.ops.iter().find(|op| !OPS.contains(&op.as_str())) {
        return Err(format!("unknown op {bad}; known: {OPS:?}"));
    }
    Ok(a)
}

struct Clients {
    connect: aws_lite::connect::Client,
    lex: aws_lite::lexmodelsv2::Client,
    backup: aws_lite::backup::Client,
    partner: aws_lite::partnercentralselling::Client,
    fsx: aws_lite::fsx::Client,
}

/// Same configuration as the baseline: us-east-1, static keys, endpoint override, default retries
/// (standard, 3 attempts) unless `--no-retry`.
fn make_clients(endpoint: &str, no_retry: bool) -> Clients {
    let mut builder = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None))
        .endpoint_url(endpoint);
    if no_retry {
        builder = builder.retry_config(RetryConfig::disabled());
    }
    let config = builder.build();
    Clients {
        connect: aws_lite::connect::Client::new(&config),
        lex: aws_lite::lexmodelsv2::Client::new(&config),
        backup: aws_lite::backup::Client::new(&config),
        partner: aws_lite::partnercentralselling::Client::new(&config),
        fsx: aws_lite::fsx::Client::new(&config),
    }
}

fn ensure(cond: bool, what: &str) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(format!("unexpected output: {what}"))
    }
}

/// One call of `op`, with the baseline's inputs and output checks. Idempotency tokens are left unset so the
/// client fills a fresh one per call, as the official SDK does.
async fn call(c: &Clients, op: &str) -> Result<(), String> {
    match op {
        "connect" => {
            let out = c
                .connect
                .replicate_instance()
                .instance_id(CONNECT_INSTANCE_ID)
                .replica_region("us-west-2")
                .replica_alias("replica-alias")
                .send()
                .await
                .map_err(|e| format!("{e:?}"))?;
            ensure(out.id() == Some(EXP_CONNECT_ID), "ReplicateInstance.Id")?;
            ensure(out.arn().is_some(), "ReplicateInstance.Arn")
        }
        "lex" => {
            let out = c
                .lex
                .create_bot_replica()
                .bot_id(LEX_BOT_ID)
                .replica_region("us-west-2")
                .send()
                .await
                .map_err(|e| format!("{e:?}"))?;
            ensure(out.bot_id() == Some(LEX_BOT_ID), "CreateBotReplica.botId")?;
            ensure(
                out.bot_replica_status() == Some(&aws_lite::lexmodelsv2::types::BotReplicaStatus::Enabling),
                "CreateBotReplica.botReplicaStatus",
            )?;
            ensure(out.creation_date_time().is_some(), "CreateBotReplica.creationDateTime")?;
            ensure(out.source_region() == Some("us-east-1"), "CreateBotReplica.sourceRegion")
        }
        "backup" => {
            let out = c
                .backup
                .start_copy_job()
                .recovery_point_arn(BACKUP_RP_ARN)
                .source_backup_vault_name(BACKUP_SRC_VAULT)
                .destination_backup_vault_arn(BACKUP_DST_VAULT_ARN)
                .iam_role_arn(BACKUP_ROLE_ARN)
                .send()
                .await
                .map_err(|e| format!("{e:?}"))?;
            ensure(out.copy_job_id() == Some(EXP_COPY_JOB_ID), "StartCopyJob.CopyJobId")?;
            ensure(out.creation_date().is_some(), "StartCopyJob.CreationDate")?;
            ensure(!out.is_parent(), "StartCopyJob.IsParent")
        }
        "partner" => {
            let out = c
                .partner
                .create_resource_snapshot_job()
                .catalog("Sandbox")
                .engagement_identifier(PARTNER_ENGAGEMENT_ID)
                .resource_type(aws_lite::partnercentralselling::types::ResourceType::Opportunity)
                .resource_identifier("O1234567")
                .resource_snapshot_template_identifier("OpportunitySummary")
                .send()
                .await
                .map_err(|e| format!("{e:?}"))?;
            ensure(out.id() == Some(EXP_PARTNER_ID), "CreateResourceSnapshotJob.Id")?;
            ensure(out.arn().is_some(), "CreateResourceSnapshotJob.Arn")
        }
        "fsx" => {
            let out = c
                .fsx
                .copy_backup()
                .source_backup_id(FSX_SOURCE_BACKUP)
                .source_region("us-west-2")
                .send()
                .await
                .map_err(|e| format!("{e:?}"))?;
            let b = out.backup().ok_or("CopyBackup.Backup missing")?;
            ensure(b.backup_id() == Some(EXP_FSX_BACKUP_ID), "CopyBackup.Backup.BackupId")?;
            ensure(
                b.lifecycle() == Some(&aws_lite::fsx::types::BackupLifecycle::Pending),
                "CopyBackup.Backup.Lifecycle",
            )?;
            ensure(b.creation_time().is_some(), "CopyBackup.Backup.CreationTime")
        }
        other => Err(format!("unknown op {other}")),
    }
}

struct OpResult {
    op: String,
    n: usize,
    total: Duration,
    lat_us: Vec<f64>,
}

/// Nearest-rank percentile of sorted samples (the baseline's definition).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn op_name(op: &str) -> &'static str {
    match op {
        "connect" => "connect.ReplicateInstance",
        "lex" => "lexmodelsv2.CreateBotReplica",
        "backup" => "backup.StartCopyJob",
        "partner" => "partnercentral.CreateResourceSnapshotJob",
        "fsx" => "fsx.CopyBackup",
        _ => "unknown",
    }
}

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
}

/// User and system CPU seconds of this whole process (all threads), from /proc/self/stat.
fn cpu_seconds() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after "(comm) ": state is index 0, utime 11, stime 12 (clock ticks; 100 Hz on Linux).
    let rest = stat.rsplit_once(") ")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = 100.0;
    let user: f64 = fields.get(11)?.parse().ok()?;
    let sys: f64 = fields.get(12)?.parse().ok()?;
    Some((user / ticks, sys / ticks))
}

async fn run(args: &Args) -> Result<Vec<OpResult>, (String, String)> {
    let t_setup = Instant::now();
    let clients = make_clients(&args.endpoint, args.no_retry);
    eprintln!("client setup (config + 5 clients): {:.2} ms", t_setup.elapsed().as_secs_f64() * 1e3);
    let mut out = Vec::new();
    for op in &args.ops {
        for _ in 0..args.warmup {
            call(&clients, op).await.map_err(|e| (op.clone(), e))?;
        }
        let mut lat = Vec::with_capacity(args.n);
        let t0 = Instant::now();
        for _ in 0..args.n {
            let t = Instant::now();
            call(&clients, op).await.map_err(|e| (op.clone(), e))?;
            lat.push(t.elapsed().as_secs_f64() * 1e6);
        }
        out.push(OpResult { op: op.clone(), n: args.n, total: t0.elapsed(), lat_us: lat });
    }
    Ok(out)
}

fn report(args: &Args, results: &[OpResult], wall: Duration) -> String {
    println!(
        "mode=aws-lite endpoint={} n={} warmup={} retries={} runtime={}",
        args.endpoint,
        args.n,
        args.warmup,
        if args.no_retry { "disabled" } else { "default(standard,3 attempts)" },
        if args.rt_current { "current_thread" } else { "multi_thread" }
    );
    println!(
        "{:<42} {:>6} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "operation", "n", "total_ms", "calls/s", "mean_us", "p50_us", "p99_us", "max_us"
    );
    let mut ops_json = Vec::new();
    for r in results {
        let mut s = r.lat_us.clone();
        s.sort_by(f64::total_cmp);
        let mean = s.iter().sum::<f64>() / s.len().max(1) as f64;
        let cps = r.n as f64 / r.total.as_secs_f64();
        let (p50, p99, max) = (percentile(&s, 50.0), percentile(&s, 99.0), s.last().copied().unwrap_or(0.0));
        let total_ms = r.total.as_secs_f64() * 1e3;
        println!(
            "{:<42} {:>6} {:>10.1} {:>10.0} {:>10.1} {:>10.1} {:>10.1} {:>10.1}",
            op_name(&r.op),
            r.n,
            total_ms,
            cps,
            mean,
            p50,
            p99,
            max
        );
        ops_json.push(format!(
            "{{\"op\":\"{}\",\"n\":{},\"total_ms\":{total_ms:.3},\"calls_per_s\":{cps:.1},\"mean_us\":{mean:.1},\
             \"p50_us\":{p50:.1},\"p99_us\":{p99:.1},\"max_us\":{max:.1}}}",
            op_name(&r.op),
            r.n
        ));
    }
    let total_calls: usize = results.iter().map(|r| r.n).sum();
    let timed: Duration = results.iter().map(|r| r.total).sum();
    let rss = peak_rss_kib().unwrap_or(0);
    let (user, sys) = cpu_seconds().unwrap_or((0.0, 0.0));
    let all_calls = total_calls + args.warmup * results.len();
    let cpu_us_per_call = (user + sys) * 1e6 / all_calls.max(1) as f64;
    println!(
        "all: {} calls in {:.1} ms timed ({:.0} calls/s); process wall incl. setup+warmup {:.1} ms; peak RSS (VmHWM) {} KiB",
        total_calls,
        timed.as_secs_f64() * 1e3,
        total_calls as f64 / timed.as_secs_f64(),
        wall.as_secs_f64() * 1e3,
        rss
    );
    println!(
        "client CPU: user {user:.2} s, sys {sys:.2} s, {cpu_us_per_call:.1} us per call (incl. setup and warm-up)"
    );
    format!(
        "{{\"mode\":\"aws-lite\",\"ops\":[{}],\"total_calls\":{},\"timed_ms\":{:.3},\"wall_ms\":{:.3},\
         \"peak_rss_kib\":{},\"cpu_user_s\":{user:.3},\"cpu_sys_s\":{sys:.3},\"cpu_us_per_call\":{cpu_us_per_call:.1}}}\n",
        ops_json.join(","),
        total_calls,
        timed.as_secs_f64() * 1e3,
        wall.as_secs_f64() * 1e3,
        rss
    )
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let runtime = if args.rt_current {
        tokio::runtime::Builder::new_current_thread().enable_all().build()
    } else {
        tokio::runtime::Builder::new_multi_thread().enable_all().build()
    };
    let runtime = match runtime {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the tokio runtime: {e}");
            std::process::exit(2);
        }
    };
    let t_start = Instant::now();
    let results = match runtime.block_on(run(&args)) {
        Ok(r) => r,
        Err((op, e)) => {
            eprintln!("FAILED {}: {e}", op_name(&op));
            std::process::exit(1);
        }
    };
    let json = report(&args, &results, t_start.elapsed());
    if let Some(path) = &args.json {
        if let Err(e) = std::fs::write(path, json) {
            eprintln!("cannot write {path}: {e}");
            std::process::exit(1);
        }
    }
}
