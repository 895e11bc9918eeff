//! Copies an Amazon FSx backup from another Region into the configured Region.
//!
//! `cargo run -p tests --example copy_backup -- <source-backup-id> <source-region>`
//! Region (the destination), credentials and endpoint come from the environment (`AWS_REGION`,
//! `AWS_ACCESS_KEY_ID`, ..., `AWS_ENDPOINT_URL`) or the shared profile files.

#[path = "support/report.rs"]
mod report;

use aws_lite::fsx::types::Tag;
use aws_lite::{fsx, Config};
use report::arg;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let client = fsx::Client::new(&Config::from_env());
    let result = client
        .copy_backup()
        .source_backup_id(arg(1, "backup-0123456789abcdef0"))
        .source_region(arg(2, "us-east-1"))
        .copy_tags(true)
        // List members take one element per call (`set_tags(Some(vec))` replaces the whole list).
        .tags(Tag::builder().key("copied-by").value("aws-lite-example").build())
        .send()
        .await;
    match result {
        Ok(output) => {
            let backup = output.backup();
            println!(
                "backup copy {} is {:?}",
                backup.and_then(|b| b.backup_id()).unwrap_or("(no id)"),
                backup.and_then(|b| b.lifecycle())
            );
            ExitCode::SUCCESS
        }
        Err(err) => report::failure(&err),
    }
}
