//! Typed test doubles (feature `test-util`) through the generated client's `send()`: rules matched on the typed
//! input, typed outputs and errors, raw HTTP answers parsed by the real deserializer, sequences through the
//! retry loop, both rule modes, call counts, and clear errors when nothing matches.

use aws_lite::backup::operation::start_copy_job::{StartCopyJobError, StartCopyJobOutput};
use aws_lite::backup::Client;
use aws_lite::runtime::error::{ErrorMetadata, ProvideErrorMetadata, SdkError};
use aws_lite::runtime::http::Response;
use aws_lite::runtime::interceptor::{AttemptContext, Intercept};
use aws_lite::runtime::mock::RuleMode;
use aws_lite::runtime::retry::RetryConfig;
use aws_lite::{mock, mock_client};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

const VAULT: &str = "arn:aws:backup:us-west-2:123456789012:backup-vault:aBackupVault";

async fn copy(client: &Client, vault: &str) -> Result<StartCopyJobOutput, SdkError<StartCopyJobError>> {
    client
        .start_copy_job()
        .recovery_point_arn("arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45")
        .source_backup_vault_name("aBackupVault")
        .destination_backup_vault_arn(vault)
        .iam_role_arn("arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole")
        .send()
        .await
}

fn job(id: &str) -> StartCopyJobOutput {
    StartCopyJobOutput::builder().copy_job_id(id).is_parent(false).build()
}

fn limit_exceeded() -> StartCopyJobError {
    StartCopyJobError::LimitExceededException(
        aws_lite::backup::error::LimitExceededException::builder().message("too many jobs").build(),
    )
}

#[tokio::test]
async fn typed_output_for_matching_input_and_call_counts() {
    let west = mock!(Client::start_copy_job)
        .match_requests(|input| input.destination_backup_vault_arn().is_some_and(|a| a.contains("us-west-2")))
        .then_output(|| job("west"));
    let other = mock!(Client::start_copy_job).then_output(|| job("other"));
    let client = mock_client!(aws_lite::backup, [&west, &other]);

    assert_eq!(copy(&client, VAULT).await.expect("mocked").copy_job_id(), Some("west"));
    assert_eq!(copy(&client, VAULT).await.expect("mocked").copy_job_id(), Some("west"));
    let east = VAULT.replace("us-west-2", "eu-west-1");
    assert_eq!(copy(&client, &east).await.expect("mocked").copy_job_id(), Some("other"));
    assert_eq!((west.num_calls(), other.num_calls()), (2, 1));
    assert_eq!(west.operation(), "StartCopyJob");
}

#[tokio::test]
async fn typed_modeled_error() {
    let rule = mock!(Client::start_copy_job).then_error(limit_exceeded);
    let client = mock_client!(aws_lite::backup, [&rule]);
    let error = copy(&client, VAULT).await.expect_err("mocked error");
    match &error {
        SdkError::Service(StartCopyJobError::LimitExceededException(e), response) => {
            assert_eq!(e.message(), Some("too many jobs"));
            assert_eq!(response.status(), 400);
        }
        other => panic!("expected the modeled error, got {other:?}"),
    }
    assert_eq!(rule.num_calls(), 1, "a typed error without a retryable code is not retried");
}

