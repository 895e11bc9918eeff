//! Every modeled error of the five operations, sent by the stub the way the service sends it, parses into its
//! variant with its members; unknown codes become `Unhandled` with code, message, status and request id.

mod e2e_support;

use aws_lite::runtime::error::{ProvideErrorMetadata, SdkError};
use aws_lite::runtime::retry::RetryConfig;
use aws_lite::Config;
use e2e_support::{bounded, calls, replicate_instance_input, start_copy_job_input, stub_config};
use serde_json::{json, Value};
use std::future::Future;
use tests::stub_server::{Reply, StubServer};

use aws_lite::backup::operation::start_copy_job::StartCopyJobError as Backup;
use aws_lite::connect::operation::replicate_instance::ReplicateInstanceError as Connect;
use aws_lite::fsx::operation::copy_backup::CopyBackupError as Fsx;
use aws_lite::lexmodelsv2::operation::create_bot_replica::CreateBotReplicaError as Lex;
use aws_lite::partnercentralselling::operation::create_resource_snapshot_job::CreateResourceSnapshotJobError as Pc;

const REQUEST_ID: &str = "5f1c2f9e-0000-4000-8000-00000000abcd";

/// Sends one call (retries disabled) to a stub answering `status`/`body`/`headers` and returns the error.
async fn error_of<T, E, F, Fut>(
    status: u16,
    body: &Value,
    headers: &[(&str, &str)],
    call: F,
) -> SdkError<E>
where
    T: std::fmt::Debug,
    F: FnOnce(Config) -> Fut,
    Fut: Future<Output = Result<T, SdkError<E>>>,
{
    let mut reply =
        Reply::json(status, &body.to_string()).with_header("x-amzn-RequestId", REQUEST_ID);
    for (name, value) in headers {
        reply = reply.with_header(name, value);
    }
    let stub = StubServer::start(vec![reply]).await.expect("stub");
    let config = stub_config(stub.url(), "us-east-1")
        .retry_config(RetryConfig::disabled())
        .build();
    let result = bounded(call(config)).await;
    assert_eq!(stub.request_count(), 1);
    match result {
        Ok(output) => panic!("expected an error, got {output:?}"),
        Err(e) => e,
    }
}

/// Checks what every service error shares: code, message, request id, status and `Code: message` Display.
fn assert_common<E: ProvideErrorMetadata + std::fmt::Display + std::fmt::Debug>(
    err: &SdkError<E>,
    code: &str,
    message: &str,
    status: u16,
) {
    let service = err
        .as_service_error()
        .unwrap_or_else(|| panic!("{code}: not a service error: {err:?}"));
    assert_eq!(service.meta().code(), Some(code), "{err:?}");
    assert_eq!(service.meta().message(), Some(message), "{code}");
    assert_eq!(service.meta().request_id(), Some(REQUEST_ID), "{code}");
    assert_eq!(service.meta().status(), Some(status), "{code}");
    assert_eq!(service.to_string(), format!("{code}: {message}"));
    assert_eq!(err.to_string(), format!("{code}: {message}"));
    assert_eq!(err.raw_response().map(|r| r.status()), Some(status));
}

