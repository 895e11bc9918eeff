//! The five operations called through their fluent builders with inputs given as the reference file's
//! JSON (upstream member names), so every test sends exactly what botocore was given.

use aws_lite::runtime::error::SdkError;
use aws_lite::{backup, connect, fsx, lexmodelsv2, partnercentralselling, Config};
use serde_json::Value;

fn text(input: &Value, key: &str) -> Option<String> {
    input.get(key).and_then(Value::as_str).map(str::to_owned)
}

pub async fn start_copy_job(
    config: &Config,
    input: &Value,
) -> Result<
    backup::operation::start_copy_job::StartCopyJobOutput,
    SdkError<backup::operation::start_copy_job::StartCopyJobError>,
> {
    let lifecycle = input.get("Lifecycle").map(|l| {
        backup::types::Lifecycle::builder()
            .set_move_to_cold_storage_after_days(l["MoveToColdStorageAfterDays"].as_i64())
            .set_delete_after_days(l["DeleteAfterDays"].as_i64())
            .build()
    });
    backup::Client::new(config)
        .start_copy_job()
        .set_recovery_point_arn(text(input, "RecoveryPointArn"))
        .set_source_backup_vault_name(text(input, "SourceBackupVaultName"))
        .set_destination_backup_vault_arn(text(input, "DestinationBackupVaultArn"))
        .set_iam_role_arn(text(input, "IamRoleArn"))
        .set_idempotency_token(text(input, "IdempotencyToken"))
        .set_lifecycle(lifecycle)
        .send()
        .await
}

pub async fn replicate_instance(
    config: &Config,
    input: &Value,
) -> Result<
    connect::operation::replicate_instance::ReplicateInstanceOutput,
    SdkError<connect::operation::replicate_instance::ReplicateInstanceError>,
> {
    connect::Client::new(config)
        .replicate_instance()
        .set_instance_id(text(input, "InstanceId"))
        .set_replica_region(text(input, "ReplicaRegion"))
        .set_replica_alias(text(input, "ReplicaAlias"))
        .set_client_token(text(input, "ClientToken"))
        .send()
        .await
}

pub async fn create_bot_replica(
    config: &Config,
    input: &Value,
) -> Result<
    lexmodelsv2::operation::create_bot_replica::CreateBotReplicaOutput,
    SdkError<lexmodelsv2::operation::create_bot_replica::CreateBotReplicaError>,
> {
    lexmodelsv2::Client::new(config)
        .create_bot_replica()
        .set_bot_id(text(input, "botId"))
        .set_replica_region(text(input, "replicaRegion"))
        .send()
        .await
}

pub async fn create_resource_snapshot_job(
    config: &Config,
    input: &Value,
) -> Result<
    partnercentralselling::operation::create_resource_snapshot_job::CreateResourceSnapshotJobOutput,
    SdkError<
        partnercentralselling::operation::create_resource_snapshot_job::CreateResourceSnapshotJobError,
    >,
>{
    let tags = input.get("Tags").and_then(Value::as_array).map(|tags| {
        tags.iter()
            .map(|t| {
                partnercentralselling::types::Tag::builder()
                    .set_key(text(t, "Key"))
                    .set_value(text(t, "Value"))
                    .build()
                    .expect("reference tags have key and value")
            })
            .collect::<Vec<_>>()
    });
    partnercentralselling::Client::new(config)
        .create_resource_snapshot_job()
        .set_catalog(text(input, "Catalog"))
        .set_client_token(text(input, "ClientToken"))
        .set_engagement_identifier(text(input, "EngagementIdentifier"))
        .set_resource_type(text(input, "ResourceType").map(|t| t.as_str().into()))
        .set_resource_identifier(text(input, "ResourceIdentifier"))
        .set_resource_snapshot_template_identifier(text(
            input,
            "ResourceSnapshotTemplateIdentifier",
        ))
        .set_tags(tags)
        .send()
        .await
}

pub async fn copy_backup(
    config: &Config,
    input: &Value,
) -> Result<
    fsx::operation::copy_backup::CopyBackupOutput,
    SdkError<fsx::operation::copy_backup::CopyBackupError>,
> {
    let tags = input.get("Tags").and_then(Value::as_array).map(|tags| {
        tags.iter()
            .map(|t| {
                fsx::types::Tag::builder()
                    .set_key(text(t, "Key"))
                    .set_value(text(t, "Value"))
                    .build()
            })
            .collect::<Vec<_>>()
    });
    fsx::Client::new(config)
        .copy_backup()
        .set_client_request_token(text(input, "ClientRequestToken"))
        .set_source_backup_id(text(input, "SourceBackupId"))
        .set_source_region(text(input, "SourceRegion"))
        .set_kms_key_id(text(input, "KmsKeyId"))
        .set_copy_tags(input.get("CopyTags").and_then(Value::as_bool))
        .set_tags(tags)
        .send()
        .await
}

/// Sends the reference case's operation; `Err` carries the error's Display.
pub async fn send_reference(config: &Config, operation: &str, input: &Value) -> Result<(), String> {
    fn done<T, E: std::fmt::Display>(r: Result<T, E>) -> Result<(), String> {
        r.map(|_| ()).map_err(|e| e.to_string())
    }
    match operation {
        "StartCopyJob" => done(start_copy_job(config, input).await),
        "ReplicateInstance" => done(replicate_instance(config, input).await),
        "CreateBotReplica" => done(create_bot_replica(config, input).await),
        "CreateResourceSnapshotJob" => done(create_resource_snapshot_job(config, input).await),
        "CopyBackup" => done(copy_backup(config, input).await),
        other => Err(format!("no e2e call for operation {other}")),
    }
}

/// The member that carries the idempotency token of each operation (upstream name).
pub fn token_member(operation: &str) -> Option<&'static str> {
    match operation {
        "StartCopyJob" => Some("IdempotencyToken"),
        "ReplicateInstance" => Some("ClientToken"),
        "CreateResourceSnapshotJob" => Some("ClientToken"),
        "CopyBackup" => Some("ClientRequestToken"),
        _ => None,
    }
}