#[tokio::test]
async fn raw_http_answers_go_through_the_real_deserializer() {
    let ok = mock!(Client::start_copy_job).then_http_response(|| {
        Response::from_parts(200, [("content-type", "application/json")], r#"{"CopyJobId":"from-json","IsParent":true}"#)
    });
    let client = mock_client!(aws_lite::backup, [&ok]);
    let output = copy(&client, VAULT).await.expect("parsed");
    assert_eq!((output.copy_job_id(), output.is_parent()), (Some("from-json"), true));

    let error = mock!(Client::start_copy_job).then_http_response(|| {
        Response::from_parts(
            400,
            [("x-amzn-errortype", "LimitExceededException"), ("x-amzn-requestid", "req-9")],
            r#"{"Message":"slow down","Type":"quota"}"#,
        )
    });
    let client = mock_client!(aws_lite::backup, [&error]);
    match copy(&client, VAULT).await {
        Err(SdkError::Service(StartCopyJobError::LimitExceededException(e), _)) => {
            assert_eq!((e.message(), e.r#type(), e.meta().request_id()), (Some("slow down"), Some("quota"), Some("req-9")));
        }
        other => panic!("expected LimitExceededException, got {other:?}"),
    }

    let garbage = mock!(Client::start_copy_job).then_http_response(|| Response::from_parts(200, [], "not json"));
    let client = mock_client!(aws_lite::backup, [&garbage]);
    assert!(matches!(copy(&client, VAULT).await, Err(SdkError::Response(_))));
}

#[tokio::test]
async fn sequences_feed_the_retry_loop() {
    let rule = mock!(Client::start_copy_job)
        .sequence()
        .http_status(503, None)
        .times(2)
        .output(|| job("third time lucky"))
        .build();
    let client = mock_client!(aws_lite::backup, [&rule]);
    let output = copy(&client, VAULT).await.expect("retried twice, then answered");
    assert_eq!(output.copy_job_id(), Some("third time lucky"));
    assert_eq!(rule.num_calls(), 3);
    // The sequence has run out: the next call finds no answer.
    let error = copy(&client, VAULT).await.expect_err("exhausted");
    assert!(matches!(&error, SdkError::Construction(f) if f.message().contains("no mock rule matches")), "{error:?}");

    // With retries disabled by the config adjustment, the first 503 is the call's answer.
    let rule = mock!(Client::start_copy_job).sequence().http_status(503, None).output(|| job("never")).build();
    let client = mock_client!(aws_lite::backup, RuleMode::MatchAny, [&rule], |config| config
        .retry_config(RetryConfig::disabled()));
    assert!(matches!(copy(&client, VAULT).await, Err(SdkError::Service(_, ref r)) if r.status() == 503));
    assert_eq!(rule.num_calls(), 1);

    // A typed error whose metadata carries a throttling code is retried like the wire error would be.
    let rule = mock!(Client::start_copy_job)
        .sequence()
        .error(|| {
            StartCopyJobError::Unhandled(aws_lite::runtime::error::Unhandled::new(ErrorMetadata::new(
                Some("ThrottlingException".into()),
                None,
                None,
                Some(400),
            )))
        })
        .output(|| job("after throttling"))
        .repeatedly()
        .build();
    let client = mock_client!(aws_lite::backup, [&rule]);
    assert_eq!(copy(&client, VAULT).await.expect("retried").copy_job_id(), Some("after throttling"));
    assert_eq!(copy(&client, VAULT).await.expect("repeats").copy_job_id(), Some("after throttling"));
    assert_eq!(rule.num_calls(), 3);
}

#[tokio::test]
async fn sequential_mode_answers_in_order() {
    let first = mock!(Client::start_copy_job).then_output(|| job("1"));
    let second = mock!(Client::start_copy_job).then_error(limit_exceeded);
    let third = mock!(Client::start_copy_job)
        .match_requests(|input| input.destination_backup_vault_arn() == Some("nowhere"))
        .then_output(|| job("3"));
    let client = mock_client!(aws_lite::backup, RuleMode::Sequential, [&first, &second, &third]);
    assert_eq!(copy(&client, VAULT).await.expect("first").copy_job_id(), Some("1"));
    assert!(matches!(copy(&client, VAULT).await, Err(SdkError::Service(StartCopyJobError::LimitExceededException(_), _))));
    let error = copy(&client, VAULT).await.expect_err("the third rule does not match");
    assert!(
        matches!(&error, SdkError::Construction(f) if f.message().contains("current rule (number 3")),
        "{error:?}"
    );
    assert_eq!((first.num_calls(), second.num_calls(), third.num_calls()), (1, 1, 0));
}

#[tokio::test]
async fn invalid_input_is_rejected_before_any_rule_is_asked() {
    let rule = mock!(Client::start_copy_job).then_output(|| job("unused"));
    let client = mock_client!(aws_lite::backup, [&rule]);
    let error = client.start_copy_job().send().await.expect_err("required members missing");
    assert!(matches!(error, SdkError::Validation(_)), "{error:?}");
    assert_eq!(rule.num_calls(), 0);
}

/// Counts the attempts it sees.
#[derive(Debug, Default)]
struct CountAttempts(Arc<AtomicUsize>);

impl Intercept for CountAttempts {
    fn name(&self) -> &'static str {
        "count"
    }
    fn read_after_transmit(&self, _: &AttemptContext, _: &Response) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn mocked_calls_still_run_interceptors() {
    let seen = Arc::new(AtomicUsize::new(0));
    let rule = mock!(Client::start_copy_job).sequence().http_status(500, None).output(|| job("ok")).build();
    let counter = CountAttempts(seen.clone());
    let client = mock_client!(aws_lite::backup, RuleMode::MatchAny, [&rule]);
    let output = client
        .start_copy_job()
        .recovery_point_arn("arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45")
        .source_backup_vault_name("aBackupVault")
        .destination_backup_vault_arn(VAULT)
        .iam_role_arn("arn:aws:iam::123456789012:role/service-role/AWSBackupDefaultServiceRole")
        .customize()
        .interceptor(counter)
        .send()
        .await
        .expect("second attempt");
    assert_eq!(output.copy_job_id(), Some("ok"));
    assert_eq!(seen.load(Ordering::SeqCst), 2);
}

/// The waiter polls DescribeCopyJob through the normal `send()`, so a sequence of typed outputs drives it.
#[tokio::test(start_paused = true)]
async fn sequences_drive_waiters() {
    use aws_lite::backup::operation::describe_copy_job::DescribeCopyJobOutput;
    use aws_lite::backup::types::{CopyJob, CopyJobState};
    let state = |state: CopyJobState| {
        move || {
            DescribeCopyJobOutput::builder()
                .copy_job(CopyJob::builder().copy_job_id("job-1").state(state.clone()).build())
                .build()
        }
    };
    let polls = mock!(Client::describe_copy_job)
        .match_requests(|input| input.copy_job_id() == Some("job-1"))
        .sequence()
        .output(state(CopyJobState::Created))
        .output(state(CopyJobState::Running))
        .times(2)
        .output(state(CopyJobState::Completed))
        .build();
    let client = mock_client!(aws_lite::backup, [&polls]);
    let done = client
        .wait_until_copy_job_completed()
        .copy_job_id("job-1")
        .wait(std::time::Duration::from_secs(3600))
        .await
        .expect("completed");
    let final_state = done.as_result().ok().and_then(|o| o.copy_job.as_ref()).and_then(|j| j.state.clone());
    assert_eq!(final_state, Some(CopyJobState::Completed));
    assert_eq!(polls.num_calls(), 4);
}
