//! What a call logs: `RUST_LOG=aws_lite=debug cargo run -p tests --example traced_call` (or `=trace` for the
//! redacted headers too). The call goes to a loopback stub that answers 503 once, then 200, so the output
//! shows a retry.

use aws_lite::{backup, Config, Credentials};
use tests::stub_server::{Reply, StubServer};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let stub = StubServer::start(vec![
        Reply::json(503, "{}").with_header("x-amzn-requestid", "5f2b1c7e-busy"),
        Reply::json(200, r#"{"CopyJobId":"job-1"}"#).with_header("x-amzn-requestid", "9a41d2c0-done"),
    ])
    .await?;
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", Some("session-token".into()), None))
        .endpoint_url(stub.url())
        .retry_config(aws_lite::runtime::retry::RetryConfig::standard().with_initial_backoff(std::time::Duration::from_millis(20)))
        .build();
    let output = backup::Client::new(&config)
        .start_copy_job()
        .recovery_point_arn("arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45")
        .source_backup_vault_name("aBackupVault")
        .destination_backup_vault_arn("arn:aws:backup:us-west-2:123456789012:backup-vault:aBackupVault")
        .iam_role_arn("arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole")
        .send()
        .await;
    println!("{:?}", output.map(|o| o.copy_job_id().map(str::to_owned)));
    Ok(())
}
