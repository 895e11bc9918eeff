//! Helpers shared by the `e2e_*` test binaries: a client config aimed at the loopback stub, the five
//! operations called with the botocore reference inputs, and an independent SigV4 checker.
#![allow(dead_code)] // each test binary uses a different subset

pub mod calls;
pub mod sigv4;

use aws_lite::runtime::config::TimeoutConfig;
use aws_lite::runtime::retry::RetryConfig;
use aws_lite::{Config, Credentials};
use std::path::PathBuf;
use std::time::Duration;

pub const ACCESS_KEY: &str = "AKIDEXAMPLE";
pub const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
pub const SESSION_TOKEN: &str = "session-token-EXAMPLE-secret";

/// Upper bound on any single call in these tests, so a regression hangs nothing.
pub const CALL_LIMIT: Duration = Duration::from_secs(10);

pub fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// Three attempts with 1-5 ms backoff.
pub fn fast_retries() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(3)
        .with_initial_backoff(ms(1))
        .with_max_backoff(ms(5))
}

/// A config for `region` that sends to `endpoint` with static keys, fast retries and short timeouts.
pub fn stub_config(endpoint: &str, region: &str) -> aws_lite::runtime::config::ConfigBuilder {
    Config::builder()
        .region(region)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
        .endpoint_url(endpoint)
        .retry_config(fast_retries())
        .timeout_config(
            TimeoutConfig::default()
                .with_connect_timeout(ms(1000))
                .with_attempt_timeout(ms(2000)),
        )
}

/// `$SHARED_DIR`, else `../shared` next to the workspace root.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// The botocore reference cases, or `None` (after one message) when the shared material is absent; a failure
/// instead under `CI=true`.
pub fn reference_cases() -> Option<Vec<serde_json::Value>> {
    let path = shared_dir().join("reference-requests/botocore.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        let message = format!("reference-request tests: {} not found (set SHARED_DIR to the shared material)", path.display());
        // A CI run must not pass by skipping.
        assert!(std::env::var("CI").map_or(true, |ci| ci != "true"), "{message}; CI=true requires it");
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| eprintln!("SKIPPED: {message}"));
        return None;
    };
    let doc: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    Some(doc["cases"].as_array().cloned().unwrap_or_default())
}

/// Whether `s` is a lower-case hyphenated UUID of version 4, variant RFC 4122.
pub fn is_uuid_v4(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    let lengths_ok = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12]);
    let hex_ok = groups.iter().all(|g| {
        g.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    });
    lengths_ok
        && hex_ok
        && groups[2].starts_with('4')
        && groups[3].starts_with(['8', '9', 'a', 'b'])
}

/// Runs `future` under [`CALL_LIMIT`].
pub async fn bounded<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(CALL_LIMIT, future)
        .await
        .expect("call did not finish within the test's time limit")
}

/// A valid StartCopyJob input without an idempotency token (the client generates one).
pub fn start_copy_job_input() -> serde_json::Value {
    serde_json::json!({
        "RecoveryPointArn": "arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45",
        "SourceBackupVaultName": "aBackupVault",
        "DestinationBackupVaultArn": "arn:aws:backup:us-west-2:123456789012:backup-vault:aBackupVault",
        "IamRoleArn": "arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole",
        "Lifecycle": {"MoveToColdStorageAfterDays": 30, "DeleteAfterDays": 120}
    })
}

/// A valid ReplicateInstance input without a client token.
pub fn replicate_instance_input() -> serde_json::Value {
    serde_json::json!({
        "InstanceId": "4b1a9a3c-1f2e-4d5c-8b7a-0123456789ab",
        "ReplicaRegion": "us-west-2",
        "ReplicaAlias": "my-replica"
    })
}

/// The value of `member` in each recorded JSON body.
pub fn body_member(requests: &[tests::stub_server::RecordedRequest], member: &str) -> Vec<String> {
    requests
        .iter()
        .map(|r| {
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
            body[member].as_str().unwrap_or_default().to_owned()
        })
        .collect()
}

/// Asserts every attempt carried the same generated idempotency token.
pub fn assert_one_token(requests: &[tests::stub_server::RecordedRequest], member: &str) {
    let tokens = body_member(requests, member);
    assert!(!tokens.is_empty());
    assert!(is_uuid_v4(&tokens[0]), "{tokens:?}");
    assert!(
        tokens.iter().all(|t| *t == tokens[0]),
        "token changed across attempts: {tokens:?}"
    );
}
