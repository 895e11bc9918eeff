//! Test support: an [`HttpClient`] that records requests and answers with a canned response, and the
//! checks protocol compliance tests make on a recorded request.

use super::config::Config;
use super::credentials::Credentials;
use super::event_decoder::decode_all;
use super::event_message::{FrameError, HeaderValue, Message};
use super::event_signing::unwrap_signed;
use super::http::{HttpClient, HttpFuture, Response};
use super::retry::RetryConfig;
use super::token::IdempotencyTokenProvider;
use bytes::Bytes;
use std::sync::{Arc, Mutex};

/// The idempotency token of [`CaptureClient::config`], the one Smithy's protocol tests expect.
pub const TEST_IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// Records every request it is given and answers each with a clone of one response.
#[derive(Debug, Clone)]
pub struct CaptureClient {
    requests: Arc<Mutex<Vec<http::Request<Bytes>>>>,
    status: u16,
    headers: http::HeaderMap,
    body: Bytes,
}

impl CaptureClient {
    /// Answers `200` with the body `{}`.
    pub fn new() -> Self {
        CaptureClient::with_response(200, Bytes::from_static(b"{}"))
    }

    /// A client that answers every request with `status` and `body`.
    pub fn with_response(status: u16, body: Bytes) -> Self {
        CaptureClient { requests: Arc::default(), status, headers: http::HeaderMap::new(), body }
    }

    /// A client that answers every request with `status`, `headers` and `body`.
    pub fn with_full_response(status: u16, headers: &[(&str, &str)], body: impl Into<Bytes>) -> Self {
        let response = Response::from_parts(status, headers.iter().copied(), body);
        CaptureClient {
            requests: Arc::default(),
            status,
            headers: response.header_map().clone(),
            body: response.body_bytes().clone(),
        }
    }

    /// The last request sent, if any.
    pub fn last_request(&self) -> Option<http::Request<Bytes>> {
        self.requests.lock().ok().and_then(|r| r.last().cloned())
    }

    /// A config that sends through this client to `endpoint_url`, with fixed test credentials, region
    /// `us-east-1`, no retries and the fixed idempotency token [`TEST_IDEMPOTENCY_TOKEN`].
    pub fn config(&self, endpoint_url: &str) -> Config {
        Config::builder()
            .http_client(self.clone())
            .endpoint_url(endpoint_url)
            .region("us-east-1")
            .credentials(Credentials::new("AKIDTEST", "SECRETTEST", None, None))
            .retry_config(RetryConfig::disabled())
            .idempotency_token_provider(IdempotencyTokenProvider::fixed(TEST_IDEMPOTENCY_TOKEN))
            .build()
    }
}

impl Default for CaptureClient {
    fn default() -> Self {
        CaptureClient::new()
    }
}

impl HttpClient for CaptureClient {
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture {
        if let Ok(mut requests) = self.requests.lock() {
            requests.push(request);
        }
        let response = Response::new(self.status, self.headers.clone(), self.body.clone());
        Box::pin(async move { Ok(response) })
    }
}

/// What a protocol test expects of a request; empty lists and `None` check nothing.
#[derive(Debug, Default)]
pub struct ExpectedRequest<'a> {
    /// HTTP method, e.g. `POST`.
    pub method: &'a str,
    /// Path without the query, as sent (percent-encoded).
    pub uri: &'a str,
    /// `name=value` pairs, percent-encoded as on the wire.
    pub query_params: &'a [&'a str],
    /// Query keys that must not be present.
    pub forbid_query_params: &'a [&'a str],
    /// Query keys that must be present, with any value.
    pub require_query_params: &'a [&'a str],
    /// Headers that must be present with exactly these values (names compared case-insensitively).
    pub headers: &'a [(&'a str, &'a str)],
    /// Headers that must not be present.
    pub forbid_headers: &'a [&'a str],
    /// Headers that must be present, with any value.
    pub require_headers: &'a [&'a str],
    /// The expected `Host` (with any host prefix applied).
    pub host: Option<&'a str>,
    /// The expected body; compared as JSON when the media type is JSON, byte for byte otherwise.
    pub body: Option<&'a str>,
    /// Media type of `body`, which decides how it is compared.
    pub body_media_type: Option<&'a str>,
}

