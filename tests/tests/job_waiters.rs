//! The five job waiters of `models/` (our additions in `models/fixes.json`), each through the generated client's
//! `wait_until_*` on scripted responses under a paused clock: the states that keep it polling, the state that
//! ends it with success, the ones that end it with failure, and delays within the model's minDelay..maxDelay.
use aws_lite::runtime::test_util::ScriptedClient;
use aws_lite::runtime::waiter::WaiterError;
use std::time::Duration;

const REST_JSON: &[(&str, &str)] = &[("content-type", "application/json")];
const JSON_1_0: &[(&str, &str)] = &[("content-type", "application/x-amz-json-1.0")];
const JSON_1_1: &[(&str, &str)] = &[("content-type", "application/x-amz-json-1.1")];
/// Long enough for every scripted sequence at the longest delays (5 minutes apart).
const MAX_WAIT: Duration = Duration::from_secs(3 * 3600);

fn scripted(headers: &'static [(&'static str, &'static str)], bodies: &[String]) -> ScriptedClient {
    ScriptedClient::new(bodies.iter().map(|body| (200, headers, body.as_str())))
}

/// Every gap between polls lies within the waiter's delays.
fn assert_delays(http: &ScriptedClient, min: u64, max: u64) {
    for pair in http.request_offsets().windows(2) {
        let gap = pair[1] - pair[0];
        assert!(
            gap >= Duration::from_secs(min) && gap <= Duration::from_secs(max),
            "gap {gap:?} outside {min}..{max} s"
        );
    }
}

fn is_failure_state<O: std::fmt::Debug, E: std::fmt::Debug>(
    result: &Result<impl std::fmt::Debug, WaiterError<O, E>>,
) -> bool {
    matches!(result, Err(WaiterError::FailureState(_)))
}

