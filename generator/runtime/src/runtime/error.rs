//! Errors an operation returns: `SdkError<E>` around the operation's modeled error `E`, the transport-level
//! `InvokeError` the request pipeline produces, and the `ErrorMetadata` read from an error response.

use crate::runtime::http::Response;
use crate::runtime::retry;
use std::fmt;

/// Any error, boxed; the `source` of the wrapper errors below.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Code, message, request id and status of an error response.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    status: Option<u16>,
    /// `Sender` or `Receiver`, from the `x-amzn-query-error` header of an awsQuery-compatible service.
    error_type: Option<String>,
}

const REQUEST_ID_HEADERS: &[&str] = &["x-amzn-requestid", "x-amz-request-id", "x-amz-id-2"];

impl ErrorMetadata {
    /// Metadata from already-known parts (mostly for tests and hand-built errors).
    pub fn new(
        code: Option<String>,
        message: Option<String>,
        request_id: Option<String>,
        status: Option<u16>,
    ) -> Self {
        ErrorMetadata {
            code,
            message,
            request_id,
            status,
            error_type: None,
        }
    }

    /// Reads an awsJson / restJson error: code from the `X-Amzn-Errortype` header, else the body's `code`, else
    /// its `__type`, sanitized (only these name an error: a member that happens to be called `Code` or `Type`
    /// does not); message from `message`, `Message` or `errorMessage`, else any key spelled `message` in
    /// another case. A body that is not a JSON object is tolerated (no code or message from it).
    pub fn from_json_response(response: &Response) -> Self {
        let body: Option<serde_json::Map<String, serde_json::Value>> = if response.body().is_empty()
        {
            None
        } else {
            serde_json::from_slice(response.body()).ok()
        };
        let body_text = |keys: &[&str]| {
            let body = body.as_ref()?;
            keys.iter()
                .find_map(|k| body.get(*k).and_then(|v| v.as_str()))
        };
        let code = response
            .header("x-amzn-errortype")
            .or_else(|| body_text(&["code", "__type"]))
            .map(sanitize_error_code)
            .filter(|c| !c.is_empty())
            .map(str::to_owned);
        let message = body_text(&["message", "Message", "errorMessage"]).or_else(|| {
            body.as_ref()?
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("message"))
                .and_then(|(_, v)| v.as_str())
        });
        ErrorMetadata {
            code,
            message: message.map(str::to_owned),
            request_id: request_id(response).map(str::to_owned),
            status: Some(response.status()),
            error_type: None,
        }
    }

    /// Reads the error of an `aws.protocols#awsQueryCompatible` service: as [`ErrorMetadata::from_json_response`],
    /// then the `x-amzn-query-error: Code;Type` header, when present and well formed, gives the code (the one
    /// the service's awsQuery clients see, which other SDKs report) and the [`ErrorMetadata::error_type`].
    /// Also returns the JSON error code, which names the modeled error.
    pub fn from_query_compatible_response(response: &Response) -> (Self, Option<String>) {
        let mut meta = Self::from_json_response(response);
        let json_code = meta.code.clone();
        let query_error = response.header("x-amzn-query-error").and_then(|value| {
            let (code, error_type) = value.split_once(';')?;
            let (code, error_type) = (code.trim(), error_type.trim());
            (!code.is_empty() && !error_type.is_empty()).then_some((code, error_type))
        });
        if let Some((code, error_type)) = query_error {
            meta.code = Some(code.to_owned());
            meta.error_type = Some(error_type.to_owned());
        }
        (meta, json_code)
    }

    /// `Sender` (the caller's fault) or `Receiver` (the service's), when an awsQuery-compatible service said so
    /// in its `x-amzn-query-error` header.
    pub fn error_type(&self) -> Option<&str> {
        self.error_type.as_deref()
    }

    /// The error code without namespace or suffix (e.g. `ResourceNotFoundException`).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The service's human-readable message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The AWS request id, useful when contacting support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The HTTP status code of the error response.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The service asked the client to slow down (throttling code or HTTP 429).
    pub fn is_throttling(&self) -> bool {
        self.code().is_some_and(retry::is_throttling_code) || self.status == Some(429)
    }

    /// The standard retry policy would retry this error (throttling, transient code, or 500/502/503/504).
    pub fn is_retryable(&self) -> bool {
        retry::classify_response(self.status.unwrap_or(0), self.code(), std::iter::empty())
            .is_some()
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.code, &self.message) {
            (Some(code), Some(message)) => write!(f, "{code}: {message}")?,
            (Some(code), None) => f.write_str(code)?,
            (None, Some(message)) => write!(f, "unknown error: {message}")?,
            (None, None) => f.write_str("unknown error")?,
        }
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        Ok(())
    }
}