#[tokio::test]
async fn backup_errors_from_header_or_body() {
    let codes = [
        ("InvalidParameterValueException", 400),
        ("InvalidRequestException", 400),
        ("LimitExceededException", 400),
        ("MissingParameterValueException", 400),
        ("ResourceNotFoundException", 400),
        ("ServiceUnavailableException", 500),
    ];
    for (i, (code, status)) in codes.into_iter().enumerate() {
        let message = format!("{code} happened");
        let mut body = json!({"Code": code, "Message": message, "Type": "User", "Context": "vault aBackupVault"});
        // Alternate where the code comes from: the restJson header (with its URL suffix), or the body's
        // `__type` (the `Code` and `Type` members are data: they never name the error).
        let header = format!("{code}:http://internal.amazon.com/coral/com.amazonaws.backup/");
        let headers: &[(&str, &str)] = if i % 2 == 0 {
            &[("x-amzn-errortype", &header)]
        } else {
            body["__type"] = json!(format!("com.amazonaws.backup#{code}"));
            &[]
        };
        let err = error_of(status, &body, headers, |c| async move {
            calls::start_copy_job(&c, &start_copy_job_input()).await
        })
        .await;
        assert_common(&err, code, &message, status);
        let (name, fields) = match err.as_service_error() {
            Some(Backup::InvalidParameterValueException(e)) => (
                "InvalidParameterValueException",
                (&e.message, &e.r#type, &e.context),
            ),
            Some(Backup::InvalidRequestException(e)) => (
                "InvalidRequestException",
                (&e.message, &e.r#type, &e.context),
            ),
            Some(Backup::LimitExceededException(e)) => (
                "LimitExceededException",
                (&e.message, &e.r#type, &e.context),
            ),
            Some(Backup::MissingParameterValueException(e)) => (
                "MissingParameterValueException",
                (&e.message, &e.r#type, &e.context),
            ),
            Some(Backup::ResourceNotFoundException(e)) => (
                "ResourceNotFoundException",
                (&e.message, &e.r#type, &e.context),
            ),
            Some(Backup::ServiceUnavailableException(e)) => (
                "ServiceUnavailableException",
                (&e.message, &e.r#type, &e.context),
            ),
            other => panic!("{code}: wrong variant {other:?}"),
        };
        assert_eq!(name, code);
        assert_eq!(fields.0.as_deref(), Some(message.as_str()));
        assert_eq!(fields.1.as_deref(), Some("User"));
        assert_eq!(fields.2.as_deref(), Some("vault aBackupVault"));
    }
}

#[tokio::test]
async fn connect_errors_with_reasons() {
    let codes = [
        ("AccessDeniedException", 403),
        ("InternalServiceException", 500),
        ("InvalidRequestException", 400),
        ("ResourceConflictException", 409),
        ("ResourceNotFoundException", 404),
        ("ResourceNotReadyException", 409),
        ("ServiceQuotaExceededException", 402),
        ("ThrottlingException", 429),
    ];
    for (code, status) in codes {
        let message = format!("{code} happened");
        let mut body = json!({"Message": message});
        if code == "InvalidRequestException" {
            body["Reason"] =
                json!({"AttachedFileInvalidRequestExceptionReason": "INVALID_FILE_NAME"});
        }
        if code == "ServiceQuotaExceededException" {
            body["Reason"] = json!({"AttachedFileServiceQuotaExceededExceptionReason": "TOTAL_FILE_COUNT_EXCEEDED"});
        }
        let err = error_of(
            status,
            &body,
            &[("x-amzn-errortype", code)],
            |c| async move { calls::replicate_instance(&c, &replicate_instance_input()).await },
        )
        .await;
        assert_common(&err, code, &message, status);
        let (name, got_message) = match err.as_service_error() {
            Some(Connect::AccessDeniedException(e)) => ("AccessDeniedException", &e.message),
            Some(Connect::InternalServiceException(e)) => ("InternalServiceException", &e.message),
            Some(Connect::InvalidRequestException(e)) => {
                use aws_lite::connect::types::{
                    AttachedFileInvalidRequestExceptionReason as File,
                    InvalidRequestExceptionReason as Reason,
                };
                assert!(
                    matches!(
                        e.reason,
                        Some(Reason::AttachedFileInvalidRequestExceptionReason(
                            File::InvalidFileName
                        ))
                    ),
                    "{:?}",
                    e.reason
                );
                ("InvalidRequestException", &e.message)
            }
            Some(Connect::ResourceConflictException(e)) => {
                ("ResourceConflictException", &e.message)
            }
            Some(Connect::ResourceNotFoundException(e)) => {
                ("ResourceNotFoundException", &e.message)
            }
            Some(Connect::ResourceNotReadyException(e)) => {
                ("ResourceNotReadyException", &e.message)
            }
            Some(Connect::ServiceQuotaExceededException(e)) => {
                use aws_lite::connect::types::{
                    AttachedFileServiceQuotaExceededExceptionReason as File,
                    ServiceQuotaExceededExceptionReason as Reason,
                };
                assert!(
                    matches!(
                        e.reason,
                        Some(Reason::AttachedFileServiceQuotaExceededExceptionReason(
                            File::TotalFileCountExceeded
                        ))
                    ),
                    "{:?}",
                    e.reason
                );
                ("ServiceQuotaExceededException", &e.message)
            }
            Some(Connect::ThrottlingException(e)) => ("ThrottlingException", &e.message),
            other => panic!("{code}: wrong variant {other:?}"),
        };
        assert_eq!(name, code);
        assert_eq!(got_message.as_deref(), Some(message.as_str()));
    }
}

#[tokio::test]
async fn lex_errors_and_retry_after_header() {
    let codes = [
        ("ConflictException", 409),
        ("InternalServerException", 500),
        ("PreconditionFailedException", 412),
        ("ServiceQuotaExceededException", 402),
        ("ThrottlingException", 429),
        ("ValidationException", 400),
    ];
    let input = json!({"botId": "ABCDEFGHIJ", "replicaRegion": "us-west-2"});
    for (code, status) in codes {
        let message = format!("{code} happened");
        let body = json!({"message": message});
        let input = input.clone();
        let err = error_of(
            status,
            &body,
            &[("x-amzn-errortype", code), ("Retry-After", "7")],
            |c| async move { calls::create_bot_replica(&c, &input).await },
        )
        .await;
        assert_common(&err, code, &message, status);
        let (name, got_message) = match err.as_service_error() {
            Some(Lex::ConflictException(e)) => ("ConflictException", &e.message),
            Some(Lex::InternalServerException(e)) => ("InternalServerException", &e.message),
            Some(Lex::PreconditionFailedException(e)) => {
                ("PreconditionFailedException", &e.message)
            }
            Some(Lex::ServiceQuotaExceededException(e)) => {
                ("ServiceQuotaExceededException", &e.message)
            }
            Some(Lex::ThrottlingException(e)) => {
                assert_eq!(
                    e.retry_after_seconds, 7,
                    "Retry-After header binds to retryAfterSeconds"
                );
                ("ThrottlingException", &e.message)
            }
            Some(Lex::ValidationException(e)) => ("ValidationException", &e.message),
            other => panic!("{code}: wrong variant {other:?}"),
        };
        assert_eq!(name, code);
        assert_eq!(got_message.as_deref(), Some(message.as_str()));
    }
}

#[tokio::test]
async fn fsx_errors_from_qualified_type() {
    let codes = [
        "BackupNotFound",
        "BadRequest",
        "IncompatibleParameterError",
        "IncompatibleRegionForMultiAZ",
        "InternalServerError",
        "InvalidDestinationKmsKey",
        "InvalidRegion",
        "InvalidSourceKmsKey",
        "ServiceLimitExceeded",
        "SourceBackupUnavailable",
        "UnsupportedOperation",
    ];
    let input = json!({"SourceBackupId": "backup-0123456789abcdef0"});
    for code in codes {
        let message = format!("{code} happened");
        let status = if code == "InternalServerError" {
            500
        } else {
            400
        };
        let body = json!({
            "__type": format!("com.amazonaws.fsx#{code}"),
            "Message": message,
            "Parameter": "KmsKeyId",
            "Limit": "TOTAL_IN_PROGRESS_COPY_BACKUPS",
            "BackupId": "backup-0123456789abcdef0",
        });
        let input = input.clone();
        let err = error_of(status, &body, &[], |c| async move {
            calls::copy_backup(&c, &input).await
        })
        .await;
        assert_common(&err, code, &message, status);
        let (name, got_message) = match err.as_service_error() {
            Some(Fsx::BackupNotFound(e)) => ("BackupNotFound", &e.message),
            Some(Fsx::BadRequest(e)) => ("BadRequest", &e.message),
            Some(Fsx::IncompatibleParameterError(e)) => {
                assert_eq!(e.parameter.as_deref(), Some("KmsKeyId"));
                ("IncompatibleParameterError", &e.message)
            }
            Some(Fsx::IncompatibleRegionForMultiAz(e)) => {
                ("IncompatibleRegionForMultiAZ", &e.message)
            }
            Some(Fsx::InternalServerError(e)) => ("InternalServerError", &e.message),
            Some(Fsx::InvalidDestinationKmsKey(e)) => ("InvalidDestinationKmsKey", &e.message),
            Some(Fsx::InvalidRegion(e)) => ("InvalidRegion", &e.message),
            Some(Fsx::InvalidSourceKmsKey(e)) => ("InvalidSourceKmsKey", &e.message),
            Some(Fsx::ServiceLimitExceeded(e)) => {
                assert_eq!(
                    e.limit.as_ref().map(|l| l.as_str()),
                    Some("TOTAL_IN_PROGRESS_COPY_BACKUPS")
                );
                ("ServiceLimitExceeded", &e.message)
            }
            Some(Fsx::SourceBackupUnavailable(e)) => {
                assert_eq!(e.backup_id.as_deref(), Some("backup-0123456789abcdef0"));
                ("SourceBackupUnavailable", &e.message)
            }
            Some(Fsx::UnsupportedOperation(e)) => ("UnsupportedOperation", &e.message),
            other => panic!("{code}: wrong variant {other:?}"),
        };
        assert_eq!(name, code);
        assert_eq!(got_message.as_deref(), Some(message.as_str()));
    }
}

fn partner_input() -> Value {
    json!({
        "Catalog": "AWS",
        "EngagementIdentifier": "eng-abcdefghij1234",
        "ResourceType": "Opportunity",
        "ResourceIdentifier": "O1234567",
        "ResourceSnapshotTemplateIdentifier": "MyTemplate01"
    })
}

#[tokio::test]
async fn partner_central_errors_and_validation_details() {
    let codes = [
        ("AccessDeniedException", 403),
        ("ConflictException", 409),
        ("ResourceNotFoundException", 404),
        ("ServiceQuotaExceededException", 402),
        ("ThrottlingException", 429),
        ("ValidationException", 400),
    ];
    for (code, status) in codes {
        let message = format!("{code} happened");
        let body = json!({
            "__type": format!("com.amazonaws.partnercentralselling#{code}"),
            "Message": message,
            "Reason": "REQUEST_VALIDATION_FAILED",
            "ErrorList": [{"FieldName": "Catalog", "Message": "unknown catalog", "Code": "INVALID_ENUM_VALUE"}],
        });
        let err = error_of(status, &body, &[], |c| async move {
            calls::create_resource_snapshot_job(&c, &partner_input()).await
        })
        .await;
        assert_common(&err, code, &message, status);
        let (name, got_message) = match err.as_service_error() {
            Some(Pc::AccessDeniedException(e)) => ("AccessDeniedException", e.message.clone()),
            Some(Pc::ConflictException(e)) => ("ConflictException", e.message.clone()),
            Some(Pc::ResourceNotFoundException(e)) => {
                ("ResourceNotFoundException", e.message.clone())
            }
            Some(Pc::ServiceQuotaExceededException(e)) => {
                ("ServiceQuotaExceededException", e.message.clone())
            }
            Some(Pc::ThrottlingException(e)) => ("ThrottlingException", e.message.clone()),
            Some(Pc::ValidationException(e)) => {
                assert_eq!(e.reason.as_str(), "REQUEST_VALIDATION_FAILED");
                let list = e.error_list.as_deref().unwrap_or_default();
                assert_eq!(list.len(), 1);
                assert_eq!(list[0].field_name.as_deref(), Some("Catalog"));
                assert_eq!(list[0].message, "unknown catalog");
                assert_eq!(list[0].code.as_str(), "INVALID_ENUM_VALUE");
                ("ValidationException", Some(e.message.clone()))
            }
            other => panic!("{code}: wrong variant {other:?}"),
        };
        assert_eq!(name, code);
        assert_eq!(got_message.as_deref(), Some(message.as_str()));
    }
}

/// A modeled error missing a required member (`Reason`) is still its variant: like the AWS SDKs' client error
/// correction, the member gets its zero value (an empty unknown enum value) rather than failing the parse.
#[tokio::test]
async fn modeled_error_missing_required_member_is_corrected() {
    let body = json!({"__type": "ValidationException", "Message": "no reason given"});
    let err = error_of(400, &body, &[], |c| async move {
        calls::create_resource_snapshot_job(&c, &partner_input()).await
    })
    .await;
    let Some(Pc::ValidationException(e)) = err.as_service_error() else {
        panic!("expected ValidationException, got {err:?}");
    };
    assert_eq!(e.message, "no reason given");
    assert_eq!(e.reason.as_str(), "");
    assert_eq!(err.to_string(), "ValidationException: no reason given");
}

/// An error code no operation declares becomes `Unhandled` with code, message, status and request id, for
/// every operation and with each way of sending the code.
#[tokio::test]
async fn unknown_codes_are_unhandled_with_metadata() {
    let body = json!({"__type": "com.amazonaws.any#SomethingNewException", "message": "brand new"});
    let check = |display: String,
                 code: Option<&str>,
                 message: Option<&str>,
                 status: Option<u16>,
                 id: Option<&str>| {
        assert_eq!(code, Some("SomethingNewException"));
        assert_eq!(message, Some("brand new"));
        assert_eq!(status, Some(418));
        assert_eq!(id, Some(REQUEST_ID));
        assert!(
            display.starts_with("SomethingNewException: brand new"),
            "{display}"
        );
    };
    macro_rules! unhandled {
        ($variant:path, $call:expr) => {{
            let err = error_of(418, &body, &[], $call).await;
            let Some($variant(e)) = err.as_service_error() else {
                panic!("expected Unhandled, got {err:?}");
            };
            let m = e.meta();
            check(
                e.to_string(),
                m.code(),
                m.message(),
                m.status(),
                m.request_id(),
            );
        }};
    }
    unhandled!(Backup::Unhandled, |c| async move {
        calls::start_copy_job(&c, &start_copy_job_input()).await
    });
    unhandled!(Connect::Unhandled, |c| async move {
        calls::replicate_instance(&c, &replicate_instance_input()).await
    });
    unhandled!(Lex::Unhandled, |c| async move {
        calls::create_bot_replica(
            &c,
            &json!({"botId": "ABCDEFGHIJ", "replicaRegion": "us-west-2"}),
        )
        .await
    });
    unhandled!(Fsx::Unhandled, |c| async move {
        calls::copy_backup(&c, &json!({"SourceBackupId": "backup-0123456789abcdef0"})).await
    });
    unhandled!(Pc::Unhandled, |c| async move {
        calls::create_resource_snapshot_job(&c, &partner_input()).await
    });

    // The header wins over the body; an error with no code at all is still Unhandled with its status.
    let err = error_of(
        400,
        &json!({"code": "FromBody"}),
        &[("x-amzn-errortype", "FromHeader")],
        |c| async move { calls::start_copy_job(&c, &start_copy_job_input()).await },
    )
    .await;
    assert_eq!(err.code(), Some("FromHeader"));
    let err = error_of(400, &json!({}), &[], |c| async move {
        calls::start_copy_job(&c, &start_copy_job_input()).await
    })
    .await;
    assert!(
        matches!(err.as_service_error(), Some(Backup::Unhandled(_))),
        "{err:?}"
    );
    assert_eq!(err.code(), None);
    assert_eq!(err.meta().and_then(|m| m.status()), Some(400));
}

/// Services do not always spell the message key like the model (`message` vs `Message`). The metadata reads
/// either; the AWS SDKs then fill the modeled `message` member from it, so `e.message` matches Display.
#[tokio::test]
async fn modeled_message_member_falls_back_to_metadata() {
    let body = json!({"message": "Rate exceeded"});
    let err = error_of(
        429,
        &body,
        &[("x-amzn-errortype", "ThrottlingException")],
        |c| async move { calls::replicate_instance(&c, &replicate_instance_input()).await },
    )
    .await;
    let Some(Connect::ThrottlingException(e)) = err.as_service_error() else {
        panic!("expected ThrottlingException, got {err:?}");
    };
    assert_eq!(err.to_string(), "ThrottlingException: Rate exceeded");
    assert_eq!(e.message.as_deref(), Some("Rate exceeded"));
}
