//! Interceptors and per-call overrides, through the generated client's `send()` against a loopback server:
//! each hook (modify before signing, read after transmit, decide retry) and each override (retry, timeouts,
//! endpoint, per-call interceptor).

mod e2e_support;

use aws_lite::backup;
use aws_lite::backup::operation::start_copy_job::builders::StartCopyJobFluentBuilder;
use aws_lite::runtime::config::TimeoutConfig;
use aws_lite::runtime::customize::ConfigOverride;
use aws_lite::runtime::error::SdkError;
use aws_lite::runtime::http::Response;
use aws_lite::runtime::interceptor::{AttemptContext, AttemptOutcome, BoxError, Intercept, RetryDecision};
use aws_lite::runtime::retry::{RetryConfig, RetryKind};
use e2e_support::{bounded, ms, sigv4, stub_config, SECRET_KEY};
use std::sync::{Arc, Mutex};
use tests::stub_server::{Reply, StubServer};

const OK: &str = r#"{"CopyJobId":"job-1"}"#;

fn copy_job(client: &backup::Client) -> StartCopyJobFluentBuilder {
    client
        .start_copy_job()
        .recovery_point_arn("arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45")
        .source_backup_vault_name("aBackupVault")
        .destination_backup_vault_arn("arn:aws:backup:us-west-2:123456789012:backup-vault:aBackupVault")
        .iam_role_arn("arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole")
}

type Log = Arc<Mutex<Vec<String>>>;

fn entries(log: &Log) -> Vec<String> {
    log.lock().map(|l| l.clone()).unwrap_or_default()
}

/// Adds a header before signing and logs every hook it sees.
#[derive(Debug)]
struct Recorder {
    name: &'static str,
    log: Log,
}

impl Intercept for Recorder {
    fn name(&self) -> &'static str {
        self.name
    }

    fn modify_before_signing(
        &self,
        context: &AttemptContext,
        request: &mut http::Request<bytes::Bytes>,
    ) -> Result<(), BoxError> {
        request.headers_mut().append("x-hooked-by", http::HeaderValue::from_static(self.name));
        self.push(format!("{} sign {}/{} {}", self.name, context.attempt, context.max_attempts, context.operation));
        Ok(())
    }

    fn read_after_transmit(&self, context: &AttemptContext, response: &Response) {
        self.push(format!("{} response {} {}", self.name, context.attempt, response.status()));
    }

    fn decide_retry(&self, context: &AttemptContext, _: AttemptOutcome<'_>, classified: Option<RetryKind>) -> RetryDecision {
        self.push(format!("{} retry? {} {classified:?}", self.name, context.attempt));
        RetryDecision::Default
    }
}

impl Recorder {
    fn new(name: &'static str, log: &Log) -> Self {
        Recorder { name, log: log.clone() }
    }

    fn push(&self, entry: String) {
        if let Ok(mut log) = self.log.lock() {
            log.push(entry);
        }
    }
}

/// Answers every retry question the same way.
#[derive(Debug)]
struct Decide(RetryDecision);

impl Intercept for Decide {
    fn name(&self) -> &'static str {
        "decide"
    }
    fn decide_retry(&self, _: &AttemptContext, _: AttemptOutcome<'_>, _: Option<RetryKind>) -> RetryDecision {
        self.0
    }
}

/// Refuses to let the request go.
#[derive(Debug)]
struct Refuse;

impl Intercept for Refuse {
    fn name(&self) -> &'static str {
        "refuse"
    }
    fn modify_before_signing(&self, _: &AttemptContext, _: &mut http::Request<bytes::Bytes>) -> Result<(), BoxError> {
        Err("not on a Sunday".into())
    }
}

#[tokio::test]
async fn hooks_run_in_order_on_every_attempt_and_the_signature_covers_changes() {
    let stub = StubServer::start(vec![Reply::json(503, "{}"), Reply::json(200, OK)]).await.expect("stub");
    let log = Log::default();
    let config = stub_config(stub.url(), "us-east-1")
        .interceptor(Recorder::new("first", &log))
        .interceptor(Recorder::new("second", &log))
        .build();
    let output = bounded(copy_job(&backup::Client::new(&config)).send()).await.expect("second attempt succeeds");
    assert_eq!(output.copy_job_id(), Some("job-1"));
    assert_eq!(
        entries(&log),
        [
            "first sign 1/3 StartCopyJob",
            "second sign 1/3 StartCopyJob",
            "first response 1 503",
            "second response 1 503",
            "first retry? 1 Some(Transient)",
            "second retry? 1 Some(Transient)",
            "first sign 2/3 StartCopyJob",
            "second sign 2/3 StartCopyJob",
            "first response 2 200",
            "second response 2 200",
            "first retry? 2 None",
            "second retry? 2 None",
        ]
    );
    let requests = stub.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let hooked: Vec<&str> =
            request.headers.iter().filter(|(n, _)| n == "x-hooked-by").map(|(_, v)| v.as_str()).collect();
        assert_eq!(hooked, ["first", "second"], "each attempt starts from the unmodified request");
        let signature = sigv4::verify(request, SECRET_KEY).expect("the modified request is signed");
        assert!(signature.signed_headers.iter().any(|h| h == "x-hooked-by"), "{:?}", signature.signed_headers);
    }
}

