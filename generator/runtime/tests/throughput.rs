//! A rough calls/s figure for the invoke path against the loopback stub (ignored by default; run with
//! `cargo test --release -p aws-lite-runtime --test throughput -- --ignored --nocapture`).

mod support;

use aws_lite_runtime::runtime::client::Handle;
use aws_lite_runtime::runtime::http::Request;
use std::time::Instant;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn sequential_calls_per_second() {
    let server = StubServer::always(respond(
        200,
        r#"{"ResourceSnapshotJobId":"job-1","Arn":"arn:aws:x"}"#,
    ))
    .await;
    let handle = Handle::new(&config_for(&server).build(), &SERVICE);
    let body = br#"{"Catalog":"AWS","ClientToken":"592eb71c-8951-47ec-d6e2-fdce370d45c2","EngagementIdentifier":"eng-1234567890","ResourceIdentifier":"res-1","ResourceSnapshotTemplateIdentifier":"tmpl","ResourceType":"Opportunity"}"#;
    let call = || {
        Request::new("POST", "/".to_owned())
            .header("Content-Type", "application/x-amz-json-1.0")
            .header(
                "X-Amz-Target",
                "AWSPartnerCentralSelling.CreateResourceSnapshotJob",
            )
            .body(body.to_vec())
    };
    for _ in 0..200 {
        handle
            .invoke(&OPERATION, call())
            .await
            .expect("warm-up call");
    }
    let n = 5000;
    let started = Instant::now();
    for _ in 0..n {
        handle.invoke(&OPERATION, call()).await.expect("call");
    }
    let elapsed = started.elapsed();
    println!(
        "{n} calls in {elapsed:?}: {:.0} calls/s, {:?} per call",
        n as f64 / elapsed.as_secs_f64(),
        elapsed / n
    );
}
