//! The whole flow of a Lex V2 bot replica: create it, then wait until it is enabled.
//!
//! `cargo run -p tests --example create_bot_replica_and_wait -- <bot-id> <replica-region>`
//! Region, credentials and endpoint come from the environment or the shared profile files.

#[path = "support/report.rs"]
mod report;
#[path = "support/wait.rs"]
mod wait;

use aws_lite::{lexmodelsv2, Config};
use report::arg;
use std::process::ExitCode;
use std::time::Duration;

#[tokio::main]
async fn main() -> ExitCode {
    let client = lexmodelsv2::Client::new(&Config::from_env());
    let (bot_id, region) = (arg(1, "ABCDEFGHIJ"), arg(2, "us-west-2"));
    if let Err(err) = client
        .create_bot_replica()
        .bot_id(&bot_id)
        .replica_region(&region)
        .send()
        .await
    {
        return report::failure(&err);
    }
    println!("replicating bot {bot_id} to {region}; waiting for it to be enabled");
    // Polls DescribeBotReplica 10 s to 1 min apart until Enabled (or Failed / Deleting).
    let waited = client
        .wait_until_bot_replica_enabled()
        .bot_id(&bot_id)
        .replica_region(&region)
        .wait(Duration::from_secs(1800))
        .await;
    match waited {
        Ok(_) => {
            println!("replica of {bot_id} in {region} is enabled");
            ExitCode::SUCCESS
        }
        Err(err) => wait::failure(&err),
    }
}
