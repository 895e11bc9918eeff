//! The whole flow of an Amazon Connect instance replica: replicate, then wait until every Region reports the
//! replication complete.
//!
//! `cargo run -p tests --example replicate_instance_and_wait -- <instance-id> <replica-region> <replica-alias>`
//! Region, credentials and endpoint come from the environment or the shared profile files.

#[path = "support/report.rs"]
mod report;
#[path = "support/wait.rs"]
mod wait;

use aws_lite::{connect, Config};
use report::arg;
use std::process::ExitCode;
use std::time::Duration;

#[tokio::main]
async fn main() -> ExitCode {
    let client = connect::Client::new(&Config::from_env());
    let instance_id = arg(1, "4b1a9a3c-1f2e-4d5c-8b7a-0123456789ab");
    let started = client
        .replicate_instance()
        .instance_id(&instance_id)
        .replica_region(arg(2, "us-west-2"))
        .replica_alias(arg(3, "my-replica"))
        .send()
        .await;
    if let Err(err) = started {
        return report::failure(&err);
    }
    println!("replicating instance {instance_id}; waiting for every Region");
    // Polls DescribeInstance of the source instance 30 s to 2 min apart.
    let waited = client
        .wait_until_instance_replicated()
        .instance_id(&instance_id)
        .wait(Duration::from_secs(3600))
        .await;
    match waited {
        Ok(_) => {
            println!("instance {instance_id} is replicated");
            ExitCode::SUCCESS
        }
        Err(err) => wait::failure(&err),
    }
}
