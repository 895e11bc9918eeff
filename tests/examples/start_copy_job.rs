//! Copies a Backup recovery point to another vault (often in another Region).
//!
//! `cargo run -p tests --example start_copy_job -- <recovery-point-arn> <source-vault> <destination-vault-arn> <iam-role-arn>`
//! Region, credentials and endpoint come from the environment (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, ...,
//! `AWS_ENDPOINT_URL`) or the shared profile files.

#[path = "support/report.rs"]
mod report;

use aws_lite::{backup, Config};
use report::arg;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let client = backup::Client::new(&Config::from_env());
    let result = client
        .start_copy_job()
        .recovery_point_arn(arg(1, "arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45"))
        .source_backup_vault_name(arg(2, "aBackupVault"))
        .destination_backup_vault_arn(arg(3, "arn:aws:backup:us-west-2:123456789012:backup-vault:aBackupVault"))
        .iam_role_arn(arg(4, "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole"))
        .send()
        .await;
    match result {
        Ok(output) => {
            println!(
                "copy job {} started",
                output.copy_job_id().unwrap_or("(no id)")
            );
            ExitCode::SUCCESS
        }
        Err(err) => report::failure(&err),
    }
}