fn copy_job(state: &str) -> String {
    format!(r#"{{"CopyJob": {{"CopyJobId": "job-1", "State": "{state}"}}}}"#)
}

#[tokio::test(start_paused = true)]
async fn copy_job_completed() {
    let http = scripted(
        REST_JSON,
        &[
            copy_job("CREATED"),
            copy_job("RUNNING"),
            copy_job("COMPLETED"),
        ],
    );
    let backup = aws_lite::backup::Client::new(&http.config("us-east-1"));
    let done = backup
        .wait_until_copy_job_completed()
        .copy_job_id("job-1")
        .wait(MAX_WAIT)
        .await
        .expect("completed");
    let state = done
        .as_result()
        .ok()
        .and_then(|o| o.copy_job.as_ref())
        .and_then(|j| j.state.as_ref())
        .map(|s| s.as_str().to_owned());
    assert_eq!(state.as_deref(), Some("COMPLETED"));
    let requests = http.requests();
    assert_eq!(requests.len(), 3);
    assert!(
        requests
            .iter()
            .all(|r| r.uri().path() == "/copy-jobs/job-1"),
        "every poll describes the job"
    );
    assert_delays(&http, 30, 300);

    for failed in ["FAILED", "PARTIAL"] {
        let http = scripted(REST_JSON, &[copy_job("RUNNING"), copy_job(failed)]);
        let backup = aws_lite::backup::Client::new(&http.config("us-east-1"));
        let result = backup
            .wait_until_copy_job_completed()
            .copy_job_id("job-1")
            .wait(MAX_WAIT)
            .await;
        assert!(is_failure_state(&result), "{failed}: {result:?}");
        assert_eq!(http.requests().len(), 2);
    }
}

fn replication(statuses: &[&str]) -> String {
    let regions: Vec<String> = statuses
        .iter()
        .enumerate()
        .map(|(i, s)| format!(r#"{{"Region": "region-{i}", "ReplicationStatus": "{s}"}}"#))
        .collect();
    format!(
        r#"{{"Instance": {{"Id": "i-1"}}, "ReplicationConfiguration": {{"ReplicationStatusSummaryList": [{}]}}}}"#,
        regions.join(",")
    )
}

#[tokio::test(start_paused = true)]
async fn instance_replicated() {
    let not_replicated = r#"{"Instance": {"Id": "i-1"}}"#.to_string();
    let http = scripted(
        REST_JSON,
        &[
            not_replicated,
            replication(&[]),
            replication(&[
                "INSTANCE_REPLICATION_COMPLETE",
                "INSTANCE_REPLICATION_IN_PROGRESS",
            ]),
            replication(&[
                "INSTANCE_REPLICATION_COMPLETE",
                "INSTANCE_REPLICATION_COMPLETE",
            ]),
        ],
    );
    let connect = aws_lite::connect::Client::new(&http.config("us-east-1"));
    connect
        .wait_until_instance_replicated()
        .instance_id("i-1")
        .wait(MAX_WAIT)
        .await
        .expect("replicated");
    assert_eq!(
        http.requests().len(),
        4,
        "no list, an empty list and a partly replicated list keep polling"
    );
    assert!(http
        .requests()
        .iter()
        .all(|r| r.uri().path() == "/instance/i-1"));
    assert_delays(&http, 30, 120);

    let http = scripted(
        REST_JSON,
        &[replication(&[
            "INSTANCE_REPLICATION_COMPLETE",
            "INSTANCE_REPLICATION_FAILED",
        ])],
    );
    let connect = aws_lite::connect::Client::new(&http.config("us-east-1"));
    let result = connect
        .wait_until_instance_replicated()
        .instance_id("i-1")
        .wait(MAX_WAIT)
        .await;
    assert!(
        is_failure_state(&result),
        "one failed Region fails the wait: {result:?}"
    );
}

fn bot_replica(status: &str) -> String {
    format!(
        r#"{{"botId": "ABCDEFGHIJ", "replicaRegion": "us-west-2", "botReplicaStatus": "{status}"}}"#
    )
}

#[tokio::test(start_paused = true)]
async fn bot_replica_enabled() {
    let http = scripted(
        REST_JSON,
        &[
            bot_replica("Enabling"),
            bot_replica("Enabling"),
            bot_replica("Enabled"),
        ],
    );
    let lex = aws_lite::lexmodelsv2::Client::new(&http.config("us-east-1"));
    lex.wait_until_bot_replica_enabled()
        .bot_id("ABCDEFGHIJ")
        .replica_region("us-west-2")
        .wait(MAX_WAIT)
        .await
        .expect("enabled");
    assert_eq!(http.requests().len(), 3);
    assert!(http
        .requests()
        .iter()
        .all(|r| r.uri().path() == "/bots/ABCDEFGHIJ/replicas/us-west-2"));
    assert_delays(&http, 10, 60);

    for failed in ["Failed", "Deleting"] {
        let http = scripted(REST_JSON, &[bot_replica(failed)]);
        let lex = aws_lite::lexmodelsv2::Client::new(&http.config("us-east-1"));
        let result = lex
            .wait_until_bot_replica_enabled()
            .bot_id("ABCDEFGHIJ")
            .replica_region("us-west-2")
            .wait(MAX_WAIT)
            .await;
        assert!(is_failure_state(&result), "{failed}: {result:?}");
    }
}

fn snapshot_job(extra: &str) -> String {
    format!(r#"{{"Catalog": "AWS", "Id": "job-abcdefghijklm", "Status": "Running"{extra}}}"#)
}

#[tokio::test(start_paused = true)]
async fn resource_snapshot_job_succeeded() {
    let http = scripted(
        JSON_1_0,
        &[
            snapshot_job(""),
            snapshot_job(r#", "LastFailure": """#),
            snapshot_job(
                r#", "LastFailure": "", "LastSuccessfulExecutionDate": "2024-05-01T10:00:00Z""#,
            ),
        ],
    );
    let partner = aws_lite::partnercentralselling::Client::new(&http.config("us-east-1"));
    partner
        .wait_until_resource_snapshot_job_succeeded()
        .catalog("AWS")
        .resource_snapshot_job_identifier("job-abcdefghijklm")
        .wait(MAX_WAIT)
        .await
        .expect("a snapshot was taken");
    assert_eq!(
        http.requests().len(),
        3,
        "a running job without a snapshot, or with an empty failure, keeps polling"
    );
    assert_delays(&http, 5, 60);

    let failures = [
        snapshot_job(r#", "LastFailure": "template not found""#),
        snapshot_job(
            r#", "LastFailure": "boom", "LastSuccessfulExecutionDate": "2024-05-01T10:00:00Z""#,
        ),
        r#"{"Catalog": "AWS", "Status": "Stopped"}"#.to_string(),
    ];
    for body in failures {
        let http = scripted(JSON_1_0, std::slice::from_ref(&body));
        let partner = aws_lite::partnercentralselling::Client::new(&http.config("us-east-1"));
        let result = partner
            .wait_until_resource_snapshot_job_succeeded()
            .catalog("AWS")
            .resource_snapshot_job_identifier("job-abcdefghijklm")
            .wait(MAX_WAIT)
            .await;
        assert!(is_failure_state(&result), "{body}: {result:?}");
    }
}

fn backups(lifecycles: &[&str]) -> String {
    let backups: Vec<String> = lifecycles
        .iter()
        .enumerate()
        .map(|(i, l)| {
            format!(
                r#"{{"BackupId": "backup-0a1b2c3d4e5f6a7b{i}", "Lifecycle": "{l}", "Type": "USER_INITIATED", "CreationTime": 1700000000, "FileSystem": {{}}}}"#
            )
        })
        .collect();
    format!(r#"{{"Backups": [{}]}}"#, backups.join(","))
}

#[tokio::test(start_paused = true)]
async fn backup_available() {
    let http = scripted(
        JSON_1_1,
        &[
            backups(&["PENDING", "COPYING"]),
            backups(&["AVAILABLE", "TRANSFERRING"]),
            backups(&["AVAILABLE", "AVAILABLE"]),
        ],
    );
    let fsx = aws_lite::fsx::Client::new(&http.config("us-east-1"));
    let done = fsx
        .wait_until_backup_available()
        .backup_ids("backup-0a1b2c3d4e5f6a7b0")
        .backup_ids("backup-0a1b2c3d4e5f6a7b1")
        .wait(MAX_WAIT)
        .await
        .expect("available");
    assert_eq!(
        done.as_result()
            .ok()
            .and_then(|o| o.backups.as_ref())
            .map(Vec::len),
        Some(2)
    );
    assert_eq!(http.requests().len(), 3);
    let body = String::from_utf8_lossy(http.requests()[0].body()).into_owned();
    assert_eq!(
        body, r#"{"BackupIds":["backup-0a1b2c3d4e5f6a7b0","backup-0a1b2c3d4e5f6a7b1"]}"#,
        "every poll describes the awaited backups"
    );
    assert_delays(&http, 30, 300);

    for failed in ["FAILED", "DELETED"] {
        let http = scripted(JSON_1_1, &[backups(&["AVAILABLE", failed])]);
        let fsx = aws_lite::fsx::Client::new(&http.config("us-east-1"));
        let result = fsx
            .wait_until_backup_available()
            .backup_ids("backup-0a1b2c3d4e5f6a7b0")
            .wait(MAX_WAIT)
            .await;
        assert!(is_failure_state(&result), "{failed}: {result:?}");
    }
}
