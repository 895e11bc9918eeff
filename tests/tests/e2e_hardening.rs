//! Hostile or odd responses through the generated clients' `send()` against the loopback stub: errors never
//! print raw bodies, a bad header keeps the modeled error, messages are found in any case, only the proper keys
//! name an error, deterministic transport failures are not retried, error chains do not repeat themselves, bad
//! regions are refused before sending, and a trickling body is cut off by stalled-stream protection.

mod e2e_support;

use aws_lite::runtime::config::TimeoutConfig;
use aws_lite::runtime::error::{ProvideErrorMetadata, SdkError, TimeoutKind};
use aws_lite::runtime::retry::RetryConfig;
use aws_lite::runtime::stalled_stream::StalledStreamProtection;
use aws_lite::Config;
use e2e_support::{bounded, calls, ms, start_copy_job_input, stub_config};
use serde_json::{json, Value};
use std::error::Error;
use std::time::Duration;
use tests::stub_server::{Reply, StubServer};

use aws_lite::backup::operation::start_copy_job::StartCopyJobError as Backup;
use aws_lite::lexmodelsv2::operation::create_bot_replica::CreateBotReplicaError as Lex;
use aws_lite::partnercentralselling::operation::create_resource_snapshot_job::CreateResourceSnapshotJobError as Pc;

type CopyResult = Result<
    aws_lite::backup::operation::start_copy_job::StartCopyJobOutput,
    SdkError<Backup>,
>;

async fn copy_job(config: &Config) -> CopyResult {
    bounded(calls::start_copy_job(config, &start_copy_job_input())).await
}

/// StartCopyJob against `script` (fast retries, 3 attempts); the result and the stub.
async fn copy_job_against(script: Vec<Reply>) -> (CopyResult, StubServer) {
    let stub = StubServer::start(script).await.expect("stub");
    let config = stub_config(stub.url(), "us-east-1").build();
    (copy_job(&config).await, stub)
}

fn no_retries(stub: &StubServer) -> Config {
    stub_config(stub.url(), "us-east-1").retry_config(RetryConfig::disabled()).build()
}

fn lex_input() -> Value {
    json!({"botId": "ABCDEFGHIJ", "replicaRegion": "us-west-2"})
}

fn partner_input() -> Value {
    json!({
        "Catalog": "AWS",
        "EngagementIdentifier": "eng-abcdefghij1234",
        "ResourceType": "Opportunity",
        "ResourceIdentifier": "O1234567",
        "ResourceSnapshotTemplateIdentifier": "MyTemplate01"
    })
}

// Item 10: Debug and Display never print raw bodies.

#[tokio::test]
async fn unparseable_success_body_is_not_printed() {
    let secret = "TOPSECRET-in-a-200";
    let body = json!({"CopyJobId": "job-1", "SecretValue": secret, "CreationDate": "yesterday"}).to_string();
    let (result, _stub) = copy_job_against(vec![Reply::json(200, &body)]).await;
    let error = result.expect_err("CreationDate is not a timestamp");
    let SdkError::Response(response_error) = &error else {
        panic!("expected a response error, got {error:?}");
    };
    for printed in [format!("{error:?}"), error.to_string(), format!("{response_error:?}")] {
        assert!(!printed.contains(secret), "the body leaked: {printed}");
    }
    assert!(response_error.raw_body_preview().contains(secret), "the explicit accessor still has it");
}

#[tokio::test]
async fn service_error_body_is_not_printed() {
    let secret = "TOPSECRET-in-an-error";
    // `Unmodeled` is no member of the error: only the raw body holds it.
    let body = json!({"__type": "InvalidRequestException", "Message": "bad", "Unmodeled": secret});
    let (result, _stub) = copy_job_against(vec![Reply::json(400, &body.to_string())]).await;
    let error = result.expect_err("an error response");
    assert!(matches!(error, SdkError::Service(Backup::InvalidRequestException(_), _)), "{error:?}");
    let debug = format!("{error:?}");
    assert!(!debug.contains(secret), "the body leaked: {debug}");
    let raw = error.raw_response().expect("the raw response is kept");
    assert!(String::from_utf8_lossy(raw.body()).contains(secret));
}

// Item 11: a header member that does not parse leaves the member unset; the error stays modeled.

