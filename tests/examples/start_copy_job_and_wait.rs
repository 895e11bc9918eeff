//! The whole flow of a Backup copy job: start it, then wait until it has completed.
//!
//! `cargo run -p tests --example start_copy_job_and_wait -- <recovery-point-arn> <source-vault> <destination-vault-arn> <iam-role-arn>`
//! Region, credentials and endpoint come from the environment or the shared profile files.

#[path = "support/report.rs"]
mod report;
#[path = "support/wait.rs"]
mod wait;

use aws_lite::{backup, Config};
use report::arg;
use std::process::ExitCode;
use std::time::Duration;

#[tokio::main]
async fn main() -> ExitCode {
    let client = backup::Client::new(&Config::from_env());
    let started = client
        .start_copy_job()
        .recovery_point_arn(arg(1, "arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45"))
        .source_backup_vault_name(arg(2, "aBackupVault"))
        .destination_backup_vault_arn(arg(3, "arn:aws:backup:us-west-2:123456789012:backup-vault:aBackupVault"))
        .iam_role_arn(arg(4, "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole"))
        .send()
        .await;
    let job_id = match started {
        Ok(output) => output.copy_job_id().unwrap_or_default().to_owned(),
        Err(err) => return report::failure(&err),
    };
    println!("copy job {job_id} started; waiting for it to complete");
    // Polls DescribeCopyJob 30 s to 5 min apart until COMPLETED (or FAILED / PARTIAL).
    match client
        .wait_until_copy_job_completed()
        .copy_job_id(&job_id)
        .wait(Duration::from_secs(4 * 3600))
        .await
    {
        Ok(_) => {
            println!("copy job {job_id} completed");
            ExitCode::SUCCESS
        }
        Err(err) => wait::failure(&err),
    }
}
