//! Transport failures and broken responses become typed errors (never panics), and the transient ones are retried.

mod support;

use aws_lite_runtime::runtime::client::Handle;
use aws_lite_runtime::runtime::config::{Config, TimeoutConfig};
use aws_lite_runtime::runtime::credentials::Credentials;
use aws_lite_runtime::runtime::error::{
    ErrorMetadata, InvokeError, SdkError, TimeoutKind, Unhandled,
};
use aws_lite_runtime::runtime::http::Request;
use aws_lite_runtime::runtime::retry::RetryConfig;
use std::time::{Duration, Instant};
use support::*;

fn request() -> Request {
    Request::new("POST", "/op".to_owned()).body(br#"{"a":1}"#.to_vec())
}

fn no_retries(server: &StubServer) -> Config {
    config_for(server)
        .retry_config(RetryConfig::disabled())
        .build()
}

#[tokio::test]
async fn connection_reset_is_a_dispatch_error_and_is_retried() {
    let server = StubServer::always(Action::Reset).await;
    let error = Handle::new(&no_retries(&server), &SERVICE)
        .invoke(&OPERATION, request())
        .await
        .expect_err("reset");
    assert!(matches!(error, InvokeError::Dispatch(_)), "{error:?}");

    let server = StubServer::sequence(vec![Action::Reset, respond(200, "{}")]).await;
    let handle = Handle::new(&config_for(&server).build(), &SERVICE);
    assert_eq!(
        handle
            .invoke(&OPERATION, request())
            .await
            .expect("retried")
            .status(),
        200
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].body, requests[1].body);
}

#[tokio::test]
async fn truncated_body_is_a_dispatch_error_and_is_retried() {
    let truncated = Action::Truncate {
        declared: 100,
        body: br#"{"partial":"#.to_vec(),
    };
    let server = StubServer::always(truncated.clone()).await;
    let error = Handle::new(&no_retries(&server), &SERVICE)
        .invoke(&OPERATION, request())
        .await
        .expect_err("truncated");
    assert!(matches!(error, InvokeError::Dispatch(_)), "{error:?}");
    let sdk_error: SdkError<Unhandled> = error.into();
    assert!(
        sdk_error.to_string().starts_with("dispatch failure"),
        "{sdk_error}"
    );

    let server = StubServer::sequence(vec![truncated, respond(200, "{}")]).await;
    let handle = Handle::new(&config_for(&server).build(), &SERVICE);
    assert_eq!(
        handle
            .invoke(&OPERATION, request())
            .await
            .expect("retried")
            .status(),
        200
    );
}

#[tokio::test]
async fn non_json_bodies_are_returned_untouched() {
    let html = "<html><body>Service Unavailable</body></html>";
    let server = StubServer::always(respond_with_headers(
        502,
        &[("content-type", "text/html")],
        html,
    ))
    .await;
    let handle = Handle::new(&config_for(&server).build(), &SERVICE);
    let response = handle
        .invoke(&OPERATION, request())
        .await
        .expect("response");
    assert_eq!(response.status(), 502);
    assert_eq!(response.body(), html.as_bytes());
    assert_eq!(
        server.requests().len(),
        3,
        "a 502 is retried whatever its body"
    );
    let meta = ErrorMetadata::from_json_response(&response);
    assert_eq!((meta.code(), meta.status()), (None, Some(502)));

    let server = StubServer::always(respond(200, "not json at all")).await;
    let response = Handle::new(&no_retries(&server), &SERVICE)
        .invoke(&OPERATION, request())
        .await
        .expect("response");
    assert_eq!(response.body(), b"not json at all");
}