#[tokio::test]
async fn retry_after_as_an_http_date_keeps_the_modeled_throttling_error() {
    let stub = StubServer::start(vec![Reply::json(429, r#"{"message":"slow down"}"#)
        .with_header("x-amzn-errortype", "ThrottlingException")
        .with_header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")])
    .await
    .expect("stub");
    let error = bounded(calls::create_bot_replica(&no_retries(&stub), &lex_input()))
        .await
        .expect_err("throttled");
    let Some(Lex::ThrottlingException(e)) = error.as_service_error() else {
        panic!("expected ThrottlingException, got {error:?}");
    };
    assert_eq!(e.retry_after_seconds, 0, "the unparseable header leaves the member at its zero value");
    assert_eq!(e.message.as_deref(), Some("slow down"));
    assert_eq!(error.to_string(), "ThrottlingException: slow down");
}

// Item 12: a required `Message` member sent as `message` fills the modeled member, so Display shows it.

#[tokio::test]
async fn required_message_in_another_case_fills_the_modeled_member() {
    for key in ["message", "MESSAGE"] {
        let body = json!({"__type": "ValidationException", key: "lower-case key", "Reason": "BUSINESS_VALIDATION_FAILED"});
        let stub = StubServer::start(vec![Reply::json(400, &body.to_string())]).await.expect("stub");
        let error = bounded(calls::create_resource_snapshot_job(&no_retries(&stub), &partner_input()))
            .await
            .expect_err("an error response");
        let Some(Pc::ValidationException(e)) = error.as_service_error() else {
            panic!("expected ValidationException, got {error:?}");
        };
        assert_eq!(e.message, "lower-case key", "{key}");
        assert_eq!(e.to_string(), "ValidationException: lower-case key", "{key}");
        assert_eq!(error.to_string(), "ValidationException: lower-case key", "{key}");
    }
}

// Item 13: only X-Amzn-Errortype, `code` and `__type` name an error; a `Type` member does not.

#[tokio::test]
async fn a_type_member_is_not_an_error_code() {
    let body = json!({"Type": "ResourceNotFoundException", "message": "typed data"});
    let (result, _stub) = copy_job_against(vec![Reply::json(400, &body.to_string())]).await;
    let error = result.expect_err("an error response");
    let Some(Backup::Unhandled(e)) = error.as_service_error() else {
        panic!("a `Type` member must not pick a modeled error: {error:?}");
    };
    assert_eq!(e.meta().code(), None);
    assert_eq!(e.meta().message(), Some("typed data"));
}

// Item 14: deterministic transport failures are not retried; a dropped connection still is.

#[tokio::test]
async fn malformed_responses_are_not_retried() {
    let mut too_many_headers = String::from("HTTP/1.1 200 OK\r\n");
    for i in 0..150 {
        too_many_headers.push_str(&format!("x-h{i}: v\r\n"));
    }
    too_many_headers.push_str("content-length: 2\r\n\r\n{}");
    let cases = [
        ("message head is too large", too_many_headers.into_bytes()),
        ("invalid status line", b"HTTP/1.1 abc OK\r\ncontent-length: 2\r\n\r\n{}".to_vec()),
        ("invalid chunk size", b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n".to_vec()),
    ];
    for (what, bytes) in cases {
        let (result, stub) = copy_job_against(vec![Reply::Raw(bytes)]).await;
        let error = result.expect_err(what);
        let SdkError::Dispatch(failure) = &error else {
            panic!("{what}: expected a dispatch failure, got {error:?}");
        };
        assert!(!failure.is_transient(), "{what}: {error:?}");
        assert_eq!(stub.request_count(), 1, "{what}: a response that breaks HTTP is not retried");
    }
    let (result, stub) = copy_job_against(vec![
        Reply::Truncated { declared_len: 50, body: b"{\"CopyJobId\"".to_vec() },
        Reply::json(200, r#"{"CopyJobId":"job-2"}"#),
    ])
    .await;
    assert_eq!(result.expect("the retry succeeds").copy_job_id(), Some("job-2"));
    assert_eq!(stub.request_count(), 2, "a connection that closed early is transient");
}

// Item 15: each level of an error's `source()` chain states only its own part.

fn assert_chain_does_not_repeat(error: &(dyn Error + 'static)) {
    let mut levels = Vec::new();
    let mut current = Some(error);
    while let Some(e) = current {
        levels.push(e.to_string());
        current = e.source();
    }
    for pair in levels.windows(2) {
        assert!(
            !pair[0].contains(&pair[1]) && !pair[1].contains(&pair[0]),
            "a level repeats its source: {levels:#?}"
        );
    }
}

#[tokio::test]
async fn error_chains_state_each_part_once() {
    // A refused connection: dispatch failure -> hyper -> connect error -> io error.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let config = stub_config(&format!("http://127.0.0.1:{port}"), "us-east-1")
        .retry_config(RetryConfig::disabled())
        .build();
    let refused = copy_job(&config).await.expect_err("nothing listens");
    assert!(matches!(refused, SdkError::Dispatch(_)), "{refused:?}");
    assert!(refused.source().is_some(), "the transport cause is kept");
    assert_chain_does_not_repeat(&refused);

    // A modeled error whose body does not parse: unhandled, with the parse error as its cause.
    let body = json!({"__type": "InvalidRequestException", "Message": 5});
    let (result, _stub) = copy_job_against(vec![Reply::json(400, &body.to_string())]).await;
    let unhandled = result.expect_err("an error response");
    assert!(matches!(unhandled.as_service_error(), Some(Backup::Unhandled(_))), "{unhandled:?}");
    assert!(unhandled.source().is_some(), "the parse error is the cause");
    assert_chain_does_not_repeat(&unhandled);

    // An input that breaks a constraint (botId is 10 characters): nothing is sent.
    let stub = StubServer::start(vec![]).await.expect("stub");
    let invalid = bounded(calls::create_bot_replica(&no_retries(&stub), &json!({"botId": "x", "replicaRegion": "us-west-2"})))
        .await
        .expect_err("invalid input");
    assert!(matches!(invalid, SdkError::Validation(_)), "{invalid:?}");
    assert_chain_does_not_repeat(&invalid);
}

// Item 16: an empty region, or one that is not a host label, is refused before anything is sent.

#[tokio::test]
async fn bad_regions_are_refused_before_sending() {
    let stub = StubServer::start(vec![]).await.expect("stub");
    for (region, expected) in [
        ("", "region is empty"),
        ("us east 1", "invalid region `us east 1`"),
        ("us-east-1.attacker.example", "invalid region"),
    ] {
        let config = stub_config(stub.url(), region).build();
        let error = copy_job(&config).await.expect_err(region);
        let SdkError::Construction(failure) = &error else {
            panic!("{region:?}: expected a construction failure, got {error:?}");
        };
        assert!(failure.message().contains(expected), "{region:?}: {}", failure.message());
    }
    assert_eq!(stub.request_count(), 0, "nothing was sent");
}

// Item 17: stalled-stream protection fails a trickling body as a (retried) timeout.

#[tokio::test]
async fn trickling_body_is_cut_off_and_retried() {
    let body = br#"{"CopyJobId":"job-slow"}"#.to_vec();
    let stub = StubServer::start(vec![Reply::Trickle { body: body.clone(), every: ms(100) }]).await.expect("stub");
    // 100 bytes/s over 300 ms needs 30 bytes; a byte every 100 ms gives about 3. The attempt timeout is far away.
    let strict = StalledStreamProtection::new(100, ms(300));
    let timeouts = TimeoutConfig::default()
        .with_attempt_timeout(Duration::from_secs(8))
        .with_stalled_stream_protection(strict);
    let config = stub_config(stub.url(), "us-east-1").timeout_config(timeouts).build();
    let started = std::time::Instant::now();
    let error = copy_job(&config).await.expect_err("stalled");
    let SdkError::Timeout(timeout) = &error else {
        panic!("expected a timeout, got {error:?}");
    };
    assert_eq!(timeout.kind, TimeoutKind::StalledStream);
    assert_eq!(timeout.limit, Some(ms(300)));
    assert_eq!(stub.request_count(), 3, "a stalled attempt is retried");
    assert!(started.elapsed() < Duration::from_secs(6), "each attempt ends at the grace period, not the body's 2.4 s");
    assert!(error.to_string().contains("stalled"), "{error}");

    // Turned off (on its own, or with the other timeouts), the same slow but short body completes.
    assert_eq!(TimeoutConfig::disabled().stalled_stream_protection(), None);
    let short = StubServer::start(vec![Reply::Trickle { body: br#"{"CopyJobId":"j"}"#.to_vec(), every: ms(30) }])
        .await
        .expect("stub");
    for timeouts in [timeouts.with_stalled_stream_protection(None), TimeoutConfig::disabled()] {
        let config = stub_config(short.url(), "us-east-1").timeout_config(timeouts).build();
        assert_eq!(copy_job(&config).await.expect("no protection").copy_job_id(), Some("j"));
    }
}
