//! Written into a crate generated from the Kinesis model by `cargo xtask bench --what endpoints` (not compiled
//! in this workspace). Times whole in-memory calls (serialize, endpoint, sign, capture, parse) of an operation
//! whose endpoint is resolved once per client (DescribeLimits) and of one that binds endpoint parameters per
//! call (DescribeStreamSummary: StreamARN + OperationType), interleaved in blocks.
use bench_kinesis::kinesis::Client;
use bench_kinesis::runtime::config::Config;
use bench_kinesis::runtime::credentials::Credentials;
use bench_kinesis::runtime::test_util::CaptureClient;
use std::time::Instant;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let capture = CaptureClient::new();
    let config = Config::builder()
        .http_client(capture.clone())
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None))
        .build();
    let client = Client::new(&config);
    let arn = "arn:aws:kinesis:us-east-1:123456789012:stream/orders";
    let (mut once, mut per_call) = (Vec::new(), Vec::new());
    runtime.block_on(async {
        for _ in 0..10 {
            let start = Instant::now();
            for _ in 0..n / 10 {
                let _ = client.describe_limits().send().await;
            }
            once.push(start.elapsed().as_nanos() as f64 / (n / 10) as f64);
            let start = Instant::now();
            for _ in 0..n / 10 {
                let _ = client.describe_stream_summary().stream_arn(arn).send().await;
            }
            per_call.push(start.elapsed().as_nanos() as f64 / (n / 10) as f64);
        }
    });
    let host = capture.last_request().map(|r| r.uri().host().unwrap_or_default().to_owned()).unwrap_or_default();
    once.sort_by(f64::total_cmp);
    per_call.sort_by(f64::total_cmp);
    println!("resolved once (DescribeLimits):            median {:.0} ns/call", once[5]);
    println!("resolved per call (DescribeStreamSummary): median {:.0} ns/call (last host {})", per_call[5], host);
    println!("difference: {:.0} ns/call", per_call[5] - once[5]);
}
