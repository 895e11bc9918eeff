//! The whole flow of an FSx backup copy: copy the backup into this Region, then wait until the copy is available.
//!
//! `cargo run -p tests --example copy_backup_and_wait -- <source-backup-id> <source-region>`
//! Region, credentials and endpoint come from the environment or the shared profile files.

#[path = "support/report.rs"]
mod report;
#[path = "support/wait.rs"]
mod wait;

use aws_lite::{fsx, Config};
use report::arg;
use std::process::ExitCode;
use std::time::Duration;

#[tokio::main]
async fn main() -> ExitCode {
    let client = fsx::Client::new(&Config::from_env());
    let copied = client
        .copy_backup()
        .source_backup_id(arg(1, "backup-0123456789abcdef0"))
        .source_region(arg(2, "us-east-1"))
        .copy_tags(true)
        .send()
        .await;
    let backup_id = match copied {
        Ok(output) => output
            .backup()
            .and_then(|b| b.backup_id())
            .unwrap_or_default()
            .to_owned(),
        Err(err) => return report::failure(&err),
    };
    println!("copying into backup {backup_id}; waiting for it to be available");
    // Polls DescribeBackups for this backup 30 s to 5 min apart until AVAILABLE (or FAILED / DELETED).
    let waited = client
        .wait_until_backup_available()
        .backup_ids(backup_id.clone())
        .wait(Duration::from_secs(6 * 3600))
        .await;
    match waited {
        Ok(_) => {
            println!("backup {backup_id} is available");
            ExitCode::SUCCESS
        }
        Err(err) => wait::failure(&err),
    }
}
