//! Retry behaviour against a real loopback server: what is retried, how often, and that every attempt sends
//! the same body with an updated `amz-sdk-request` header.

mod support;

use aws_lite_runtime::runtime::client::Handle;
use aws_lite_runtime::runtime::error::ErrorMetadata;
use aws_lite_runtime::runtime::http::Request;
use aws_lite_runtime::runtime::retry::RetryConfig;
use std::time::{Duration, SystemTime};
use support::*;

const BODY: &[u8] = br#"{"ClientToken":"abc"}"#;

fn request() -> Request {
    Request::new("POST", "/op".to_owned())
        .header("Content-Type", "application/json")
        .body(BODY.to_vec())
}

/// Fails `failures` times with `failure`, then answers 200; returns the final status and the requests seen.
async fn run(failure: Action, failures: usize) -> (u16, Vec<Recorded>) {
    let mut actions = vec![failure; failures];
    actions.push(respond(200, r#"{"ok":true}"#));
    let server = StubServer::sequence(actions).await;
    let handle = Handle::new(&config_for(&server).build(), &SERVICE);
    let response = handle
        .invoke(&OPERATION, request())
        .await
        .expect("no transport error");
    (response.status(), server.requests())
}

fn assert_attempts(requests: &[Recorded], expected: usize) {
    assert_eq!(requests.len(), expected);
    let invocation = requests[0]
        .header("amz-sdk-invocation-id")
        .expect("invocation id");
    for (i, r) in requests.iter().enumerate() {
        assert_eq!(r.body, BODY, "attempt {} body", i + 1);
        assert_eq!(
            r.header("amz-sdk-request"),
            Some(format!("attempt={}; max=3", i + 1).as_str())
        );
        assert_eq!(
            r.header("amz-sdk-invocation-id"),
            Some(invocation),
            "one invocation id per call"
        );
        assert!(
            r.header("authorization").is_some(),
            "every attempt is signed"
        );
    }
}

#[tokio::test]
async fn retries_server_errors_until_success() {
    for status in [500, 502, 503, 504] {
        let (final_status, requests) = run(respond(status, "{}"), 2).await;
        assert_eq!(final_status, 200, "after {status}");
        assert_attempts(&requests, 3);
    }
}

#[tokio::test]
async fn retries_throttling_status_and_codes() {
    let (status, requests) = run(respond(429, ""), 1).await;
    assert_eq!(status, 200);
    assert_attempts(&requests, 2);

    let body = r#"{"__type":"com.amazonaws.svc#ThrottlingException","message":"Rate exceeded"}"#;
    let (status, requests) = run(respond(400, body), 2).await;
    assert_eq!(status, 200);
    assert_attempts(&requests, 3);

    let header_coded = respond_with_headers(
        400,
        &[("x-amzn-errortype", "TooManyRequestsException:http://x")],
        "{}",
    );
    let (status, requests) = run(header_coded, 1).await;
    assert_eq!(status, 200);
    assert_attempts(&requests, 2);
}

#[tokio::test]
async fn gives_up_after_max_attempts_and_returns_the_last_response() {
    let server = StubServer::always(respond(503, r#"{"message":"busy"}"#)).await;
    let handle = Handle::new(&config_for(&server).build(), &SERVICE);
    let response = handle
        .invoke(&OPERATION, request())
        .await
        .expect("the error response is returned");
    assert_eq!(response.status(), 503);
    assert_eq!(
        ErrorMetadata::from_json_response(&response).message(),
        Some("busy")
    );
    assert_attempts(&server.requests(), 3);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let (status, requests) = {
        let server = StubServer::always(respond(
            400,
            r#"{"__type":"ValidationException","message":"bad"}"#,
        ))
        .await;
        let handle = Handle::new(&config_for(&server).build(), &SERVICE);
        let response = handle
            .invoke(&OPERATION, request())
            .await
            .expect("response");
        (response.status(), server.requests())
    };
    assert_eq!(status, 400);
    assert_eq!(requests.len(), 1);
}

#[tokio::test]
async fn modeled_retryable_errors_are_retried() {
    let conflict = respond(409, r#"{"__type":"ConflictException"}"#);
    let server = StubServer::sequence(vec![conflict.clone(), respond(200, "{}")]).await;
    let handle = Handle::new(&config_for(&server).build(), &SERVICE);
    assert_eq!(
        handle
            .invoke(&RETRYABLE_OPERATION, request())
            .await
            .expect("response")
            .status(),
        200
    );
    assert_eq!(server.requests().len(), 2);

    let server = StubServer::sequence(vec![conflict, respond(200, "{}")]).await;
    let handle = Handle::new(&config_for(&server).build(), &SERVICE);
    assert_eq!(
        handle
            .invoke(&OPERATION, request())
            .await
            .expect("response")
            .status(),
        409,
        "not modeled here"
    );
}

#[tokio::test]
async fn disabled_retries_make_one_attempt() {
    let server = StubServer::always(respond(500, "{}")).await;
    let config = config_for(&server)
        .retry_config(RetryConfig::disabled())
        .build();
    let handle = Handle::new(&config, &SERVICE);
    assert_eq!(
        handle
            .invoke(&OPERATION, request())
            .await
            .expect("response")
            .status(),
        500
    );
    assert_eq!(server.requests().len(), 1);
    assert_eq!(
        server.requests()[0].header("amz-sdk-request"),
        Some("attempt=1; max=1")
    );
}

#[tokio::test]
async fn retry_quota_runs_out_under_sustained_failure() {
    let server = StubServer::always(respond(500, "{}")).await;
    let config = config_for(&server)
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(1000)
                .with_initial_backoff(Duration::ZERO),
        )
        .build();
    let handle = Handle::new(&config, &SERVICE);
    let response = handle
        .invoke(&OPERATION, request())
        .await
        .expect("response");
    assert_eq!(response.status(), 500);
    // 500 tokens at 5 per retry: 100 retries after the first attempt, then the bucket is empty.
    assert_eq!(server.requests().len(), 101);
    let again = handle
        .invoke(&OPERATION, request())
        .await
        .expect("response");
    assert_eq!(again.status(), 500);
    assert_eq!(
        server.requests().len(),
        102,
        "no retries while the bucket is empty"
    );
}

#[tokio::test]
async fn clock_skew_is_corrected_from_the_date_header() {
    let server_time = SystemTime::now() + Duration::from_secs(3600);
    let date = http_date(server_time);
    let skewed = respond_with_headers(
        403,
        &[("date", &date)],
        r#"{"__type":"InvalidSignatureException","message":"Signature expired"}"#,
    );
    let server = StubServer::sequence(vec![skewed, respond(200, "{}")]).await;
    let handle = Handle::new(&config_for(&server).build(), &SERVICE);
    assert_eq!(
        handle
            .invoke(&OPERATION, request())
            .await
            .expect("response")
            .status(),
        200
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let first = requests[0].header("x-amz-date").expect("date");
    let second = requests[1].header("x-amz-date").expect("date");
    let expected_hour = amz_date(server_time);
    assert_ne!(first, second);
    assert_eq!(
        &second[..11],
        &expected_hour[..11],
        "second attempt signed with server time (hour precision)"
    );

    // A signature error without a usable Date is not retried.
    let server =
        StubServer::always(respond(403, r#"{"__type":"InvalidSignatureException"}"#)).await;
    let handle = Handle::new(&config_for(&server).build(), &SERVICE);
    assert_eq!(
        handle
            .invoke(&OPERATION, request())
            .await
            .expect("response")
            .status(),
        403
    );
    assert_eq!(server.requests().len(), 1);
}

/// `yyyymmddThhmmssZ` of a time (civil-from-days, to stay independent of the runtime's parser).
fn amz_date(time: SystemTime) -> String {
    let (y, mo, d, h, mi, s, _) = civil(time);
    format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
}

fn http_date(time: SystemTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, mo, d, h, mi, s, days) = civil(time);
    format!(
        "{}, {d:02} {} {y} {h:02}:{mi:02}:{s:02} GMT",
        DAYS[(days % 7) as usize],
        MONTHS[(mo - 1) as usize]
    )
}

fn civil(time: SystemTime) -> (i64, i64, i64, i64, i64, i64, i64) {
    let secs = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("after epoch")
        .as_secs() as i64;
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d, rem / 3600, rem % 3600 / 60, rem % 60, days)
}
