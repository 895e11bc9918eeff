//! The HTTP calls credential sources make (IMDS, container endpoint, STS, SSO): one request with a short time
//! limit and a small body cap, every failure turned into a [`CredentialsError`] of the right kind.

use crate::runtime::credentials::{CredentialsError, CredentialsErrorKind};
use crate::runtime::http::{HttpClient, HttpErrorKind, HyperClient, HyperClientSettings, Response};
use bytes::Bytes;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Credential responses are a few KiB; anything past this is not one.
pub const MAX_CREDENTIALS_RESPONSE: usize = 64 * 1024;

/// An HTTP client and the time limit of each request a credential source makes.
#[derive(Clone)]
pub struct CredentialsHttp {
    client: Arc<dyn HttpClient>,
    timeout: Duration,
}

impl fmt::Debug for CredentialsHttp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsHttp")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl CredentialsHttp {
    /// Uses `client` with `timeout` per request (connect included when the client honours it).
    pub fn new(client: Arc<dyn HttpClient>, timeout: Duration) -> Self {
        CredentialsHttp { client, timeout }
    }

    /// The default hyper client with `connect` as its connect limit, `timeout` per request and a 64 KiB body cap.
    pub fn hyper(connect: Duration, timeout: Duration) -> Result<Self, CredentialsError> {
        let settings = HyperClientSettings {
            connect_timeout: Some(connect),
            max_response_body: MAX_CREDENTIALS_RESPONSE,
            ..HyperClientSettings::default()
        };
        let client = HyperClient::new(&settings).map_err(|e| {
            CredentialsError::invalid_configuration("cannot create an HTTP client").caused_by(e)
        })?;
        Ok(Self::new(Arc::new(client), timeout))
    }

    /// The same client with another per-request limit.
    pub fn with_timeout(&self, timeout: Duration) -> Self {
        CredentialsHttp {
            client: self.client.clone(),
            timeout,
        }
    }

    /// Sends one request; transport failures and timeouts are transient, a body over the cap is a provider error.
    /// `what` names the source in messages (never the URL's secrets: callers pass no credentials in URLs).
    pub async fn send(
        &self,
        what: &str,
        request: http::Request<Bytes>,
    ) -> Result<Response, CredentialsError> {
        match tokio::time::timeout(self.timeout, self.client.send(request)).await {
            Err(_) => Err(CredentialsError::transient(format!(
                "{what}: no response within {:?}",
                self.timeout
            ))),
            Ok(Err(e)) => {
                let kind = match e.kind() {
                    HttpErrorKind::ResponseTooLarge { .. } | HttpErrorKind::Other => {
                        CredentialsErrorKind::ProviderError
                    }
                    _ => CredentialsErrorKind::Transient,
                };
                Err(CredentialsError::of_kind(kind, format!("{what}: request failed")).caused_by(e))
            }
            Ok(Ok(response)) => Ok(response),
        }
    }
}

/// The kind of failure an HTTP error status means: throttling and 5xx may pass, the rest will not.
pub fn status_kind(status: u16) -> CredentialsErrorKind {
    if status == 429 || status >= 500 {
        CredentialsErrorKind::Transient
    } else {
        CredentialsErrorKind::ProviderError
    }
}

/// A request with no body.
pub fn empty_request(method: &str, uri: &str) -> Result<http::request::Builder, CredentialsError> {
    let uri: http::Uri = uri.parse().map_err(|e: http::uri::InvalidUri| {
        CredentialsError::invalid_configuration(format!("invalid endpoint `{uri}`")).caused_by(e)
    })?;
    Ok(http::Request::builder().method(method).uri(uri))
}

/// Finishes a request, turning a bad header value into a configuration error.
pub fn finish(
    builder: http::request::Builder,
    body: impl Into<Bytes>,
) -> Result<http::Request<Bytes>, CredentialsError> {
    builder.body(body.into()).map_err(|e| {
        CredentialsError::invalid_configuration("cannot build the credentials request").caused_by(e)
    })
}

/// Reads a required string field of a JSON credentials document.
pub fn json_str<'a>(
    doc: &'a serde_json::Value,
    field: &str,
    what: &str,
) -> Result<&'a str, CredentialsError> {
    doc.get(field)
        .and_then(serde_json::Value::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| CredentialsError::new(format!("{what}: response has no `{field}`")))
}

/// Parses an RFC 3339 timestamp (`2024-01-01T00:00:00Z`) as a system time.
pub fn parse_rfc3339(text: &str) -> Option<std::time::SystemTime> {
    use crate::runtime::datetime::{DateTime, Format};
    let parsed = DateTime::parse(text.trim(), Format::DateTime).ok()?;
    let millis = parsed.to_millis()?;
    let millis = u64::try_from(millis).ok()?;
    Some(std::time::UNIX_EPOCH + Duration::from_millis(millis))
}

/// A twelve-digit account id taken from an ARN (`arn:aws:sts::123456789012:assumed-role/r/s`).
pub fn account_from_arn(arn: &str) -> Option<String> {
    let account = arn.split(':').nth(4)?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())).then(|| account.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(status_kind(503), CredentialsErrorKind::Transient);
        assert_eq!(status_kind(429), CredentialsErrorKind::Transient);
        assert_eq!(status_kind(403), CredentialsErrorKind::ProviderError);
        assert_eq!(
            account_from_arn("arn:aws:sts::123456789012:assumed-role/demo/s"),
            Some("123456789012".into())
        );
        assert_eq!(account_from_arn("arn:aws:s3:::bucket"), None);
        let t = parse_rfc3339("2030-01-02T03:04:05Z").expect("time");
        assert_eq!(
            t.duration_since(std::time::UNIX_EPOCH).expect("after").as_secs(),
            1_893_553_445
        );
        assert!(parse_rfc3339("yesterday").is_none());
    }

    #[tokio::test]
    async fn unreachable_endpoint_is_transient() {
        // Port 9 of loopback is closed on test machines: the connection is refused.
        let http = CredentialsHttp::hyper(Duration::from_millis(200), Duration::from_millis(500))
            .expect("client");
        let request = finish(empty_request("GET", "http://127.0.0.1:9/").expect("uri"), "")
            .expect("request");
        let err = http.send("test source", request).await.expect_err("refused");
        assert!(err.is_transient(), "{err}");
        assert!(err.to_string().starts_with("test source"), "{err}");
    }
}