/// The request id of a response, from the first of the known request id headers.
pub fn request_id(response: &Response) -> Option<&str> {
    REQUEST_ID_HEADERS.iter().find_map(|h| response.header(h))
}

/// `aws.protocoltests.restjson#FooError:http://internal.amazon.com/` -> `FooError`.
pub fn sanitize_error_code(raw: &str) -> &str {
    let without_suffix = raw.split(':').next().unwrap_or(raw);
    let without_namespace = without_suffix.rsplit('#').next().unwrap_or(without_suffix);
    without_namespace.trim()
}

/// A member of a modeled error read from a header: `None` (the member left unset) when the header does not
/// parse, so that one malformed header (a `Retry-After` sent as an HTTP date where seconds are modeled) does
/// not turn the whole modeled error into `Unhandled`.
pub fn member_unless_invalid<T>(read: impl FnOnce() -> Result<T, crate::runtime::json::DeserializeError>) -> Option<T> {
    read().ok()
}

/// Gives the error metadata of a modeled or unhandled error.
pub trait ProvideErrorMetadata {
    /// The metadata read from the error response.
    fn meta(&self) -> &ErrorMetadata;

    /// Shortcut for [`ErrorMetadata::code`].
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// Shortcut for [`ErrorMetadata::message`].
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }

    /// Shortcut for [`ErrorMetadata::request_id`].
    fn request_id(&self) -> Option<&str> {
        self.meta().request_id()
    }
}

impl ProvideErrorMetadata for ErrorMetadata {
    fn meta(&self) -> &ErrorMetadata {
        self
    }
}

/// An error response that matches no modeled error of the operation.
#[derive(Debug)]
pub struct Unhandled {
    meta: ErrorMetadata,
    source: Option<BoxError>,
}

impl Unhandled {
    /// An unmodeled error described only by its metadata.
    pub fn new(meta: ErrorMetadata) -> Self {
        Unhandled { meta, source: None }
    }

    /// An unmodeled error with an underlying cause (e.g. a modeled error whose body failed to parse).
    pub fn with_source(meta: ErrorMetadata, source: impl Into<BoxError>) -> Self {
        Unhandled {
            meta,
            source: Some(source.into()),
        }
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.meta, f)
    }
}

impl std::error::Error for Unhandled {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// The request could not be built or signed (bad endpoint, missing region, credentials failure, ...).
#[derive(Debug)]
pub struct ConstructionFailure {
    message: String,
    source: Option<BoxError>,
}

impl ConstructionFailure {
    /// A failure described by `message` alone.
    pub fn new(message: impl Into<String>) -> Self {
        ConstructionFailure {
            message: message.into(),
            source: None,
        }
    }

    /// A failure with the underlying cause, returned by `Error::source` of the enclosing error.
    pub fn with_source(message: impl Into<String>, source: impl Into<BoxError>) -> Self {
        ConstructionFailure {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// What went wrong, in words.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Which time limit elapsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    /// Establishing the TCP + TLS connection.
    Connect,
    /// One attempt: request sent and whole response read.
    Attempt,
    /// The whole call, retries included.
    Call,
    /// The response body arrived slower than the stalled-stream protection allows over its grace period.
    StalledStream,
}

/// A configured time limit elapsed before the call completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutError {
    /// Which limit it was.
    pub kind: TimeoutKind,
    /// The configured limit, when known.
    pub limit: Option<std::time::Duration>,
}

/// The request was sent (or sending started) but the connection failed.
#[derive(Debug)]
pub struct DispatchFailure {
    message: String,
    source: Option<BoxError>,
    transient: bool,
}

impl DispatchFailure {
    /// A transient failure described by `message`, with the transport error as `source` when there is one.
    pub fn new(message: impl Into<String>, source: Option<BoxError>) -> Self {
        DispatchFailure {
            message: message.into(),
            source,
            transient: true,
        }
    }

