//! Client-side validation stops bad input before any network I/O (the stub sees nothing), with errors that
//! name operation, member and constraint; and Debug output never shows secrets or `@sensitive` values.

mod e2e_support;

use aws_lite::runtime::error::SdkError;
use aws_lite::runtime::validate::{Constraint, ValidationError};
use aws_lite::Config;
use e2e_support::{bounded, calls, replicate_instance_input, start_copy_job_input, stub_config};
use serde_json::{json, Value};
use std::future::Future;
use tests::stub_server::StubServer;

/// Runs `call` against a fresh stub and returns the validation error; asserts nothing reached the network.
async fn rejected<T, E, F, Fut>(call: F) -> ValidationError
where
    T: std::fmt::Debug,
    E: std::fmt::Debug,
    F: FnOnce(Config) -> Fut,
    Fut: Future<Output = Result<T, SdkError<E>>>,
{
    let stub = StubServer::start(vec![]).await.expect("stub");
    let result = bounded(call(stub_config(stub.url(), "us-east-1").build())).await;
    assert_eq!(
        stub.request_count(),
        0,
        "validation must happen before any request"
    );
    match result {
        Err(SdkError::Validation(e)) => e,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn with(mut input: Value, key: &str, value: Value) -> Value {
    input[key] = value;
    input
}

fn without(mut input: Value, key: &str) -> Value {
    input.as_object_mut().map(|o| o.remove(key));
    input
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

#[tokio::test]
async fn missing_required_members() {
    let input = without(start_copy_job_input(), "RecoveryPointArn");
    let e = rejected(|c| async move { calls::start_copy_job(&c, &input).await }).await;
    assert_eq!(
        (e.operation, e.member(), e.constraint().expect("a violation")),
        ("StartCopyJob", "RecoveryPointArn", &Constraint::Required)
    );
    assert_eq!(
        e.to_string(),
        "StartCopyJob: member `RecoveryPointArn` is required"
    );

    // A missing URI label is caught the same way rather than producing `/bots//replicas/`.
    let input = json!({"replicaRegion": "us-west-2"});
    let e = rejected(|c| async move { calls::create_bot_replica(&c, &input).await }).await;
    assert_eq!(
        (e.operation, e.member(), e.constraint().expect("a violation")),
        ("CreateBotReplica", "botId", &Constraint::Required)
    );

    let input = without(partner_input(), "ResourceType");
    let e =
        rejected(|c| async move { calls::create_resource_snapshot_job(&c, &input).await }).await;
    assert_eq!(
        (e.operation, e.member()),
        ("CreateResourceSnapshotJob", "ResourceType")
    );
    assert_eq!(*e.constraint().expect("a violation"), Constraint::Required);
}

#[tokio::test]
async fn length_constraints_count_characters() {
    let input = with(
        replicate_instance_input(),
        "ReplicaAlias",
        json!("a".repeat(46)),
    );
    let e = rejected(|c| async move { calls::replicate_instance(&c, &input).await }).await;
    assert_eq!(
        (e.operation, e.member()),
        ("ReplicateInstance", "ReplicaAlias")
    );
    assert_eq!(
        *e.constraint().expect("a violation"),
        Constraint::Length {
            min: Some(1),
            max: Some(45),
            actual: 46
        }
    );
    assert_eq!(
        e.to_string(),
        "ReplicateInstance: member `ReplicaAlias` must have a length between 1 and 45 (was 46)"
    );

    let input = with(replicate_instance_input(), "InstanceId", json!(""));
    let e = rejected(|c| async move { calls::replicate_instance(&c, &input).await }).await;
    assert_eq!(e.member(), "InstanceId");
    assert!(
        matches!(*e.constraint().expect("a violation"), Constraint::Length { actual: 0, .. }),
        "{e:?}"
    );

    // Nested list element: FSx tag keys allow 128 characters; 129 two-byte characters are 129, not 258.
    let tags = json!([{"Key": "ok", "Value": "v"}, {"Key": "é".repeat(129), "Value": "v"}]);
    let input = json!({"SourceBackupId": "backup-0123456789abcdef0", "Tags": tags});
    let e = rejected(|c| async move { calls::copy_backup(&c, &input).await }).await;
    assert_eq!(
        (e.operation, e.member()),
        ("CopyBackup", "Tags[1].Key")
    );
    assert_eq!(
        *e.constraint().expect("a violation"),
        Constraint::Length {
            min: Some(1),
            max: Some(128),
            actual: 129
        }
    );

    // List length: at least one tag when the list is present.
    let input = with(partner_input(), "Tags", json!([]));
    let e =
        rejected(|c| async move { calls::create_resource_snapshot_job(&c, &input).await }).await;
    assert_eq!(e.member(), "Tags");
    assert_eq!(
        *e.constraint().expect("a violation"),
        Constraint::Length {
            min: Some(1),
            max: Some(200),
            actual: 0
        }
    );
}

#[tokio::test]
async fn pattern_constraints() {
    let input = with(
        start_copy_job_input(),
        "SourceBackupVaultName",
        json!("bad vault!"),
    );
    let e = rejected(|c| async move { calls::start_copy_job(&c, &input).await }).await;
    assert_eq!(
        (e.operation, e.member()),
        ("StartCopyJob", "SourceBackupVaultName")
    );
    assert!(
        matches!(*e.constraint().expect("a violation"), Constraint::Pattern { pattern } if pattern.contains("{2,50}")),
        "{e:?}"
    );
    assert!(
        e.to_string()
            .starts_with("StartCopyJob: member `SourceBackupVaultName` must match the pattern"),
        "{e}"
    );

    let input = with(
        partner_input(),
        "EngagementIdentifier",
        json!("eng-TOO-SHORT"),
    );
    let e =
        rejected(|c| async move { calls::create_resource_snapshot_job(&c, &input).await }).await;
    assert_eq!(e.member(), "EngagementIdentifier");
    assert_eq!(
        *e.constraint().expect("a violation"),
        Constraint::Pattern {
            pattern: "^eng-[0-9a-z]{14}$"
        }
    );

    let input = json!({"botId": "ABC-DEF-GH", "replicaRegion": "us-west-2"});
    let e = rejected(|c| async move { calls::create_bot_replica(&c, &input).await }).await;
    assert_eq!(
        (e.member(), e.constraint().expect("a violation")),
        (
            "botId",
            &Constraint::Pattern {
                pattern: "^[0-9a-zA-Z]+$"
            }
        )
    );
}

/// FSx tag keys use `\p{L}`-style classes and Connect's ReplicaAlias a look-ahead `(?!d-)`: both are enforced
/// before anything is sent.
#[tokio::test]
async fn unicode_class_and_lookahead_patterns_are_enforced() {
    let input = json!({"SourceBackupId": "backup-0123456789abcdef0", "Tags": [{"Key": "has#hash", "Value": "v"}]});
    let e = rejected(|c| async move { calls::copy_backup(&c, &input).await }).await;
    assert_eq!(e.member(), "Tags[0].Key");
    let input = with(replicate_instance_input(), "ReplicaAlias", json!("d-alias"));
    let e = rejected(|c| async move { calls::replicate_instance(&c, &input).await }).await;
    assert_eq!(e.member(), "ReplicaAlias");
}

#[tokio::test]
async fn unicode_letters_pass_the_tag_pattern() {
    let stub = StubServer::start(vec![]).await.expect("stub");
    let config = stub_config(stub.url(), "us-east-1").build();
    let input = json!({"SourceBackupId": "backup-0123456789abcdef0", "Tags": [{"Key": "Größe", "Value": "ünïcode"}]});
    bounded(calls::copy_backup(&config, &input))
        .await
        .expect("valid input is sent");
    assert_eq!(stub.request_count(), 1);
}

/// None of the five inputs carries `@range`, so the range check is exercised through the runtime API the
/// emitted validators call, with a path shaped like theirs.
#[test]
fn range_errors_name_operation_member_and_bounds() {
    use aws_lite::runtime::validate::{range_i64, Path};
    let root = Path::root("StartCopyJob");
    let lifecycle = root.member("Lifecycle");
    let e =
        range_i64(0, Some(1), None, lifecycle.member("DeleteAfterDays")).expect_err("below min");
    assert_eq!(
        (e.operation, e.member()),
        ("StartCopyJob", "Lifecycle.DeleteAfterDays")
    );
    assert_eq!(
        *e.constraint().expect("a violation"),
        Constraint::Range {
            min: Some("1".into()),
            max: None,
            actual: "0".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "StartCopyJob: member `Lifecycle.DeleteAfterDays` must be at least 1 (was 0)"
    );
}

#[tokio::test]
async fn validation_error_through_sdk_error_display() {
    let input = without(start_copy_job_input(), "IamRoleArn");
    let stub = StubServer::start(vec![]).await.expect("stub");
    let config = stub_config(stub.url(), "us-east-1").build();
    let err = bounded(calls::start_copy_job(&config, &input))
        .await
        .expect_err("invalid");
    assert_eq!(
        err.to_string(),
        "invalid input: StartCopyJob: member `IamRoleArn` is required"
    );
    assert_eq!(stub.request_count(), 0);
}

// ---------------------------------------------------------------------------------------------
// Redaction

const SECRET_ALIAS: &str = "secretAlias42";

#[test]
fn sensitive_input_members_are_redacted_in_debug() {
    use aws_lite::connect::operation::replicate_instance::ReplicateInstanceInput;
    let builder = ReplicateInstanceInput::builder()
        .instance_id("4b1a9a3c-1f2e-4d5c-8b7a-0123456789ab")
        .replica_region("us-west-2")
        .replica_alias(SECRET_ALIAS);
    let debug = format!("{builder:?}");
    assert!(!debug.contains(SECRET_ALIAS), "{debug}");
    assert!(
        debug.contains("us-west-2"),
        "non-sensitive members stay visible: {debug}"
    );
    let input = builder.build();
    let debug = format!("{input:?} {input:#?}");
    assert!(!debug.contains(SECRET_ALIAS), "{debug}");
    assert!(
        debug.contains("replica_alias"),
        "the member is listed, only its value hidden: {debug}"
    );
}

#[test]
fn sensitive_nested_members_are_redacted_in_debug() {
    use aws_lite::fsx::types::OntapFileSystemConfiguration;
    let password = "Pa55word-hunter2";
    let builder = OntapFileSystemConfiguration::builder().fsx_admin_password(password);
    assert!(!format!("{builder:?}").contains(password));
    let value = builder.build();
    assert!(!format!("{value:?}").contains(password), "{value:?}");
    assert_eq!(
        value.fsx_admin_password(),
        Some(password),
        "the value itself is kept"
    );
}

#[tokio::test]
async fn fluent_builder_debug_hides_sensitive_values_and_keys() {
    let stub = StubServer::start(vec![]).await.expect("stub");
    let config = stub_config(stub.url(), "us-east-1").build();
    let fluent = aws_lite::connect::Client::new(&config)
        .replicate_instance()
        .replica_alias(SECRET_ALIAS);
    let debug = format!("{fluent:?}");
    assert!(!debug.contains(SECRET_ALIAS), "{debug}");
    assert!(!debug.contains(e2e_support::SECRET_KEY), "{debug}");
}

#[tokio::test]
async fn validation_errors_do_not_echo_sensitive_values() {
    // Too long for ReplicaAlias (max 45); the error must not repeat the value.
    let input = with(
        replicate_instance_input(),
        "ReplicaAlias",
        json!("secretAlias42".repeat(4)),
    );
    let stub = StubServer::start(vec![]).await.expect("stub");
    let config = stub_config(stub.url(), "us-east-1").build();
    let err = bounded(calls::replicate_instance(&config, &input))
        .await
        .expect_err("invalid");
    let text = format!("{err} {err:?}");
    assert!(matches!(err, SdkError::Validation(_)), "{err:?}");
    assert!(!text.contains("secretAlias42"), "{text}");
}

#[test]
fn credentials_and_config_debug_hide_secrets() {
    let credentials = aws_lite::Credentials::new(
        e2e_support::ACCESS_KEY,
        e2e_support::SECRET_KEY,
        Some(e2e_support::SESSION_TOKEN.to_owned()),
        None,
    );
    let debug = format!("{credentials:?} {credentials:#?}");
    assert!(!debug.contains(e2e_support::SECRET_KEY), "{debug}");
    assert!(!debug.contains(e2e_support::SESSION_TOKEN), "{debug}");
    let config = Config::builder()
        .region("us-east-1")
        .credentials(credentials)
        .build();
    let debug = format!("{config:?}");
    assert!(!debug.contains(e2e_support::SECRET_KEY), "{debug}");
    assert!(!debug.contains(e2e_support::SESSION_TOKEN), "{debug}");
}

/// What a failed call hands back (service error plus raw response) never carries the signature material.
#[tokio::test]
async fn service_error_debug_has_no_secrets() {
    use tests::stub_server::Reply;
    let stub = StubServer::start(vec![Reply::json(
        400,
        r#"{"__type":"BadRequest","Message":"no"}"#,
    )])
    .await
    .expect("stub");
    let config = stub_config(stub.url(), "us-east-1")
        .credentials(aws_lite::Credentials::new(
            e2e_support::ACCESS_KEY,
            e2e_support::SECRET_KEY,
            Some(e2e_support::SESSION_TOKEN.to_owned()),
            None,
        ))
        .build();
    let input = json!({"SourceBackupId": "backup-0123456789abcdef0"});
    let err = bounded(calls::copy_backup(&config, &input))
        .await
        .expect_err("service error");
    let text = format!("{err} {err:?}");
    assert!(!text.contains(e2e_support::SECRET_KEY), "{text}");
    assert!(!text.contains(e2e_support::SESSION_TOKEN), "{text}");
    let sent = &stub.requests()[0];
    let signature = sent
        .header("authorization")
        .and_then(|a| a.rsplit("Signature=").next())
        .unwrap_or("none");
    assert!(!text.contains(signature), "{text}");
}
