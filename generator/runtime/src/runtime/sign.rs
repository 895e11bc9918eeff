//! SigV4 header signing through the aws-sigv4 crate. Nothing here logs keys or signatures.

use crate::runtime::credentials::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningParams, SigningSettings};
use std::borrow::Cow;
use std::fmt;
use std::time::SystemTime;

/// Headers the runtime adds per attempt or that proxies may change; left out of the signature.
const UNSIGNED_HEADERS: &[&str] = &[
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
    "amz-sdk-request",
    "amz-sdk-invocation-id",
];

/// What to sign for: the scope of the signature.
#[derive(Debug, Clone, Copy)]
pub struct SigningScope<'a> {
    /// Service signing name, e.g. `dynamodb` (the endpoint's auth scheme may override the service default).
    pub signing_name: &'a str,
    /// Region the signature is valid in, e.g. `us-east-1`.
    pub region: &'a str,
    /// The (clock-skew corrected) signing time.
    pub time: SystemTime,
    /// S3-style endpoints ask to percent-encode the path once instead of twice.
    pub disable_double_encoding: bool,
    /// SigV4a: sign for this region set (e.g. `*`) instead of `region` (feature `sigv4a`).
    pub region_set: Option<&'a str>,
}

/// Signing failed (an unparsable URI or header value).
#[derive(Debug)]
pub struct SignError {
    message: String,
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "failed to sign request: {}", self.message)
    }
}

impl std::error::Error for SignError {}

/// Header names and values a signature adds to a request.
pub type SigningHeaders = Vec<(&'static str, String)>;

/// Signs a request and returns the headers to add (`x-amz-date`, `authorization`, and `x-amz-security-token`
/// when there is a session token). `uri` is absolute and already percent-encoded; `headers` must include `host`.
pub fn sign_headers<'a>(
    method: &'a str,
    uri: &'a str,
    headers: impl Iterator<Item = (&'a str, &'a str)>,
    body: &'a [u8],
    credentials: &Credentials,
    scope: &SigningScope<'_>,
) -> Result<SigningHeaders, SignError> {
    let (headers, _signature) = sign(method, uri, headers, SignableBody::Bytes(body), credentials, scope)?;
    Ok(headers)
}

/// Signs the initial request of an event stream, whose body is signed message by message: the payload hash is
/// `payload_hash` (the request must carry it as `x-amz-content-sha256`). Returns the headers to add and the
/// request's signature, the seed of the messages' signature chain.
pub fn sign_streaming_headers<'a>(
    method: &'a str,
    uri: &'a str,
    headers: impl Iterator<Item = (&'a str, &'a str)>,
    payload_hash: &'static str,
    credentials: &Credentials,
    scope: &SigningScope<'_>,
) -> Result<(SigningHeaders, String), SignError> {
    sign(method, uri, headers, SignableBody::Precomputed(payload_hash.to_owned()), credentials, scope)
}

fn sign<'a>(
    method: &'a str,
    uri: &'a str,
    headers: impl Iterator<Item = (&'a str, &'a str)>,
    body: SignableBody<'a>,
    credentials: &Credentials,
    scope: &SigningScope<'_>,
) -> Result<(SigningHeaders, String), SignError> {
    let fail = |e: &dyn fmt::Display| SignError {
        message: e.to_string(),
    };
    let mut settings = SigningSettings::default();
    settings.excluded_headers = Some(UNSIGNED_HEADERS.iter().map(|h| Cow::Borrowed(*h)).collect());
    if scope.disable_double_encoding {
        settings.percent_encoding_mode = aws_sigv4::http_request::PercentEncodingMode::Single;
    }
    let params: SigningParams<'_> = match scope.region_set {
        #[cfg(feature = "sigv4a")]
        Some(region_set) => aws_sigv4::sign::v4a::SigningParams::builder()
            .identity(credentials.identity())
            .region_set(region_set)
            .name(scope.signing_name)
            .time(scope.time)
            .settings(settings)
            .build()
            .map_err(|e| fail(&e))?
            .into(),
        #[cfg(not(feature = "sigv4a"))]
        Some(_) => return Err(fail(&"SigV4a signing needs the crate's `sigv4a` feature")),
        None => aws_sigv4::sign::v4::SigningParams::builder()
            .identity(credentials.identity())
            .region(scope.region)
            .name(scope.signing_name)
            .time(scope.time)
            .settings(settings)
            .build()
            .map_err(|e| fail(&e))?
            .into(),
    };
    let signable = SignableRequest::new(method, uri, headers, body).map_err(|e| fail(&e))?;
    let (instructions, signature) = aws_sigv4::http_request::sign(signable, &params)
        .map_err(|e| fail(&e))?
        .into_parts();
    let (signing_headers, _params) = instructions.into_parts();
    let headers = signing_headers
        .into_iter()
        .map(|h| (h.name(), h.value().to_owned()))
        .collect();
    Ok((headers, signature))
}

#[cfg(all(test, feature = "sigv4a"))]
mod sigv4a_tests {
    use super::*;

    #[test]
    fn a_region_set_signs_with_sigv4a() {
        let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None);
        let scope = SigningScope {
            signing_name: "events",
            region: "us-east-1",
            time: SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000),
            disable_double_encoding: false,
            region_set: Some("*"),
        };
        let headers = [("host", "abc.endpoint.events.amazonaws.com")];
        let signed = sign_headers("POST", "https://abc.endpoint.events.amazonaws.com/", headers.into_iter(), b"{}", &credentials, &scope)
            .expect("signs");
        let get = |name: &str| signed.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str());
        assert_eq!(get("x-amz-region-set"), Some("*"));
        let authorization = get("authorization").expect("authorization");
        assert!(authorization.starts_with("AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE/20231114/events/aws4_request"), "{authorization}");
    }
}
