//! Fault injection against the loopback stub: retried status codes and throttling, broken connections and
//! bodies, oversized responses and stalls. Each case checks the typed error, the number of attempts and that
//! the generated idempotency token is the same on every attempt.

mod e2e_support;

use aws_lite::backup::operation::start_copy_job::{StartCopyJobError, StartCopyJobOutput};
use aws_lite::connect::operation::replicate_instance::ReplicateInstanceError;
use aws_lite::runtime::config::TimeoutConfig;
use aws_lite::runtime::error::{SdkError, TimeoutKind};
use aws_lite::runtime::retry::RetryConfig;
use aws_lite::Config;
use e2e_support::{assert_one_token, bounded, calls, ms, start_copy_job_input, stub_config};
use std::time::{Duration, Instant};
use tests::stub_server::{Reply, StubServer};

type CopyResult = Result<StartCopyJobOutput, SdkError<StartCopyJobError>>;

async fn copy_job(config: &Config) -> CopyResult {
    bounded(calls::start_copy_job(config, &start_copy_job_input())).await
}

/// Runs StartCopyJob against `script` with the default fast test config.
async fn run(script: Vec<Reply>) -> (CopyResult, StubServer) {
    let stub = StubServer::start(script).await.expect("stub");
    let config = stub_config(stub.url(), "us-east-1").build();
    (copy_job(&config).await, stub)
}

const TOKEN: &str = "IdempotencyToken";