#[tokio::test]
async fn oversized_bodies_are_rejected() {
    let big = "x".repeat(10_000);
    let server = StubServer::always(respond(200, &big)).await;
    let config = config_for(&server).max_response_body(1024).build();
    let error = Handle::new(&config, &SERVICE)
        .invoke(&OPERATION, request())
        .await
        .expect_err("too large");
    assert!(
        matches!(
            error,
            InvokeError::ResponseTooLarge {
                status: 200,
                limit: 1024
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        server.requests().len(),
        1,
        "an oversized body is not retried"
    );
    let sdk_error: SdkError<Unhandled> = error.into();
    assert!(matches!(sdk_error, SdkError::Response(_)));

    // One byte over the limit fails; exactly at the limit is fine.
    let server = StubServer::always(respond(200, &"y".repeat(1025))).await;
    let config = config_for(&server).max_response_body(1024).build();
    let error = Handle::new(&config, &SERVICE)
        .invoke(&OPERATION, request())
        .await
        .expect_err("too large");
    assert!(
        matches!(error, InvokeError::ResponseTooLarge { .. }),
        "{error:?}"
    );
    let server = StubServer::always(respond(200, &"y".repeat(1024))).await;
    let config = config_for(&server).max_response_body(1024).build();
    Handle::new(&config, &SERVICE)
        .invoke(&OPERATION, request())
        .await
        .expect("exactly at the limit is fine");
}

#[tokio::test]
async fn stalled_server_times_out_per_attempt() {
    let server = StubServer::always(Action::Stall(Duration::from_secs(5))).await;
    let config = config_for(&server)
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .timeout_config(TimeoutConfig::default().with_attempt_timeout(Duration::from_millis(100)))
        .build();
    let started = Instant::now();
    let error = Handle::new(&config, &SERVICE)
        .invoke(&OPERATION, request())
        .await
        .expect_err("timeout");
    assert!(
        matches!(&error, InvokeError::Timeout(t) if t.kind == TimeoutKind::Attempt && t.limit == Some(Duration::from_millis(100))),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 3, "timeouts are retried");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn call_timeout_bounds_the_whole_call() {
    let server = StubServer::always(Action::Stall(Duration::from_secs(5))).await;
    let config = config_for(&server)
        .timeout_config(
            TimeoutConfig::default()
                .with_attempt_timeout(None)
                .with_call_timeout(Duration::from_millis(150)),
        )
        .build();
    let error = Handle::new(&config, &SERVICE)
        .invoke(&OPERATION, request())
        .await
        .expect_err("timeout");
    assert!(
        matches!(&error, InvokeError::Timeout(t) if t.kind == TimeoutKind::Call),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "operation timeout after 150ms");
}

#[tokio::test]
async fn refused_connection_is_a_dispatch_error() {
    let unused = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = unused.local_addr().expect("addr");
    drop(unused);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("A", "B", None, None))
        .endpoint_url(format!("http://{addr}"))
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .build();
    let error = Handle::new(&config, &SERVICE)
        .invoke(&OPERATION, request())
        .await
        .expect_err("refused");
    assert!(matches!(error, InvokeError::Dispatch(_)), "{error:?}");
    assert!(
        std::error::Error::source(&error).is_some(),
        "the cause is kept"
    );
}

#[tokio::test]
async fn construction_problems_are_reported_before_sending() {
    let server = StubServer::always(respond(200, "{}")).await;

    let no_region = Config::builder()
        .credentials(Credentials::new("A", "B", None, None))
        .endpoint_url(server.url())
        .build();
    let error = Handle::new(&no_region, &SERVICE)
        .invoke(&OPERATION, request())
        .await
        .expect_err("no region");
    assert!(
        matches!(&error, InvokeError::Construction(c) if c.message().contains("region")),
        "{error:?}"
    );

    let no_credentials = Config::builder()
        .region("us-east-1")
        .endpoint_url(server.url())
        .build();
    let error = Handle::new(&no_credentials, &SERVICE)
        .invoke(&OPERATION, request())
        .await
        .expect_err("no credentials");
    assert!(
        matches!(&error, InvokeError::Construction(c) if c.message().contains("credentials")),
        "{error:?}"
    );

    let no_endpoint = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("A", "B", None, None))
        .build();
    let error = Handle::new(&no_endpoint, &SERVICE)
        .invoke(&OPERATION, request())
        .await
        .expect_err("no endpoint");
    assert!(
        error.to_string().contains("no endpoint override"),
        "{error}"
    );

    let bad_endpoint = config_for(&server)
        .endpoint_url("ftp://example.com")
        .build();
    let error = Handle::new(&bad_endpoint, &SERVICE)
        .invoke(&OPERATION, request())
        .await
        .expect_err("bad endpoint");
    assert!(matches!(error, InvokeError::Construction(_)), "{error:?}");

    let bad_header = request().header("X-Bad", "line\nbreak");
    let error = Handle::new(&config_for(&server).build(), &SERVICE)
        .invoke(&OPERATION, bad_header)
        .await
        .expect_err("bad header");
    assert!(matches!(error, InvokeError::Construction(_)), "{error:?}");

    assert!(server.requests().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn connections_are_reused() {
    let server = StubServer::always(respond(200, "{}")).await;
    let handle = Handle::new(&config_for(&server).build(), &SERVICE);
    for _ in 0..20 {
        handle
            .invoke(&OPERATION, request())
            .await
            .expect("response");
    }
    assert_eq!(server.requests().len(), 20);
    assert_eq!(server.connections(), 1, "keep-alive reuses one connection");
}
