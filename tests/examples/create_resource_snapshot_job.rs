//! Starts a Partner Central resource snapshot job for an engagement's opportunity.
//!
//! `cargo run -p tests --example create_resource_snapshot_job -- <engagement-id> <opportunity-id> <template>`
//! Region, credentials and endpoint come from the environment (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, ...,
//! `AWS_ENDPOINT_URL`) or the shared profile files. Uses the `Sandbox` catalog.

#[path = "support/report.rs"]
mod report;

use aws_lite::partnercentralselling::types::ResourceType;
use aws_lite::{partnercentralselling, Config};
use report::arg;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let client = partnercentralselling::Client::new(&Config::from_env());
    let result = client
        .create_resource_snapshot_job()
        .catalog("Sandbox")
        .engagement_identifier(arg(1, "eng-abcdefghij1234"))
        .resource_type(ResourceType::Opportunity)
        .resource_identifier(arg(2, "O1234567"))
        .resource_snapshot_template_identifier(arg(3, "MyTemplate01"))
        .send()
        .await;
    match result {
        Ok(output) => {
            println!(
                "snapshot job {} ({})",
                output.id().unwrap_or("(no id)"),
                output.arn().unwrap_or("(no arn)")
            );
            ExitCode::SUCCESS
        }
        Err(err) => report::failure(&err),
    }
}