#[tokio::test]
async fn server_errors_are_retried_until_success() {
    let (result, stub) = run(vec![
        Reply::json(500, r#"{"message":"internal"}"#),
        Reply::json(503, r#"{"message":"unavailable"}"#),
        Reply::json(
            200,
            r#"{"CopyJobId":"job-1","CreationDate":1700000000,"IsParent":true}"#,
        ),
    ])
    .await;
    let output = result.expect("third attempt succeeds");
    assert_eq!(output.copy_job_id(), Some("job-1"));
    assert!(output.is_parent);
    assert_eq!(stub.request_count(), 3);
    assert_one_token(&stub.requests(), TOKEN);
}

#[tokio::test]
async fn persistent_server_error_stops_after_max_attempts() {
    let (result, stub) =
        run(vec![Reply::json(503, r#"{"message":"still down"}"#)
            .with_header("x-amzn-RequestId", "req-503")])
        .await;
    let Err(SdkError::Service(StartCopyJobError::Unhandled(e), response)) = result else {
        panic!("expected an unhandled service error, got {result:?}");
    };
    use aws_lite::runtime::error::ProvideErrorMetadata;
    assert_eq!(e.meta().status(), Some(503));
    assert_eq!(e.meta().message(), Some("still down"));
    assert_eq!(e.meta().request_id(), Some("req-503"));
    assert_eq!(response.status(), 503);
    assert_eq!(stub.request_count(), 3);
    assert_one_token(&stub.requests(), TOKEN);
}

#[tokio::test]
async fn modeled_retryable_code_is_retried() {
    // ServiceUnavailableException is a modeled error of StartCopyJob and a transient code.
    let (result, stub) = run(vec![Reply::json(
        500,
        r#"{"Code":"ServiceUnavailableException","Message":"try later"}"#,
    )
    .with_header("x-amzn-errortype", "ServiceUnavailableException")])
    .await;
    let err = result.expect_err("always failing");
    assert!(
        matches!(
            err,
            SdkError::Service(StartCopyJobError::ServiceUnavailableException(_), _)
        ),
        "{err:?}"
    );
    assert_eq!(stub.request_count(), 3);
}

#[tokio::test]
async fn status_429_is_throttling_and_retried() {
    let (result, stub) = run(vec![
        Reply::json(429, r#"{"message":"slow down"}"#),
        Reply::json(200, r#"{"CopyJobId":"job-2"}"#),
    ])
    .await;
    assert_eq!(
        result.expect("second attempt succeeds").copy_job_id(),
        Some("job-2")
    );
    assert_eq!(stub.request_count(), 2);
    assert_one_token(&stub.requests(), TOKEN);

    let (result, stub) = run(vec![Reply::json(429, r#"{"message":"slow down"}"#)]).await;
    let err = result.expect_err("always throttled");
    let service = err.as_service_error().expect("service error");
    assert!(service.is_throttling(), "{service:?}");
    assert_eq!(stub.request_count(), 3);
}

#[tokio::test]
async fn throttling_exception_body_is_retried_and_typed() {
    let stub = StubServer::start(vec![Reply::json(
        400,
        r#"{"__type":"com.amazonaws.connect#ThrottlingException","Message":"Rate exceeded"}"#,
    )])
    .await
    .expect("stub");
    let config = stub_config(stub.url(), "us-east-1").build();
    let result = bounded(calls::replicate_instance(
        &config,
        &e2e_support::replicate_instance_input(),
    ))
    .await;
    let err = result.expect_err("always throttled");
    let Some(ReplicateInstanceError::ThrottlingException(e)) = err.as_service_error() else {
        panic!("expected ThrottlingException, got {err:?}");
    };
    assert_eq!(e.message.as_deref(), Some("Rate exceeded"));
    assert!(err.as_service_error().is_some_and(|e| e.is_throttling()));
    assert_eq!(err.to_string(), "ThrottlingException: Rate exceeded");
    assert_eq!(stub.request_count(), 3);
    assert_one_token(&stub.requests(), "ClientToken");
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let (result, stub) = run(vec![Reply::json(
        400,
        r#"{"Code":"InvalidParameterValueException","Message":"bad vault"}"#,
    )
    .with_header("x-amzn-errortype", "InvalidParameterValueException")])
    .await;
    assert!(matches!(
        result,
        Err(SdkError::Service(
            StartCopyJobError::InvalidParameterValueException(_),
            _
        ))
    ));
    assert_eq!(stub.request_count(), 1);
}

#[tokio::test]
async fn connection_reset_is_a_retried_dispatch_failure() {
    let (result, stub) = run(vec![
        Reply::Reset,
        Reply::json(200, r#"{"CopyJobId":"job-3"}"#),
    ])
    .await;
    assert_eq!(result.expect("retry succeeds").copy_job_id(), Some("job-3"));
    assert_eq!(stub.request_count(), 2);
    assert_one_token(&stub.requests(), TOKEN);

    let (result, stub) = run(vec![Reply::Reset]).await;
    assert!(matches!(result, Err(SdkError::Dispatch(_))), "{result:?}");
    assert_eq!(stub.request_count(), 3);
    assert_one_token(&stub.requests(), TOKEN);
}

#[tokio::test]
async fn truncated_body_is_a_dispatch_failure() {
    let truncated = Reply::Truncated {
        declared_len: 200,
        body: br#"{"CopyJobId":"jo"#.to_vec(),
    };
    let (result, stub) = run(vec![truncated.clone()]).await;
    assert!(matches!(result, Err(SdkError::Dispatch(_))), "{result:?}");
    assert_eq!(stub.request_count(), 3);
    assert_one_token(&stub.requests(), TOKEN);

    let (result, stub) = run(vec![
        truncated,
        Reply::json(200, r#"{"CopyJobId":"job-4"}"#),
    ])
    .await;
    assert_eq!(result.expect("retry succeeds").copy_job_id(), Some("job-4"));
    assert_eq!(stub.request_count(), 2);
}

#[tokio::test]
async fn non_json_success_body_is_a_response_error() {
    let (result, stub) = run(vec![Reply::json(200, "<html>not json</html>")]).await;
    let Err(SdkError::Response(e)) = result else {
        panic!("expected a response error, got {result:?}");
    };
    assert_eq!(e.status, 200);
    assert!(e.raw_body_preview().starts_with("<html>"), "{e:?}");
    assert_eq!(
        stub.request_count(),
        1,
        "a parse failure of a 200 is not retried"
    );
}

#[tokio::test]
async fn non_json_error_body_is_unhandled_with_status() {
    let (result, stub) = run(vec![
        Reply::json(400, "Bad Gateway <html>").with_header("x-amzn-RequestId", "req-html")
    ])
    .await;
    let Err(SdkError::Service(StartCopyJobError::Unhandled(e), _)) = result else {
        panic!("expected unhandled, got {result:?}");
    };
    use aws_lite::runtime::error::ProvideErrorMetadata;
    assert_eq!(e.meta().code(), None);
    assert_eq!(e.meta().status(), Some(400));
    assert_eq!(e.meta().request_id(), Some("req-html"));
    assert_eq!(stub.request_count(), 1);
}

#[tokio::test]
async fn oversized_body_is_rejected_without_reading_it() {
    let stub = StubServer::start(vec![Reply::json(
        200,
        &format!(r#"{{"CopyJobId":"{}"}}"#, "x".repeat(4096)),
    )])
    .await
    .expect("stub");
    let config = stub_config(stub.url(), "us-east-1")
        .max_response_body(256)
        .build();
    let result = copy_job(&config).await;
    let Err(SdkError::Response(e)) = result else {
        panic!("expected a response error, got {result:?}");
    };
    assert_eq!(e.status, 200);
    assert!(e.message.contains("256"), "{e:?}");
    assert_eq!(stub.request_count(), 1);
}

#[tokio::test]
async fn stalled_server_hits_the_attempt_timeout_each_attempt() {
    let stub = StubServer::start(vec![Reply::Stall(Duration::from_secs(5))])
        .await
        .expect("stub");
    let config = stub_config(stub.url(), "us-east-1")
        .timeout_config(TimeoutConfig::default().with_attempt_timeout(ms(100)))
        .build();
    let started = Instant::now();
    let result = copy_job(&config).await;
    let Err(SdkError::Timeout(timeout)) = result else {
        panic!("expected a timeout, got {result:?}");
    };
    assert_eq!(timeout.kind, TimeoutKind::Attempt);
    assert_eq!(timeout.limit, Some(ms(100)));
    assert_eq!(stub.request_count(), 3);
    assert_one_token(&stub.requests(), TOKEN);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );

    let stub = StubServer::start(vec![
        Reply::Stall(Duration::from_secs(5)),
        Reply::json(200, "{}"),
    ])
    .await
    .expect("stub");
    let config = stub_config(stub.url(), "us-east-1")
        .timeout_config(TimeoutConfig::default().with_attempt_timeout(ms(100)))
        .build();
    copy_job(&config).await.expect("second attempt succeeds");
    assert_eq!(stub.request_count(), 2);
}

#[tokio::test]
async fn call_timeout_bounds_all_attempts() {
    let stub = StubServer::start(vec![Reply::Stall(Duration::from_secs(5))])
        .await
        .expect("stub");
    let config = stub_config(stub.url(), "us-east-1")
        .timeout_config(
            TimeoutConfig::default()
                .with_attempt_timeout(ms(100))
                .with_call_timeout(ms(150)),
        )
        .build();
    let result = copy_job(&config).await;
    let Err(SdkError::Timeout(timeout)) = result else {
        panic!("expected a timeout, got {result:?}");
    };
    assert_eq!(timeout.kind, TimeoutKind::Call);
    assert_eq!(stub.request_count(), 2);
}

#[tokio::test]
async fn disabled_retries_send_once() {
    let stub = StubServer::start(vec![Reply::json(503, "{}"), Reply::json(200, "{}")])
        .await
        .expect("stub");
    let config = stub_config(stub.url(), "us-east-1")
        .retry_config(RetryConfig::disabled())
        .build();
    let err = copy_job(&config).await.expect_err("no retry");
    assert_eq!(err.raw_response().map(|r| r.status()), Some(503));
    assert_eq!(stub.request_count(), 1);

    let stub = StubServer::start(vec![Reply::Reset]).await.expect("stub");
    let config = stub_config(stub.url(), "us-east-1")
        .retry_config(RetryConfig::disabled())
        .build();
    assert!(matches!(
        copy_job(&config).await,
        Err(SdkError::Dispatch(_))
    ));
    assert_eq!(stub.request_count(), 1);
}

#[tokio::test]
async fn refused_connection_is_a_dispatch_failure() {
    // Bind then drop a listener so the port is (almost certainly) closed.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port");
    let config = stub_config(&format!("http://{addr}"), "us-east-1").build();
    let result = copy_job(&config).await;
    assert!(matches!(result, Err(SdkError::Dispatch(_))), "{result:?}");
}