#[tokio::test]
async fn decide_retry_can_stop_a_retry_or_force_one() {
    let stub = StubServer::start(vec![Reply::json(503, "{}"), Reply::json(200, OK)]).await.expect("stub");
    let config = stub_config(stub.url(), "us-east-1").interceptor(Decide(RetryDecision::Stop)).build();
    let result = bounded(copy_job(&backup::Client::new(&config)).send()).await;
    assert!(matches!(result, Err(SdkError::Service(_, ref r)) if r.status() == 503), "{result:?}");
    assert_eq!(stub.request_count(), 1, "the 503 is not retried");

    // A 400 with an unknown code is not retryable; the hook retries it anyway, up to the attempt limit.
    let stub = StubServer::start(vec![Reply::json(400, r#"{"__type":"Odd"}"#)]).await.expect("stub");
    let config = stub_config(stub.url(), "us-east-1").interceptor(Decide(RetryDecision::Retry)).build();
    let result = bounded(copy_job(&backup::Client::new(&config)).send()).await;
    assert!(matches!(result, Err(SdkError::Service(_, _))), "{result:?}");
    assert_eq!(stub.request_count(), 3);
}

#[tokio::test]
async fn a_failing_hook_stops_the_call_before_anything_is_sent() {
    let stub = StubServer::start(vec![Reply::json(200, OK)]).await.expect("stub");
    let config = stub_config(stub.url(), "us-east-1").interceptor(Refuse).build();
    let error = bounded(copy_job(&backup::Client::new(&config)).send()).await.expect_err("refused");
    let SdkError::Construction(failure) = &error else { panic!("expected a construction failure, got {error:?}") };
    assert!(failure.message().contains("interceptor `refuse`"), "{}", failure.message());
    assert!(std::error::Error::source(&error).is_some_and(|s| s.to_string() == "not on a Sunday"));
    assert_eq!(stub.request_count(), 0);
}

#[tokio::test]
async fn per_call_retry_override_applies_to_that_call_only() {
    let stub = StubServer::start(vec![Reply::json(503, "{}")]).await.expect("stub");
    let client = backup::Client::new(&stub_config(stub.url(), "us-east-1").build());
    let once = bounded(
        copy_job(&client)
            .customize()
            .config_override(ConfigOverride::new().retry_config(RetryConfig::disabled()))
            .send(),
    )
    .await;
    assert!(once.is_err());
    assert_eq!(stub.request_count(), 1, "retries disabled for this call");
    let _ = bounded(copy_job(&client).send()).await;
    assert_eq!(stub.request_count(), 4, "the next call has the client's 3 attempts again");
}

#[tokio::test]
async fn per_call_timeout_override_bounds_the_attempt() {
    let stub = StubServer::start(vec![Reply::Stall(ms(3000))]).await.expect("stub");
    let client = backup::Client::new(&stub_config(stub.url(), "us-east-1").build());
    let started = std::time::Instant::now();
    let result = bounded(
        copy_job(&client)
            .customize()
            .config_override(
                ConfigOverride::new()
                    .timeout_config(TimeoutConfig::default().with_attempt_timeout(ms(50)))
                    .retry_config(RetryConfig::disabled()),
            )
            .send(),
    )
    .await;
    assert!(matches!(result, Err(SdkError::Timeout(ref t)) if t.limit == Some(ms(50))), "{result:?}");
    assert!(started.elapsed() < ms(1500), "the client's 2 s attempt limit did not apply: {:?}", started.elapsed());
}

#[tokio::test]
async fn per_call_endpoint_override_and_interceptor() {
    let configured = StubServer::start(vec![Reply::json(200, OK)]).await.expect("stub");
    let other = StubServer::start(vec![Reply::json(200, r#"{"CopyJobId":"job-2"}"#)]).await.expect("stub");
    let log = Log::default();
    let client =
        backup::Client::new(&stub_config(configured.url(), "us-east-1").interceptor(Recorder::new("config", &log)).build());
    let output = bounded(
        copy_job(&client)
            .customize()
            .config_override(ConfigOverride::new().endpoint_url(other.url()))
            .interceptor(Recorder::new("call", &log))
            .send(),
    )
    .await
    .expect("sent to the other endpoint");
    assert_eq!(output.copy_job_id(), Some("job-2"));
    assert_eq!((configured.request_count(), other.request_count()), (0, 1));
    let request = &other.requests()[0];
    assert_eq!(request.header("host"), Some(other.url().trim_start_matches("http://")));
    let signature = sigv4::verify(request, SECRET_KEY).expect("signed for the other host");
    assert_eq!((signature.region.as_str(), signature.service.as_str()), ("us-east-1", "backup"));
    let signs: Vec<String> = entries(&log).into_iter().filter(|e| e.contains(" sign ")).collect();
    assert_eq!(signs, ["config sign 1/3 StartCopyJob", "call sign 1/3 StartCopyJob"]);

    // The next call is back on the configured endpoint, without the call's interceptor.
    bounded(copy_job(&client).send()).await.expect("configured endpoint");
    assert_eq!((configured.request_count(), other.request_count()), (1, 1));
    assert_eq!(entries(&log).iter().filter(|e| e.starts_with("call ")).count(), 3);
}
