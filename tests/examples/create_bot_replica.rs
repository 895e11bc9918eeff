//! Replicates an Amazon Lex V2 bot to another Region.
//!
//! `cargo run -p tests --example create_bot_replica -- <bot-id> <replica-region>`
//! Region, credentials and endpoint come from the environment (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, ...,
//! `AWS_ENDPOINT_URL`) or the shared profile files.

#[path = "support/report.rs"]
mod report;

use aws_lite::{lexmodelsv2, Config};
use report::arg;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let client = lexmodelsv2::Client::new(&Config::from_env());
    let result = client
        .create_bot_replica()
        .bot_id(arg(1, "ABCDEFGHIJ"))
        .replica_region(arg(2, "us-west-2"))
        .send()
        .await;
    match result {
        Ok(output) => {
            println!(
                "bot {} replicating to {}: {:?}",
                output.bot_id().unwrap_or("?"),
                output.replica_region().unwrap_or("?"),
                output.bot_replica_status()
            );
            ExitCode::SUCCESS
        }
        Err(err) => report::failure(&err),
    }
}
