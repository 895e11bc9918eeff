//! What a call logs, captured by a test subscriber through the generated client's `send()` against a loopback
//! server: the call span, one DEBUG event per attempt with its facts, TRACE header events with secrets
//! redacted, and never a secret, a signature or a body.

mod e2e_support;

use aws_lite::backup;
use aws_lite::Credentials;
use e2e_support::{bounded, stub_config, ACCESS_KEY, SECRET_KEY, SESSION_TOKEN};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tests::stub_server::{Reply, StubServer};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// One span or event as the subscriber saw it: its name (spans) or message (events), level and fields.
#[derive(Debug, Clone)]
struct Captured {
    span: bool,
    level: tracing::Level,
    target: String,
    name: String,
    fields: BTreeMap<String, String>,
}

impl Captured {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

/// A subscriber that keeps everything, at every level.
#[derive(Clone, Default)]
struct Capture {
    seen: Arc<Mutex<Vec<Captured>>>,
    next_id: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Capture {
    fn keep(&self, span: bool, metadata: &Metadata<'_>, fields: BTreeMap<String, String>) {
        let name = if span { metadata.name().to_owned() } else { fields.get("message").cloned().unwrap_or_default() };
        if let Ok(mut seen) = self.seen.lock() {
            seen.push(Captured {
                span,
                level: *metadata.level(),
                target: metadata.target().to_owned(),
                name,
                fields,
            });
        }
    }

    fn all(&self) -> Vec<Captured> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        self.keep(true, span.metadata(), fields);
        Id::from_u64(self.next_id.fetch_add(1, Ordering::SeqCst) + 1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut fields = BTreeMap::new();
        values.record(&mut Fields(&mut fields));
        if let Ok(mut seen) = self.seen.lock() {
            seen.push(Captured {
                span: true,
                level: tracing::Level::DEBUG,
                target: "record".into(),
                name: "record".into(),
                fields,
            });
        }
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.keep(false, event.metadata(), fields);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn a_call_logs_each_attempt_and_redacted_headers_but_no_secret_or_body() {
    let stub = StubServer::start(vec![
        Reply::json(503, r#"{"message":"busy"}"#).with_header("x-amzn-requestid", "req-first"),
        Reply::json(200, r#"{"CopyJobId":"job-secretive-output"}"#)
            .with_header("x-amzn-requestid", "req-second")
            .with_header("set-cookie", "session=cookie-secret"),
    ])
    .await
    .expect("stub");
    let config = stub_config(stub.url(), "us-east-1")
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, Some(SESSION_TOKEN.to_owned()), None))
        .build();
    let capture = Capture::default();
    let guard = tracing::subscriber::set_default(capture.clone());
    let output = bounded(
        backup::Client::new(&config)
            .start_copy_job()
            .recovery_point_arn("arn:aws:backup:us-east-1:123456789012:recovery-point:BODY-ONLY-VALUE")
            .source_backup_vault_name("aBackupVault")
            .destination_backup_vault_arn("arn:aws:backup:us-west-2:123456789012:backup-vault:aBackupVault")
            .iam_role_arn("arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole")
            .send(),
    )
    .await
    .expect("second attempt succeeds");
    drop(guard);
    assert_eq!(output.copy_job_id(), Some("job-secretive-output"));
    let seen = capture.all();
    let ours: Vec<&Captured> = seen.iter().filter(|c| c.target.starts_with("aws_lite")).collect();

    let call = ours.iter().find(|c| c.span && c.name == "invoke").expect("a call span");
    assert_eq!((call.field("service"), call.field("operation")), (Some("Backup"), Some("StartCopyJob")));

    let attempts: Vec<&&Captured> = ours.iter().filter(|c| !c.span && c.name == "attempt finished").collect();
    assert_eq!(attempts.len(), 2, "{attempts:#?}");
    let requests = stub.requests();
    let url = format!("{}{}", stub.url(), requests[0].path);
    for (attempt, status, request_id) in [(&attempts[0], "503", "req-first"), (&attempts[1], "200", "req-second")] {
        assert_eq!(attempt.level, tracing::Level::DEBUG);
        assert_eq!(attempt.field("method"), Some(requests[0].method.as_str()));
        assert_eq!(attempt.field("url"), Some(url.as_str()));
        assert_eq!(attempt.field("status"), Some(status));
        assert_eq!(attempt.field("request_id"), Some(request_id));
        let millis: f64 = attempt.field("duration_ms").and_then(|d| d.parse().ok()).expect("duration_ms");
        assert!((0.0..10_000.0).contains(&millis), "{millis}");
    }
    assert_eq!(attempts[0].field("attempt"), Some("1"));
    assert!(attempts[0].field("retry").is_some_and(|r| r.starts_with("retry in ")), "{:?}", attempts[0]);
    assert_eq!(attempts[1].field("retry"), Some("done"));

    let request_headers: Vec<&&Captured> = ours.iter().filter(|c| c.name == "request headers").collect();
    assert_eq!(request_headers.len(), 2);
    let headers = request_headers[0].field("headers").unwrap_or_default();
    assert_eq!(request_headers[0].level, tracing::Level::TRACE);
    for shown in ["content-type: application/json", "x-amz-security-token: ** redacted **", "authorization: ** redacted **"] {
        assert!(headers.contains(shown), "`{shown}` not in {headers}");
    }
    let body_len = requests[0].body.len().to_string();
    assert_eq!(request_headers[0].field("body_bytes"), Some(body_len.as_str()));
    let response_headers: Vec<&&Captured> = ours.iter().filter(|c| c.name == "response headers").collect();
    assert_eq!(response_headers.len(), 2);
    let last = response_headers[1].field("headers").unwrap_or_default();
    assert!(last.contains("x-amzn-requestid: req-second") && last.contains("set-cookie: ** redacted **"), "{last}");

    // No secret, signature or body anywhere in what was logged, by any crate.
    let signature = requests[1]
        .header("authorization")
        .and_then(|a| a.split("Signature=").nth(1))
        .expect("signed request")
        .to_owned();
    let everything = format!("{seen:?}");
    for secret in [SECRET_KEY, SESSION_TOKEN, signature.as_str(), "BODY-ONLY-VALUE", "job-secretive-output", "cookie-secret", "busy"] {
        assert!(!everything.contains(secret), "`{secret}` was logged");
    }
}