    /// Marks the failure as transient (a dropped connection: retried) or not (a response that breaks HTTP
    /// framing, a client error: the same on every attempt).
    pub fn with_transient(mut self, transient: bool) -> Self {
        self.transient = transient;
        self
    }

    /// Whether another attempt may succeed; only transient failures are retried.
    pub fn is_transient(&self) -> bool {
        self.transient
    }

    /// What went wrong, in words.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// A response arrived but could not be used: oversized, malformed, or not parseable.
///
/// Its `Debug` and `Display` never show the body (it may hold secrets); [`ResponseError::raw_body_preview`]
/// gives the start of it on request.
#[derive(Clone)]
pub struct ResponseError {
    /// HTTP status of the response.
    pub status: u16,
    /// Why the response was unusable.
    pub message: String,
    body_preview: String,
}

const BODY_PREVIEW_BYTES: usize = 256;

impl ResponseError {
    /// Describes `response` as unusable, keeping its status and the first 256 bytes of its body.
    pub fn new(response: &Response, message: impl Into<String>) -> Self {
        let body = response.body();
        let preview = &body[..body.len().min(BODY_PREVIEW_BYTES)];
        ResponseError {
            status: response.status(),
            message: message.into(),
            body_preview: String::from_utf8_lossy(preview).into_owned(),
        }
    }

    /// The start of the raw body (up to 256 bytes, lossy UTF-8), to diagnose what the service sent.
    ///
    /// **It can hold secrets**: a response with a `@sensitive` member that failed to parse elsewhere still
    /// carries that member's value here. Do not log it unless the response is known to hold none.
    pub fn raw_body_preview(&self) -> &str {
        &self.body_preview
    }
}

impl fmt::Debug for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseError")
            .field("status", &self.status)
            .field("message", &self.message)
            .field("body_preview_len", &self.body_preview.len())
            .finish()
    }
}

/// Transport-level failure of `Handle::invoke` (non-generic, so the request path is compiled once).
#[derive(Debug)]
#[non_exhaustive]
pub enum InvokeError {
    /// The request could not be built or signed.
    Construction(ConstructionFailure),
    /// A time limit elapsed.
    Timeout(TimeoutError),
    /// The connection failed.
    Dispatch(DispatchFailure),
    /// The response body exceeded the configured cap (it was not read further).
    ResponseTooLarge {
        /// HTTP status of the oversized response.
        status: u16,
        /// The cap, in bytes.
        limit: usize,
    },
    /// An event of the request's event stream could not be marshalled or encoded.
    EventStream(crate::runtime::event_stream::EventStreamError),
}

impl fmt::Display for InvokeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvokeError::Construction(e) => write!(f, "failed to construct request: {}", e.message),
            InvokeError::Timeout(e) => fmt_timeout(e, f),
            InvokeError::Dispatch(e) => write!(f, "dispatch failure: {}", e.message),
            InvokeError::ResponseTooLarge { status, limit } => {
                write!(
                    f,
                    "response body (HTTP {status}) exceeds the limit of {limit} bytes"
                )
            }
            InvokeError::EventStream(e) => write!(f, "event stream: {e}"),
        }
    }
}

fn fmt_timeout(e: &TimeoutError, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let what = match e.kind {
        TimeoutKind::Connect => "connect",
        TimeoutKind::Attempt => "attempt",
        TimeoutKind::Call => "operation",
        TimeoutKind::StalledStream => {
            return match e.limit {
                Some(limit) => write!(f, "response body stalled: below the minimum throughput for {limit:?}"),
                None => f.write_str("response body stalled"),
            }
        }
    };
    match e.limit {
        Some(limit) => write!(f, "{what} timeout after {limit:?}"),
        None => write!(f, "{what} timeout"),
    }
}

/// Each level of an error chain states only its own part: a wrapper whose `Display` already shows the
/// wrapped error's text continues the chain with that error's own `source`, never with the error itself.
impl std::error::Error for InvokeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InvokeError::Construction(e) => e.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static)),
            InvokeError::Dispatch(e) => e.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static)),
            InvokeError::EventStream(e) => std::error::Error::source(e),
            InvokeError::Timeout(_) | InvokeError::ResponseTooLarge { .. } => None,
        }
    }
}

