//! The whole flow of a Partner Central resource snapshot job: create it, start it, then wait for its first
//! snapshot.
//!
//! `cargo run -p tests --example create_resource_snapshot_job_and_wait -- <engagement-id> <opportunity-id> <template>`
//! Region, credentials and endpoint come from the environment or the shared profile files. Uses the `Sandbox`
//! catalog.

#[path = "support/report.rs"]
mod report;
#[path = "support/wait.rs"]
mod wait;

use aws_lite::partnercentralselling::types::ResourceType;
use aws_lite::{partnercentralselling, Config};
use report::arg;
use std::process::ExitCode;
use std::time::Duration;

#[tokio::main]
async fn main() -> ExitCode {
    let client = partnercentralselling::Client::new(&Config::from_env());
    let created = client
        .create_resource_snapshot_job()
        .catalog("Sandbox")
        .engagement_identifier(arg(1, "eng-abcdefghij1234"))
        .resource_type(ResourceType::Opportunity)
        .resource_identifier(arg(2, "O1234567"))
        .resource_snapshot_template_identifier(arg(3, "MyTemplate01"))
        .send()
        .await;
    let job_id = match created {
        Ok(output) => output.id().unwrap_or_default().to_owned(),
        Err(err) => return report::failure(&err),
    };
    if let Err(err) = client
        .start_resource_snapshot_job()
        .catalog("Sandbox")
        .resource_snapshot_job_identifier(&job_id)
        .send()
        .await
    {
        return report::failure(&err);
    }
    println!("snapshot job {job_id} started; waiting for its first snapshot");
    // Polls GetResourceSnapshotJob 5 s to 1 min apart until it has succeeded once (or reports a failure, or stops).
    let waited = client
        .wait_until_resource_snapshot_job_succeeded()
        .catalog("Sandbox")
        .resource_snapshot_job_identifier(&job_id)
        .wait(Duration::from_secs(900))
        .await;
    match waited {
        Ok(_) => {
            println!("snapshot job {job_id} took a snapshot");
            ExitCode::SUCCESS
        }
        Err(err) => wait::failure(&err),
    }
}