/// Every mismatch between `request` and `expected`, as readable lines (empty when it matches).
pub fn request_mismatches(request: &http::Request<Bytes>, expected: &ExpectedRequest<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    if request.method().as_str() != expected.method {
        problems.push(format!("method: expected {}, got {}", expected.method, request.method()));
    }
    let path = request.uri().path();
    if path != expected.uri {
        problems.push(format!("path: expected `{}`, got `{path}`", expected.uri));
    }
    let query: Vec<&str> = request.uri().query().unwrap_or("").split('&').filter(|q| !q.is_empty()).collect();
    let key = |pair: &str| pair.split_once('=').map_or(pair, |(k, _)| k).to_owned();
    for param in expected.query_params {
        if !query.contains(param) {
            problems.push(format!("query: `{param}` missing from {query:?}"));
        }
    }
    for name in expected.forbid_query_params {
        if query.iter().any(|q| key(q) == *name) {
            problems.push(format!("query: `{name}` is forbidden but present"));
        }
    }
    for name in expected.require_query_params {
        if !query.iter().any(|q| key(q) == *name) {
            problems.push(format!("query: `{name}` is required but absent"));
        }
    }
    for (name, value) in expected.headers {
        match header_value(request, name) {
            Some(actual) if actual == *value => {}
            actual => problems.push(format!("header `{name}`: expected `{value}`, got {actual:?}")),
        }
    }
    for name in expected.forbid_headers {
        if request.headers().contains_key(*name) {
            problems.push(format!("header `{name}` is forbidden but present"));
        }
    }
    for name in expected.require_headers {
        if !request.headers().contains_key(*name) {
            problems.push(format!("header `{name}` is required but absent"));
        }
    }
    if let Some(host) = expected.host {
        let actual = request.uri().host().unwrap_or("");
        if actual != host {
            problems.push(format!("host: expected `{host}`, got `{actual}`"));
        }
    }
    if let Some(body) = expected.body {
        if let Some(problem) = body_mismatch(request.body(), body, expected.body_media_type) {
            problems.push(problem);
        }
    }
    problems
}

/// All values of a header joined with `, ` (how protocol tests write repeated headers).
fn header_value(request: &http::Request<Bytes>, name: &str) -> Option<String> {
    let values: Vec<&str> = request.headers().get_all(name).iter().filter_map(|v| v.to_str().ok()).collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// JSON media types compare as JSON values (an empty expected body also accepts an absent one); others
/// compare byte for byte.
fn body_mismatch(actual: &[u8], expected: &str, media_type: Option<&str>) -> Option<String> {
    let actual_text = String::from_utf8_lossy(actual);
    if expected.is_empty() {
        return (!actual.is_empty()).then(|| format!("body: expected none, got `{actual_text}`"));
    }
    if media_type.is_some_and(|m| m.contains("json")) {
        let want: Result<serde_json::Value, _> = serde_json::from_str(expected);
        let got: Result<serde_json::Value, _> = serde_json::from_slice(actual);
        return match (want, got) {
            (Ok(want), Ok(got)) if want == got => None,
            _ => Some(format!("body: expected JSON `{expected}`, got `{actual_text}`")),
        };
    }
    (actual != expected.as_bytes()).then(|| format!("body: expected `{expected}`, got `{actual_text}`"))
}

/// What a protocol test expects of one event stream message.
#[derive(Debug, Default)]
pub struct ExpectedMessage<'a> {
    /// Every header of the message, with its typed value (order does not matter).
    pub headers: &'a [(&'a str, HeaderValue)],
    /// The payload; compared as JSON when the media type is JSON, byte for byte otherwise.
    pub body: Option<&'a str>,
    /// Media type of `body`.
    pub body_media_type: Option<&'a str>,
}

/// Every mismatch between an event stream message and what the test expects (empty when it matches).
pub fn message_mismatches(message: &Message, expected: &ExpectedMessage<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, value) in expected.headers {
        match message.header_value(name) {
            Some(actual) if actual == value => {}
            actual => problems.push(format!("event header `{name}`: expected {value:?}, got {actual:?}")),
        }
    }
    for (name, value) in message.headers() {
        if !expected.headers.iter().any(|(n, _)| n == name) {
            problems.push(format!("event header `{name}` ({value:?}) is not expected"));
        }
    }
    let body = expected.body.unwrap_or("");
    if let Some(problem) = body_mismatch(message.payload(), body, expected.body_media_type) {
        problems.push(format!("event {problem}"));
    }
    problems
}

/// The event messages of a captured request body: the inner messages when they are signed (the empty
/// message that ends a signed stream dropped), else the messages as they are.
pub fn sent_event_messages(body: &[u8]) -> Result<Vec<Message>, FrameError> {
    let mut messages = Vec::new();
    for message in decode_all(body)? {
        if let Some(inner) = unwrap_signed(message)? {
            messages.push(inner);
        }
    }
    Ok(messages)
}