/// What an operation's `send()` returns on failure. `E` is the operation's error enum.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The input broke a model constraint; nothing was sent.
    Validation(crate::runtime::validate::ValidationError),
    /// The request could not be built or signed; nothing was sent.
    Construction(ConstructionFailure),
    /// A time limit elapsed; the request may or may not have taken effect.
    Timeout(TimeoutError),
    /// The connection failed; the request may or may not have reached the service.
    Dispatch(DispatchFailure),
    /// A response arrived that could not be parsed (or was too large).
    Response(ResponseError),
    /// The service returned an error; the raw response is kept for inspection.
    Service(E, Response),
    /// An event stream message could not be read or written (malformed frame, missing or unknown
    /// `:message-type`, a payload that does not match the model).
    EventStream(crate::runtime::event_stream::EventStreamError),
}

impl<E> From<InvokeError> for SdkError<E> {
    fn from(error: InvokeError) -> Self {
        match error {
            InvokeError::Construction(e) => SdkError::Construction(e),
            InvokeError::Timeout(e) => SdkError::Timeout(e),
            InvokeError::Dispatch(e) => SdkError::Dispatch(e),
            InvokeError::ResponseTooLarge { status, limit } => SdkError::Response(ResponseError {
                status,
                message: format!("response body exceeds the limit of {limit} bytes"),
                body_preview: String::new(),
            }),
            InvokeError::EventStream(e) => SdkError::EventStream(e),
        }
    }
}

impl<E> From<crate::runtime::validate::ValidationError> for SdkError<E> {
    fn from(error: crate::runtime::validate::ValidationError) -> Self {
        SdkError::Validation(error)
    }
}

/// What a call returns once its final response is in: the output `parse`d from a 2xx response (a parse failure is
/// a response error), otherwise the operation's error from `parse_error`, with the response kept.
#[allow(clippy::result_large_err)] // the operation's own result type; the response travels with its error
pub fn call_outcome<O, E>(
    response: Response,
    parse: impl FnOnce(&Response) -> Result<O, crate::runtime::json::DeserializeError>,
    parse_error: impl FnOnce(&Response) -> E,
) -> Result<O, SdkError<E>> {
    if (200..300).contains(&response.status()) {
        parse(&response).map_err(|e| SdkError::response_error(&response, e.to_string()))
    } else {
        let error = parse_error(&response);
        Err(SdkError::Service(error, response))
    }
}

impl<E> SdkError<E> {
    /// An empty or missing URI label or host label of `operation`'s input: nothing can be sent.
    pub fn missing_label(operation: &'static str, member: &'static str) -> Self {
        SdkError::Validation(crate::runtime::validate::ValidationError::new(
            crate::runtime::validate::Path::root(operation).member(member),
            crate::runtime::validate::Constraint::Length { min: Some(1), max: None, actual: 0 },
        ))
    }

    /// A timestamp of `operation`'s input that its wire format cannot represent (a year outside 0000-9999).
    pub fn unserializable_timestamp(operation: &'static str, error: crate::runtime::datetime::DateTimeError) -> Self {
        SdkError::Construction(ConstructionFailure::with_source(
            format!("{operation}: a timestamp cannot be serialized"),
            error,
        ))
    }

    /// A response that could not be parsed.
    pub fn response_error(response: &Response, message: impl Into<String>) -> Self {
        SdkError::Response(ResponseError::new(response, message))
    }

    /// The operation's modeled (or unhandled) error, when the service returned one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e, _) => Some(e),
            _ => None,
        }
    }

    /// Like [`SdkError::as_service_error`], by value.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service(e, _) => Some(e),
            _ => None,
        }
    }

    /// The raw response of a service error.
    pub fn raw_response(&self) -> Option<&Response> {
        match self {
            SdkError::Service(_, response) => Some(response),
            _ => None,
        }
    }
}

impl<E: ProvideErrorMetadata> SdkError<E> {
    /// Error metadata of a service error.
    pub fn meta(&self) -> Option<&ErrorMetadata> {
        self.as_service_error().map(ProvideErrorMetadata::meta)
    }

    /// Error code of a service error; `None` for every other kind.
    pub fn code(&self) -> Option<&str> {
        self.meta().and_then(ErrorMetadata::code)
    }

    /// Message of a service error; `None` for every other kind.
    pub fn message(&self) -> Option<&str> {
        self.meta().and_then(ErrorMetadata::message)
    }

