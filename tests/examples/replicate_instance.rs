//! Replicates an Amazon Connect instance to another Region.
//!
//! `cargo run -p tests --example replicate_instance -- <instance-id-or-arn> <replica-region> <replica-alias>`
//! Region, credentials and endpoint come from the environment (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, ...,
//! `AWS_ENDPOINT_URL`) or the shared profile files.

#[path = "support/report.rs"]
mod report;

use aws_lite::{connect, Config};
use report::arg;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let client = connect::Client::new(&Config::from_env());
    let result = client
        .replicate_instance()
        .instance_id(arg(1, "4b1a9a3c-1f2e-4d5c-8b7a-0123456789ab"))
        .replica_region(arg(2, "us-west-2"))
        .replica_alias(arg(3, "my-replica"))
        .send()
        .await;
    match result {
        Ok(output) => {
            println!(
                "replica {} ({})",
                output.id().unwrap_or("(no id)"),
                output.arn().unwrap_or("(no arn)")
            );
            ExitCode::SUCCESS
        }
        Err(err) => report::failure(&err),
    }
}
