//! `credential_process`: a profile names a command whose standard output is a JSON document
//! (`{"Version": 1, "AccessKeyId": .., "SecretAccessKey": .., "SessionToken": .., "Expiration": ..,
//! "AccountId": ..}`). The command runs through the shell (`sh -c`, `cmd.exe /C` on Windows) on a blocking
//! thread, with a time limit; its output is never logged or quoted in errors.

use crate::runtime::credentials::{
    Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
};
use crate::runtime::credentials_http::{json_str, parse_rfc3339};
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A process that has not answered after this long is killed.
pub const DEFAULT_PROCESS_TIMEOUT: Duration = Duration::from_secs(60);
/// Output beyond this is not a credentials document.
const MAX_OUTPUT: u64 = 64 * 1024;

/// Runs the command at each call (wrap in a cache).
pub struct ProcessCredentialsProvider {
    command: String,
    timeout: Duration,
}

impl std::fmt::Debug for ProcessCredentialsProvider {
    /// The command line may carry secrets as arguments: not shown.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProcessCredentialsProvider")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl ProcessCredentialsProvider {
    /// Runs `command` (a shell command line).
    pub fn new(command: impl Into<String>) -> Self {
        ProcessCredentialsProvider {
            command: command.into(),
            timeout: DEFAULT_PROCESS_TIMEOUT,
        }
    }

    /// Kills the process after `timeout`.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let command = self.command.clone();
        let timeout = self.timeout;
        let output = tokio::task::spawn_blocking(move || run(&command, timeout))
            .await
            .map_err(|e| CredentialsError::new("credential_process: the runner failed").caused_by(e))??;
        parse_output(&output)
    }
}

fn run(command: &str, timeout: Duration) -> Result<String, CredentialsError> {
    let mut cmd = if cfg!(windows) {
        let mut c = Command::new("cmd.exe");
        c.args(["/C", command]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", command]);
        c
    };
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| CredentialsError::invalid_configuration("credential_process: cannot start the command").caused_by(e))?;
    let stdout = child.stdout.take();
    // Read on another thread so a chatty process cannot block on a full pipe while we wait for it.
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let read = stdout.map(|s| s.take(MAX_OUTPUT + 1).read_to_string(&mut text));
        (read.is_some_and(|r| r.is_ok()), text)
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(CredentialsError::transient(format!(
                    "credential_process: no answer within {timeout:?}; killed"
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(CredentialsError::new("credential_process: cannot wait for the command").caused_by(e)),
        }
    };
    let (read_ok, text) = reader.join().unwrap_or((false, String::new()));
    if !status.success() {
        return Err(CredentialsError::new(format!("credential_process: the command failed ({status})")));
    }
    if !read_ok || text.len() as u64 > MAX_OUTPUT {
        return Err(CredentialsError::new("credential_process: the output is not UTF-8 text of at most 64 KiB"));
    }
    Ok(text)
}

fn parse_output(text: &str) -> Result<Credentials, CredentialsError> {
    const WHAT: &str = "credential_process";
    let doc: serde_json::Value = serde_json::from_str(text)
        .map_err(|_| CredentialsError::new("credential_process: the output is not JSON"))?;
    match doc.get("Version").and_then(serde_json::Value::as_u64) {
        Some(1) => {}
        _ => return Err(CredentialsError::new("credential_process: the output's Version must be 1")),
    }
    let expiry = match doc.get("Expiration").and_then(serde_json::Value::as_str) {
        Some(text) => Some(parse_rfc3339(text).ok_or_else(|| {
            CredentialsError::new(format!("credential_process: invalid Expiration `{text}`"))
        })?),
        None => None,
    };
    let token = doc
        .get("SessionToken")
        .and_then(serde_json::Value::as_str)
        .filter(|t| !t.is_empty())
        .map(str::to_owned);
    let credentials = Credentials::new(
        json_str(&doc, "AccessKeyId", WHAT)?,
        json_str(&doc, "SecretAccessKey", WHAT)?,
        token,
        expiry,
    );
    Ok(match doc.get("AccountId").and_then(serde_json::Value::as_str).filter(|a| !a.is_empty()) {
        Some(account) => credentials.with_account_id(account),
        None => credentials,
    })
}

impl ProvideCredentials for ProcessCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.load())
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[tokio::test]
    async fn runs_the_command_and_reads_its_document() {
        let ok = ProcessCredentialsProvider::new(
            r#"printf '{"Version":1,"AccessKeyId":"AKPROC","SecretAccessKey":"proc-secret","SessionToken":"proc-token","Expiration":"2030-01-01T00:00:00Z","AccountId":"444455556666"}'"#,
        );
        let c = ok.provide_credentials().await.expect("credentials");
        assert_eq!((c.access_key_id(), c.session_token(), c.account_id()), ("AKPROC", Some("proc-token"), Some("444455556666")));
        assert!(c.expiry().is_some());
        assert!(!format!("{ok:?}").contains("proc-secret"));
    }

    #[tokio::test]
    async fn failures_do_not_quote_the_output() {
        let cases = [
            ("echo proc-secret-output; exit 3", "failed"),
            ("echo 'proc-secret-output'", "not JSON"),
            (r#"printf '{"Version":2,"AccessKeyId":"A","SecretAccessKey":"proc-secret-output"}'"#, "Version must be 1"),
            (r#"printf '{"Version":1,"AccessKeyId":"A"}'"#, "SecretAccessKey"),
        ];
        for (command, expected) in cases {
            let err = ProcessCredentialsProvider::new(command).provide_credentials().await.expect_err(command);
            let text = err.to_string();
            assert!(text.contains(expected), "{command}: {text}");
            assert!(!text.contains("proc-secret-output"), "{text}");
        }
    }

    #[tokio::test]
    async fn a_hung_process_is_killed() {
        let slow = ProcessCredentialsProvider::new("sleep 30").with_timeout(Duration::from_millis(200));
        let started = Instant::now();
        let err = slow.provide_credentials().await.expect_err("timeout");
        assert!(err.is_transient() && started.elapsed() < Duration::from_secs(10), "{err}");
    }
}