    /// Request id of a service error; `None` for every other kind.
    pub fn request_id(&self) -> Option<&str> {
        self.meta().and_then(ErrorMetadata::request_id)
    }
}

impl<E: ProvideErrorMetadata> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Validation(e) => write!(f, "invalid input: {e}"),
            SdkError::Construction(e) => write!(f, "failed to construct request: {}", e.message),
            SdkError::Timeout(e) => fmt_timeout(e, f),
            SdkError::Dispatch(e) => write!(f, "dispatch failure: {}", e.message),
            SdkError::Response(e) => {
                write!(f, "unusable response (HTTP {}): {}", e.status, e.message)
            }
            SdkError::EventStream(e) => write!(f, "event stream: {e}"),
            SdkError::Service(e, _) => {
                let meta = e.meta();
                match (meta.code(), meta.message()) {
                    (Some(code), Some(message)) => write!(f, "{code}: {message}"),
                    (Some(code), None) => f.write_str(code),
                    (None, Some(message)) => write!(f, "service error: {message}"),
                    (None, None) => {
                        write!(f, "service error (HTTP {})", meta.status().unwrap_or(0))
                    }
                }
            }
        }
    }
}

/// `Display` shows the wrapped error's text (a service error as `Code: message`), so `source` continues with
/// that error's own cause: each level of the chain states only its own part.
impl<E> std::error::Error for SdkError<E>
where
    E: std::error::Error + ProvideErrorMetadata + 'static,
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Validation(e) => std::error::Error::source(e),
            SdkError::Construction(e) => e
                .source
                .as_deref()
                .map(|e| e as &(dyn std::error::Error + 'static)),
            SdkError::Dispatch(e) => e
                .source
                .as_deref()
                .map(|e| e as &(dyn std::error::Error + 'static)),
            SdkError::Service(e, _) => e.source(),
            SdkError::EventStream(e) => std::error::Error::source(e),
            SdkError::Timeout(_) | SdkError::Response(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json_response(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response::from_parts(status, headers.iter().copied(), body.as_bytes().to_vec())
    }

    #[test]
    fn call_outcome_parses_success_and_keeps_the_response_of_errors() {
        let ok = call_outcome(json_response(200, &[], "7"), |r| Ok(r.body().len()), |_| "error");
        assert_eq!(ok.ok(), Some(1));
        let bad = call_outcome::<usize, &str>(
            json_response(200, &[], "x"),
            |_| Err(crate::runtime::json::DeserializeError::body("not JSON")),
            |_| "error",
        );
        assert!(matches!(bad, Err(SdkError::Response(_))));
        let failed = call_outcome(json_response(503, &[], ""), |_| Ok(0), |r| r.status());
        match failed {
            Err(SdkError::Service(status, response)) => assert_eq!((status, response.status()), (503, 503)),
            other => panic!("expected a service error, got {other:?}"),
        }
    }

    #[test]
    fn sanitizes_error_codes() {
        assert_eq!(
            sanitize_error_code("aws.protocoltests.restjson#FooError:http://internal.amazon.com/"),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code("FooError:http://internal.amazon.com/"),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code("aws.protocoltests.restjson#FooError"),
            "FooError"
        );
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(sanitize_error_code(" FooError "), "FooError");
    }

    #[test]
    fn header_code_wins_over_body() {
        let r = json_response(
            400,
            &[
                ("X-Amzn-Errortype", "HeaderError:http://x"),
                ("x-amzn-requestid", "req-1"),
            ],
            r#"{"code":"BodyError","__type":"ns#TypeError","message":"hi"}"#,
        );
        let meta = ErrorMetadata::from_json_response(&r);
        assert_eq!(meta.code(), Some("HeaderError"));
        assert_eq!(meta.message(), Some("hi"));
        assert_eq!(meta.request_id(), Some("req-1"));
        assert_eq!(meta.status(), Some(400));
    }

    #[test]
    fn body_keys_in_order() {
        let meta = ErrorMetadata::from_json_response(&json_response(
            400,
            &[],
            r#"{"__type":"ns#TypeError","code":"CodeError"}"#,
        ));
        assert_eq!(meta.code(), Some("CodeError"));
        let meta = ErrorMetadata::from_json_response(&json_response(
            400,
            &[("x-amz-request-id", "r2")],
            r#"{"__type":"com.amazon.coral.service#ThrottlingException","Message":"slow down"}"#,
        ));
        assert_eq!(
            (meta.code(), meta.message(), meta.request_id()),
            (Some("ThrottlingException"), Some("slow down"), Some("r2"))
        );
        assert!(meta.is_throttling() && meta.is_retryable());
        let meta = ErrorMetadata::from_json_response(&json_response(
            400,
            &[],
            r#"{"code":"Bad","errorMessage":"m"}"#,
        ));
        assert_eq!((meta.code(), meta.message()), (Some("Bad"), Some("m")));
    }

    #[test]
    fn only_header_code_and_type_keys_name_an_error() {
        // Members that happen to be called `Type` or `Code` are data, not the error's name.
        let meta = ErrorMetadata::from_json_response(&json_response(
            400,
            &[],
            r#"{"Type":"User","Code":"E42","MESSAGE":"shouted"}"#,
        ));
        assert_eq!((meta.code(), meta.message()), (None, Some("shouted")));
        let meta = ErrorMetadata::from_json_response(&json_response(
            400,
            &[],
            r#"{"Type":"User","__type":"ns#Real"}"#,
        ));
        assert_eq!(meta.code(), Some("Real"));
    }

    #[test]
    fn query_compatible_header_gives_code_and_type() {
        let body = r#"{"__type":"ns#QueueDoesNotExist","message":"no queue"}"#;
        let with_header = json_response(400, &[("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")], body);
        let (meta, json_code) = ErrorMetadata::from_query_compatible_response(&with_header);
        assert_eq!(json_code.as_deref(), Some("QueueDoesNotExist"));
        assert_eq!(
            (meta.code(), meta.error_type(), meta.message()),
            (Some("AWS.SimpleQueueService.NonExistentQueue"), Some("Sender"), Some("no queue"))
        );
        for header in ["", "NoType", ";Sender", "Code;"] {
            let response = json_response(400, &[("x-amzn-query-error", header)], body);
            let (meta, _) = ErrorMetadata::from_query_compatible_response(&response);
            assert_eq!((meta.code(), meta.error_type()), (Some("QueueDoesNotExist"), None), "{header:?}");
        }
    }

    #[test]
    fn non_json_bodies_yield_status_only() {
        for body in ["<html>oops</html>", "", "[1,2]", "{\"code\": 5}", "{trunc"] {
            let meta = ErrorMetadata::from_json_response(&json_response(503, &[], body));
            assert_eq!(meta.code(), None, "{body}");
            assert_eq!(meta.status(), Some(503));
            assert!(meta.is_retryable());
            assert!(!meta.is_throttling());
        }
        let meta = ErrorMetadata::from_json_response(&json_response(429, &[], ""));
        assert!(meta.is_throttling());
        let meta = ErrorMetadata::from_json_response(&json_response(
            400,
            &[],
            r#"{"__type":"ValidationException"}"#,
        ));
        assert!(!meta.is_retryable());
    }

    #[test]
    fn sdk_error_display_shows_code_and_message() {
        let meta = ErrorMetadata::new(
            Some("NotFound".into()),
            Some("no such thing".into()),
            None,
            Some(404),
        );
        let response = json_response(404, &[], "{}");
        let error: SdkError<Unhandled> = SdkError::Service(Unhandled::new(meta), response);
        assert_eq!(error.to_string(), "NotFound: no such thing");
        assert_eq!(error.code(), Some("NotFound"));
        let timeout: SdkError<Unhandled> = InvokeError::Timeout(TimeoutError {
            kind: TimeoutKind::Attempt,
            limit: None,
        })
        .into();
        assert!(matches!(timeout, SdkError::Timeout(_)));
        assert_eq!(timeout.to_string(), "attempt timeout");
        let too_large: SdkError<Unhandled> = InvokeError::ResponseTooLarge {
            status: 200,
            limit: 10,
        }
        .into();
        assert!(matches!(
            too_large,
            SdkError::Response(ResponseError { status: 200, .. })
        ));
    }

    #[test]
    fn response_error_previews_the_body() {
        let big = "x".repeat(1000);
        let e = ResponseError::new(&json_response(200, &[], &big), "bad json");
        assert_eq!(e.raw_body_preview().len(), BODY_PREVIEW_BYTES);
        assert!(!format!("{e:?}").contains("xxx"), "{e:?}");
    }
}