/// Float equality that treats NaN as equal to NaN (protocol tests expect NaN to round-trip).
pub fn same_float(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str, body: &'static str) -> http::Request<Bytes> {
        http::Request::builder()
            .method("POST")
            .uri(uri)
            .header("x-a", "1")
            .header("x-a", "2")
            .body(Bytes::from_static(body.as_bytes()))
            .unwrap_or_default()
    }

    #[test]
    fn matching_request_has_no_mismatches() {
        let r = request("https://example.com/p?a=1&b", r#"{"x": [1, 2]}"#);
        let expected = ExpectedRequest {
            method: "POST",
            uri: "/p",
            query_params: &["a=1"],
            forbid_query_params: &["c"],
            require_query_params: &["b"],
            headers: &[("x-a", "1, 2")],
            forbid_headers: &["x-b"],
            require_headers: &["x-a"],
            host: Some("example.com"),
            body: Some(r#"{"x":[1,2]}"#),
            body_media_type: Some("application/json"),
        };
        assert_eq!(request_mismatches(&r, &expected), Vec::<String>::new());
    }

    #[test]
    fn reports_each_mismatch() {
        let r = request("https://example.com/q?a=2", "abc");
        let expected = ExpectedRequest {
            method: "GET",
            uri: "/p",
            query_params: &["a=1"],
            forbid_query_params: &["a"],
            headers: &[("x-a", "1")],
            body: Some("abd"),
            ..Default::default()
        };
        assert_eq!(request_mismatches(&r, &expected).len(), 6);
    }

    #[test]
    fn capture_client_records_and_answers() {
        let client = CaptureClient::new();
        let future = client.send(request("https://example.com/", ""));
        drop(future);
        assert!(client.last_request().is_some());
        assert!(same_float(f64::NAN, f64::NAN));
    }
}

/// Runs a future to completion on a fresh current-thread runtime (for synchronous tests).
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a test runtime")
        .block_on(future)
}

/// The built-in parameters of an endpoint test case's `operationInputs` entry, as client configuration.
#[derive(Debug, Default)]
pub struct EndpointCase<'a> {
    /// `AWS::Region`.
    pub region: Option<&'a str>,
    /// `AWS::UseFIPS`.
    pub use_fips: bool,
    /// `AWS::UseDualStack`.
    pub use_dual_stack: bool,
    /// `SDK::Endpoint`.
    pub endpoint: Option<&'a str>,
    /// `AWS::Auth::AccountId`: the account id the test credentials carry.
    pub account_id: Option<&'a str>,
    /// `AWS::Auth::AccountIdEndpointMode`.
    pub account_id_endpoint_mode: Option<&'a str>,
}

impl CaptureClient {
    /// A config that sends through this client with the case's built-ins, fixed test credentials (carrying the
    /// case's account id) and no retries.
    pub fn endpoint_case_config(&self, case: &EndpointCase<'_>) -> Config {
        let mut credentials = Credentials::new("AKIDTEST", "SECRETTEST", None, None);
        if let Some(account) = case.account_id {
            credentials = credentials.with_account_id(account);
        }
        let mut builder = Config::builder()
            .http_client(self.clone())
            .credentials(credentials)
            .use_fips(case.use_fips)
            .use_dual_stack(case.use_dual_stack)
            .retry_config(RetryConfig::disabled());
        if let Some(region) = case.region {
            builder = builder.region(region);
        }
        if let Some(url) = case.endpoint {
            builder = builder.endpoint_url(url);
        }
        if let Some(mode) = case.account_id_endpoint_mode.and_then(crate::runtime::config::AccountIdEndpointMode::parse) {
            builder = builder.account_id_endpoint_mode(mode);
        }
        builder.build()
    }
}

/// What an endpoint test case expects of a call.
#[derive(Debug)]
pub enum ExpectedEndpoint<'a> {
    /// The request goes to `url` (scheme, host and path prefix) and is signed for this region and service.
    Url {
        /// The endpoint URL; the request URL starts with it.
        url: &'a str,
        /// The region in the signature's credential scope.
        signing_region: &'a str,
        /// The service name in the signature's credential scope.
        signing_name: &'a str,
    },
    /// Nothing is sent; the call fails with an error that says this.
    Error(&'a str),
}

