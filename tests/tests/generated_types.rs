//! Behaviour of the generated types themselves: Smithy 2.0 nullability, redacting Debug, forward-compatible
//! enums, and builders that name what is missing.
use aws_lite::backup::operation::start_copy_job::{StartCopyJobInput, StartCopyJobOutput};
use aws_lite::connect::operation::replicate_instance::ReplicateInstanceInput;
use aws_lite::fsx::types::BackupLifecycle;
use aws_lite::lexmodelsv2::types::BotReplicaStatus;
use aws_lite::partnercentralselling::types::Tag;

#[test]
fn required_input_members_are_options_and_output_defaults_are_plain() {
    // @input relaxes @required: the builder always builds, validation reports the missing member at send().
    let input: StartCopyJobInput = StartCopyJobInput::builder().recovery_point_arn("arn").build();
    assert_eq!(input.recovery_point_arn(), Some("arn"));
    assert_eq!(input.iam_role_arn(), None);
    // `IsParent` has @default(false) on the output: a plain bool, false when absent.
    let output: StartCopyJobOutput = StartCopyJobOutput::builder().build();
    assert!(!output.is_parent());
    assert_eq!(output.copy_job_id(), None);
}

#[test]
fn required_member_of_a_plain_structure_makes_build_fallible() {
    let err = Tag::builder().key("env").build().unwrap_err();
    assert_eq!(err.to_string(), "Tag: member `Value` is required");
    let tag = Tag::builder().key("env").value("test").build().unwrap();
    assert_eq!((tag.key(), tag.value()), ("env", "test"));
}

#[test]
fn sensitive_members_are_redacted_in_debug() {
    let input = ReplicateInstanceInput::builder()
        .instance_id("instance-1")
        .replica_region("us-west-2")
        .replica_alias("very-secret-alias")
        .build();
    let text = format!("{input:?}");
    assert!(!text.contains("very-secret-alias"), "{text}");
    assert!(text.contains("*** Sensitive Data Redacted ***"), "{text}");
    assert!(text.contains("instance-1"), "non-sensitive members stay visible: {text}");
    let builder = ReplicateInstanceInput::builder().replica_alias("very-secret-alias");
    assert!(!format!("{builder:?}").contains("very-secret-alias"));
}

#[test]
fn unknown_enum_values_round_trip() {
    assert_eq!(BackupLifecycle::from("AVAILABLE"), BackupLifecycle::Available);
    let future = BackupLifecycle::from("HIBERNATING");
    assert!(matches!(future, BackupLifecycle::Unknown(_)));
    assert_eq!(future.as_str(), "HIBERNATING");
    assert_eq!(future.to_string(), "HIBERNATING");
    assert_ne!(future, BackupLifecycle::from("OTHER"));
    assert!(BackupLifecycle::values().contains(&"COPYING"));
    let parsed: BotReplicaStatus = "Enabling".parse().unwrap();
    assert_eq!(parsed, BotReplicaStatus::Enabling);
    assert_eq!(parsed.as_str(), "Enabling");
}
