//! The API shape a Rust AWS user expects, through the generated client's `send()` with a capturing HTTP
//! client: aws-sdk-rust-style collection setters and the client-side validation levels.
use aws_lite::fsx::types::Tag;
use aws_lite::runtime::test_util::CaptureClient;
use serde_json::{json, Value};

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}

fn sent_json(capture: &CaptureClient) -> Value {
    let request = capture.last_request().expect("a request was sent");
    serde_json::from_slice(request.body()).expect("JSON body")
}

#[tokio::test]
async fn list_setter_appends_and_set_replaces_through_send() {
    let capture = CaptureClient::new();
    let client = aws_lite::fsx::Client::new(&capture.config("http://127.0.0.1:1"));
    client
        .copy_backup()
        .source_backup_id("backup-0123456789abcdef0")
        .tags(tag("a", "1"))
        .tags(tag("b", "2"))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        sent_json(&capture)["Tags"],
        json!([{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    );

    // `set_tags` replaces what was appended; a later `tags` appends to the replacement.
    let builder = client
        .copy_backup()
        .source_backup_id("backup-0123456789abcdef0")
        .tags(tag("a", "1"))
        .set_tags(Some(vec![tag("c", "3")]))
        .tags(tag("d", "4"));
    assert_eq!(builder.get_tags().as_ref().map(Vec::len), Some(2));
    builder.send().await.expect("sent");
    assert_eq!(
        sent_json(&capture)["Tags"],
        json!([{"Key": "c", "Value": "3"}, {"Key": "d", "Value": "4"}])
    );

    // `set_tags(None)` clears: the member is not sent at all.
    client
        .copy_backup()
        .source_backup_id("backup-0123456789abcdef0")
        .tags(tag("a", "1"))
        .set_tags(None)
        .send()
        .await
        .expect("sent");
    assert_eq!(sent_json(&capture).get("Tags"), None);
}

#[test]
fn input_and_type_builders_have_the_same_collection_setters() {
    use aws_lite::fsx::operation::copy_backup::CopyBackupInput;
    let input = CopyBackupInput::builder().tags(tag("a", "1")).tags(tag("b", "2")).build();
    assert_eq!(input.tags().map(|t| t.iter().map(Tag::key).collect::<Vec<_>>()), Some(vec![Some("a"), Some("b")]));
    // A list member of a nested type (FileSystem.SubnetIds) takes one element per call too.
    let fs = aws_lite::fsx::types::FileSystem::builder().subnet_ids("subnet-1").subnet_ids("subnet-2").build();
    assert_eq!(fs.subnet_ids(), Some(&["subnet-1".to_string(), "subnet-2".to_string()][..]));
}

// ---------------------------------------------------------------------------------------------
// Validation levels

use aws_lite::runtime::error::SdkError;
use aws_lite::runtime::validate::{Constraint, ValidationLevel};

/// An instance ARN of a partition newer than the shipped `@pattern` (which knows `aws` and `aws-us-gov`).
const NEW_PARTITION_ARN: &str =
    "arn:aws-iso:connect:us-iso-east-1:123456789012:instance/4b1a9a3c-1f2e-4d5c-8b7a-0123456789ab";

fn connect(capture: &CaptureClient, level: Option<ValidationLevel>) -> aws_lite::connect::Client {
    let mut config = capture.config("http://127.0.0.1:1").to_builder();
    if let Some(level) = level {
        config = config.validation(level);
    }
    aws_lite::connect::Client::new(&config.build())
}

#[tokio::test]
async fn full_validation_is_the_default_and_rejects_a_pattern_before_sending() {
    let capture = CaptureClient::new();
    let err = connect(&capture, None)
        .replicate_instance()
        .instance_id(NEW_PARTITION_ARN)
        .replica_region("us-west-2")
        .replica_alias("alias")
        .send()
        .await
        .expect_err("pattern");
    let SdkError::Validation(e) = err else { panic!("expected a validation error: {err:?}") };
    assert_eq!(e.member(), "InstanceId");
    assert!(matches!(e.constraint(), Some(Constraint::Pattern { .. })), "{e:?}");
    assert!(capture.last_request().is_none(), "nothing was sent");
}

#[tokio::test]
async fn required_only_lets_a_value_the_pattern_rejects_through_but_still_checks_required() {
    let capture = CaptureClient::new();
    let client = connect(&capture, Some(ValidationLevel::RequiredOnly));
    client
        .replicate_instance()
        .instance_id(NEW_PARTITION_ARN)
        .replica_region("us-west-2")
        .replica_alias("alias")
        .send()
        .await
        .expect("sent despite the pattern");
    let sent = capture.last_request().expect("sent");
    assert!(sent.uri().path().contains("arn%3Aaws-iso%3Aconnect"), "{}", sent.uri());

    let err = client
        .replicate_instance()
        .instance_id(NEW_PARTITION_ARN)
        .replica_alias("alias")
        .send()
        .await
        .expect_err("ReplicaRegion missing");
    let SdkError::Validation(e) = err else { panic!("expected a validation error: {err:?}") };
    assert_eq!((e.member(), e.constraint()), ("ReplicaRegion", Some(&Constraint::Required)));
}

#[tokio::test]
async fn off_sends_without_client_checks_but_a_missing_uri_label_still_fails() {
    let capture = CaptureClient::new();
    let client = connect(&capture, Some(ValidationLevel::Off));
    // Required body members unset, the pattern broken: the service is left to judge.
    client
        .replicate_instance()
        .instance_id(NEW_PARTITION_ARN)
        .replica_alias("d-breaks-the-look-ahead")
        .send()
        .await
        .expect("sent");
    let body: Value = serde_json::from_slice(capture.last_request().expect("sent").body()).expect("JSON");
    assert_eq!(body.get("ReplicaRegion"), None);
    assert_eq!(body["ReplicaAlias"], "d-breaks-the-look-ahead");

    // A request cannot be built without its URI label, whatever the level.
    let err = client.replicate_instance().replica_region("us-west-2").send().await.expect_err("no label");
    let SdkError::Validation(e) = err else { panic!("expected a validation error: {err:?}") };
    assert_eq!(e.member(), "InstanceId");
}

#[tokio::test]
async fn every_violation_of_an_input_is_reported_at_once() {
    let capture = CaptureClient::new();
    let client = aws_lite::backup::Client::new(&capture.config("http://127.0.0.1:1"));
    let err = client
        .start_copy_job()
        .source_backup_vault_name("bad vault!")
        .destination_backup_vault_arn("arn:aws:backup:us-west-2:123456789012:backup-vault:v")
        .send()
        .await
        .expect_err("invalid");
    let SdkError::Validation(e) = err else { panic!("expected a validation error: {err:?}") };
    let found: Vec<(&str, &Constraint)> = e.violations.iter().map(|v| (v.member.as_str(), &v.constraint)).collect();
    assert_eq!(found.len(), 3, "{e}");
    assert_eq!(found[0], ("RecoveryPointArn", &Constraint::Required));
    assert_eq!(found[1].0, "SourceBackupVaultName");
    assert!(matches!(found[1].1, Constraint::Pattern { .. }));
    assert_eq!(found[2], ("IamRoleArn", &Constraint::Required));
    let text = e.to_string();
    assert!(
        text.starts_with("StartCopyJob: 3 invalid members: member `RecoveryPointArn` is required; member `SourceBackupVaultName` must match"),
        "{text}"
    );
    assert!(text.ends_with("; member `IamRoleArn` is required"), "{text}");
    assert!(capture.last_request().is_none());
}