/// How the request a call sent (or its failure) differs from an endpoint test case's expectation.
pub fn endpoint_mismatches(
    request: Option<&http::Request<Bytes>>,
    failure: Option<String>,
    expected: &ExpectedEndpoint<'_>,
) -> Vec<String> {
    let mut problems = Vec::new();
    match (expected, request) {
        (ExpectedEndpoint::Error(message), None) => match failure {
            Some(text) if text.contains(message) => {}
            other => problems.push(format!("expected the error {message:?}, got {other:?}")),
        },
        (ExpectedEndpoint::Error(message), Some(request)) => {
            problems.push(format!("expected the error {message:?}, but a request went to {}", request.uri()));
        }
        (ExpectedEndpoint::Url { .. }, None) => problems.push(format!("no request was sent: {failure:?}")),
        (ExpectedEndpoint::Url { url, signing_region, signing_name }, Some(request)) => {
            let sent = request.uri();
            let wanted: http::Uri = match url.parse() {
                Ok(uri) => uri,
                Err(e) => return vec![format!("expected URL {url:?} does not parse: {e}")],
            };
            let port = |uri: &http::Uri| uri.port_u16().unwrap_or(if uri.scheme_str() == Some("http") { 80 } else { 443 });
            if sent.scheme_str() != wanted.scheme_str() || sent.host() != wanted.host() || port(sent) != port(&wanted) {
                problems.push(format!("the request went to {sent}, expected the endpoint {url}"));
            }
            let prefix = wanted.path().trim_end_matches('/');
            let path = sent.path();
            if !(path.starts_with(prefix) && matches!(path.as_bytes().get(prefix.len()), None | Some(b'/'))) {
                problems.push(format!("request path {path:?} is not under the endpoint path {prefix:?}"));
            }
            let host = request.headers().get("host").and_then(|h| h.to_str().ok()).unwrap_or_default();
            if !host.starts_with(wanted.host().unwrap_or_default()) {
                problems.push(format!("Host header {host:?} does not name {:?}", wanted.host()));
            }
            let scope = format!("/{signing_region}/{signing_name}/aws4_request");
            let authorization = request.headers().get("authorization").and_then(|h| h.to_str().ok()).unwrap_or_default();
            if !authorization.contains(&scope) {
                problems.push(format!("the signature's scope is not {scope}: {authorization:?}"));
            }
        }
    }
    problems
}

/// Answers requests with scripted responses in order (the last one again once the script runs out) and
/// records each request with the (tokio) time it was sent: for retries, paginators and waiters.
#[derive(Debug, Clone)]
pub struct ScriptedClient {
    script: Arc<Mutex<std::collections::VecDeque<Response>>>,
    last: Arc<Mutex<Option<Response>>>,
    requests: Arc<Mutex<Vec<TimedRequest>>>,
}

/// A request and the (tokio) time it was sent.
type TimedRequest = (tokio::time::Instant, http::Request<Bytes>);

impl ScriptedClient {
    /// A client answering with `(status, headers, body)` responses in order.
    pub fn new<'a>(responses: impl IntoIterator<Item = (u16, &'a [(&'a str, &'a str)], &'a str)>) -> Self {
        let script = responses
            .into_iter()
            .map(|(status, headers, body)| Response::from_parts(status, headers.iter().copied(), body.to_owned()))
            .collect();
        ScriptedClient { script: Arc::new(Mutex::new(script)), last: Arc::default(), requests: Arc::default() }
    }

    /// Every request sent so far.
    pub fn requests(&self) -> Vec<http::Request<Bytes>> {
        self.requests.lock().map(|r| r.iter().map(|(_, request)| request.clone()).collect()).unwrap_or_default()
    }

    /// When each request was sent, as an offset from the first.
    pub fn request_offsets(&self) -> Vec<std::time::Duration> {
        let requests = self.requests.lock().map(|r| r.iter().map(|(at, _)| *at).collect::<Vec<_>>()).unwrap_or_default();
        requests.first().map(|first| requests.iter().map(|at| *at - *first).collect()).unwrap_or_default()
    }

    /// A config that sends through this client, like [`CaptureClient::config`] but for region `region` and
    /// the rules' own endpoint (no endpoint URL override).
    pub fn config(&self, region: &str) -> Config {
        Config::builder()
            .http_client(self.clone())
            .region(region)
            .credentials(Credentials::new("AKIDTEST", "SECRETTEST", None, None))
            .retry_config(RetryConfig::disabled())
            .idempotency_token_provider(IdempotencyTokenProvider::fixed(TEST_IDEMPOTENCY_TOKEN))
            .build()
    }
}

impl HttpClient for ScriptedClient {
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture {
        if let Ok(mut requests) = self.requests.lock() {
            requests.push((tokio::time::Instant::now(), request));
        }
        let next = self.script.lock().ok().and_then(|mut s| s.pop_front());
        let response = match next {
            Some(response) => {
                if let Ok(mut last) = self.last.lock() {
                    *last = Some(response.clone());
                }
                response
            }
            None => self.last.lock().ok().and_then(|l| l.clone()).unwrap_or_else(|| {
                Response::new(500, http::HeaderMap::new(), Bytes::from_static(b"{\"message\":\"empty script\"}"))
            }),
        };
        Box::pin(async move { Ok(response) })
    }
}
