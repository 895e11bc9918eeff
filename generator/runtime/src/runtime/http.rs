//! The HTTP layer: the request emitted code builds, the response it parses, and the pluggable client that
//! moves bytes (the default one is hyper 1 with a pooled, keep-alive connector and rustls for https).

use bytes::Bytes;
use futures_core::Stream;
use http_body_util::{BodyExt, Either, Full, Limited, StreamBody};
use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::runtime::stalled_stream::{MonitoredBody, StalledStream, StalledStreamProtection};

/// Default cap on a response body; larger bodies fail with [`HttpErrorKind::ResponseTooLarge`].
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 64 * 1024 * 1024;

/// The future returned by [`HttpClient::send`].
pub type HttpFuture = Pin<Box<dyn Future<Output = Result<Response, HttpError>> + Send + 'static>>;

/// A body that arrives (or is sent) in chunks over time: event streams.
pub type BodyStream =
    Pin<Box<dyn Stream<Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>> + Send>>;

/// A response body still arriving, shared by the clones of its [`Response`] (the first taker reads it).
#[derive(Clone, Default)]
struct SharedBodyStream(std::sync::Arc<std::sync::Mutex<Option<BodyStream>>>);

impl fmt::Debug for SharedBodyStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BodyStream")
    }
}

/// A request as serialised by an operation: relative to the endpoint the runtime resolves later.
#[derive(Clone, Debug)]
pub struct Request {
    method: &'static str,
    path_and_query: String,
    headers: Vec<(Cow<'static, str>, String)>,
    body: Bytes,
    /// Prepended to the endpoint's host (`@endpoint(hostPrefix)`), e.g. `foo.bar.`.
    host_prefix: Option<String>,
    /// Replaces the resolved endpoint URL for this request (an input member that names the endpoint to call).
    endpoint_override: Option<String>,
    /// The endpoint resolved for this call (operations whose endpoint parameters depend on the input or the
    /// credentials); `None`: the client's endpoint, resolved once.
    resolved_endpoint: Option<Box<crate::runtime::endpoint::Endpoint>>,
}

impl Request {
    /// `path_and_query` starts with `/` and is already percent-encoded.
    pub fn new(method: &'static str, path_and_query: String) -> Self {
        Request {
            method,
            path_and_query,
            headers: Vec::new(),
            body: Bytes::new(),
            host_prefix: None,
            endpoint_override: None,
            resolved_endpoint: None,
        }
    }

    /// Sends this request to `endpoint`, resolved for this call, instead of the client's endpoint.
    pub fn with_resolved_endpoint(mut self, endpoint: crate::runtime::endpoint::Endpoint) -> Self {
        self.resolved_endpoint = Some(Box::new(endpoint));
        self
    }

    /// The endpoint resolved for this call, if any.
    pub fn resolved_endpoint(&self) -> Option<&crate::runtime::endpoint::Endpoint> {
        self.resolved_endpoint.as_deref()
    }

    /// Adds a header (repeated names are sent as repeated header lines).
    pub fn header(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Replaces every header of that name (compared case-insensitively) by one with `value`.
    pub fn replace_header(
        mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl Into<String>,
    ) -> Self {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
        self
    }

    /// Sends the request to `prefix` + the resolved endpoint host (signed and `Host` header included). The
    /// prefix comes from the operation's `@endpoint(hostPrefix)` with its labels already checked and filled in.
    pub fn host_prefix(mut self, prefix: String) -> Self {
        self.host_prefix = Some(prefix);
        self
    }

    /// The host prefix set by the operation, if any.
    pub fn host_prefix_value(&self) -> Option<&str> {
        self.host_prefix.as_deref()
    }

    /// Sends the request to `url` (absolute http(s)) instead of the resolved endpoint; signing still uses the
    /// resolved endpoint's scope. Set by operations whose input member names the endpoint to call.
    pub fn endpoint_override(mut self, url: String) -> Self {
        self.endpoint_override = Some(url);
        self
    }

    /// The endpoint URL set by the operation, if any.
    pub fn endpoint_override_value(&self) -> Option<&str> {
        self.endpoint_override.as_deref()
    }

    /// Sets the body; the bytes are shared, not copied, across retry attempts.
    pub fn body(mut self, body: Vec<u8>) -> Self {
        self.body = Bytes::from(body);
        self
    }

    /// HTTP method, upper case (`GET`, `POST`, ...).
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// Path and query string, percent-encoded, starting with `/`.
    pub fn path_and_query(&self) -> &str {
        &self.path_and_query
    }

    /// The headers set by the operation, in insertion order (the runtime adds host, signing and SDK headers later).
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(n, v)| (n.as_ref(), v.as_str()))
    }

    /// First header of that name, compared case-insensitively.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The serialised body; empty when none was set.
    pub fn body_bytes(&self) -> &Bytes {
        &self.body
    }
}

/// An HTTP response: the body fully read, or (for event streams) still arriving as a [`BodyStream`].
///
/// Its `Debug` shows the status, the header names and the body length, never header values or the body
/// (either may hold secrets); read those through [`Response::body`] and [`Response::header`].
#[derive(Clone)]
pub struct Response {
    status: u16,
    headers: http::HeaderMap,
    body: Bytes,
    stream: Option<SharedBodyStream>,
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("header_names", &HeaderNames(&self.headers))
            .field("body_len", &self.body.len())
            .field("streaming", &self.stream.is_some())
            .finish()
    }
}

struct HeaderNames<'a>(&'a http::HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys().map(http::HeaderName::as_str)).finish()
    }
}

impl Response {
    /// A response from its parts.
    pub fn new(status: u16, headers: http::HeaderMap, body: Bytes) -> Self {
        Response {
            status,
            headers,
            body,
            stream: None,
        }
    }

    /// The same status and headers with a body that is still arriving (`body()` is then empty).
    pub fn with_body_stream(mut self, stream: BodyStream) -> Self {
        self.body = Bytes::new();
        self.stream = Some(SharedBodyStream(std::sync::Arc::new(std::sync::Mutex::new(Some(stream)))));
        self
    }

    /// Takes the body that is still arriving, if there is one and no clone of this response took it already.
    pub fn take_body_stream(&self) -> Option<BodyStream> {
        self.stream.as_ref().and_then(|s| s.0.lock().ok()?.take())
    }

    /// Convenience for tests and custom clients: headers given as name/value pairs (invalid ones are skipped).
    pub fn from_parts<'a>(
        status: u16,
        headers: impl IntoIterator<Item = (&'a str, &'a str)>,
        body: impl Into<Bytes>,
    ) -> Self {
        let mut map = http::HeaderMap::new();
        for (name, value) in headers {
            if let (Ok(n), Ok(v)) = (
                http::HeaderName::from_bytes(name.as_bytes()),
                http::HeaderValue::from_str(value),
            ) {
                map.append(n, v);
            }
        }
        Response::new(status, map, body.into())
    }

    /// HTTP status code (e.g. 200, 404).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// First value of the header, case-insensitive; `None` when absent or not valid UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// All headers with UTF-8 values, names lowercase.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers
            .iter()
            .filter_map(|(n, v)| v.to_str().ok().map(|v| (n.as_str(), v)))
    }

    /// All headers, including any whose values are not UTF-8.
    pub fn header_map(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The whole body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The whole body as shared [`Bytes`] (cheap to clone).
    pub fn body_bytes(&self) -> &Bytes {
        &self.body
    }
}

/// Moves one fully-formed request (absolute URI, final headers) and returns the whole response.
pub trait HttpClient: Send + Sync + fmt::Debug {
    /// Sends `request` and reads the whole response. Any status, 4xx and 5xx included, is an `Ok` response; `Err`
    /// is for transport failures only. The runtime applies the attempt and call timeouts around this future.
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture;

    /// Sends a request whose body is sent as it is produced and returns the response as soon as its head
    /// arrives, the body still arriving ([`Response::take_body_stream`]); used by event streams. A client that
    /// cannot stream returns the request unchanged, and the runtime then reads the whole body and calls
    /// [`HttpClient::send`] (events are then sent in one go, after the sender ends).
    fn send_streaming(&self, request: http::Request<BodyStream>) -> Result<HttpFuture, Box<http::Request<BodyStream>>> {
        Err(Box::new(request))
    }
}

/// A streamed body of one chunk: a body that is already whole.
pub fn body_stream_of(bytes: Bytes) -> BodyStream {
    Box::pin(OneChunk(Some(bytes)))
}

struct OneChunk(Option<Bytes>);

impl Stream for OneChunk {
    type Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        std::task::Poll::Ready(self.0.take().map(Ok))
    }
}

/// Reads a streamed body to the end, failing past `limit` bytes.
pub async fn collect_body_stream(mut stream: BodyStream, limit: usize, status: u16) -> Result<Bytes, HttpError> {
    let mut out = Vec::new();
    while let Some(chunk) = std::future::poll_fn(|cx| stream.as_mut().poll_next(cx)).await {
        let chunk = chunk.map_err(|e| HttpError { kind: HttpErrorKind::Io, source: Some(e) })?;
        if out.len() + chunk.len() > limit {
            return Err(HttpError::from_kind(HttpErrorKind::ResponseTooLarge { limit, status }));
        }
        out.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(out))
}

/// Why a request could not be sent or its response not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum HttpErrorKind {
    /// Could not connect (refused, DNS, TLS handshake, connect timeout).
    Connect,
    /// The connection failed after it was established (reset, truncated body).
    Io,
    /// The connect timeout elapsed.
    Timeout,
    /// The response broke HTTP framing (a malformed or oversized head, invalid chunking): sending again
    /// would get the same answer, so it is not retried.
    InvalidResponse,
    /// The response body arrived slower than the stalled-stream protection allows (a timeout, retried).
    StalledStream,
    /// The body is larger than the configured cap.
    ResponseTooLarge {
        /// The cap, in bytes.
        limit: usize,
        /// HTTP status of the oversized response.
        status: u16,
    },
    /// Anything else the client reports (e.g. an invalid request).
    Other,
}

/// A transport failure reported by an [`HttpClient`]: its kind and the underlying error.
#[derive(Debug)]
pub struct HttpError {
    kind: HttpErrorKind,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl HttpError {
    /// An error of `kind` caused by `source` (shown after the kind by `Display`).
    pub fn new(
        kind: HttpErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        HttpError {
            kind,
            source: Some(source.into()),
        }
    }

    /// An error of `kind` with no underlying cause.
    pub fn from_kind(kind: HttpErrorKind) -> Self {
        HttpError { kind, source: None }
    }

    /// What kind of failure it was; decides whether the call is retried and how it is reported.
    pub fn kind(&self) -> HttpErrorKind {
        self.kind
    }

    pub(crate) fn into_source(self) -> Option<Box<dyn std::error::Error + Send + Sync>> {
        self.source
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            HttpErrorKind::Connect => f.write_str("failed to connect")?,
            HttpErrorKind::Io => f.write_str("connection failed")?,
            HttpErrorKind::Timeout => f.write_str("connect timed out")?,
            HttpErrorKind::InvalidResponse => f.write_str("invalid HTTP response")?,
            HttpErrorKind::StalledStream => f.write_str("response body stalled")?,
            HttpErrorKind::ResponseTooLarge { limit, status } => write!(
                f,
                "response body (HTTP {status}) exceeds the limit of {limit} bytes"
            )?,
            HttpErrorKind::Other => f.write_str("HTTP client error")?,
        }
        // The cause is `source()`, not repeated here: each level of the chain states only its own part.
        Ok(())
    }
}

impl std::error::Error for HttpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

/// Settings of the default hyper client.
#[derive(Clone, Debug)]
pub struct HyperClientSettings {
    /// Limit on TCP connect (default 3.1 s); `None` means no limit.
    pub connect_timeout: Option<Duration>,
    /// Largest response body read, in bytes (default 64 MiB).
    pub max_response_body: usize,
    /// How long an unused pooled connection is kept open (default 90 s).
    pub pool_idle_timeout: Duration,
    /// Minimum throughput of a response body (default 1 byte/s over 5 s); `None` turns the check off.
    pub stalled_stream_protection: Option<StalledStreamProtection>,
}

impl Default for HyperClientSettings {
    fn default() -> Self {
        HyperClientSettings {
            connect_timeout: Some(Duration::from_millis(3100)),
            max_response_body: DEFAULT_MAX_RESPONSE_BODY,
            pool_idle_timeout: Duration::from_secs(90),
            stalled_stream_protection: Some(StalledStreamProtection::default()),
        }
    }
}

type Connector = hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>;

/// A request body: whole, or streamed as produced.
type HyperBody = Either<Full<Bytes>, StreamBody<FrameStream>>;

/// The default client: one pooled hyper client (HTTP/1.1 keep-alive), https via rustls/ring with webpki roots.
#[derive(Clone)]
pub struct HyperClient {
    client: hyper_util::client::legacy::Client<Connector, HyperBody>,
    max_response_body: usize,
    stalled_stream_protection: Option<StalledStreamProtection>,
}

impl fmt::Debug for HyperClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperClient")
            .field("max_response_body", &self.max_response_body)
            .field("stalled_stream_protection", &self.stalled_stream_protection)
            .finish()
    }
}

impl HyperClient {
    /// Fails only if rustls rejects the ring provider's default protocol versions.
    pub fn new(settings: &HyperClientSettings) -> Result<Self, HttpError> {
        let mut http = hyper_util::client::legacy::connect::HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(settings.connect_timeout);
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
            .map_err(|e| HttpError::new(HttpErrorKind::Other, e))?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .pool_idle_timeout(settings.pool_idle_timeout)
                .pool_timer(hyper_util::rt::TokioTimer::new())
                .build(https);
        Ok(HyperClient {
            client,
            max_response_body: settings.max_response_body,
            stalled_stream_protection: settings.stalled_stream_protection,
        })
    }
}

impl HttpClient for HyperClient {
    fn send(&self, request: http::Request<Bytes>) -> HttpFuture {
        let client = self.client.clone();
        let limit = self.max_response_body;
        let protection = self.stalled_stream_protection;
        Box::pin(async move {
            let response = client
                .request(request.map(|body| Either::Left(Full::new(body))))
                .await
                .map_err(classify_send_error)?;
            let (parts, body) = response.into_parts();
            let status = parts.status.as_u16();
            let too_large =
                || HttpError::from_kind(HttpErrorKind::ResponseTooLarge { limit, status });
            let declared = parts
                .headers
                .get(http::header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
            if declared.is_some_and(|len| len > limit as u64) {
                return Err(too_large());
            }
            let body = match Limited::new(MonitoredBody::new(body, protection), limit).collect().await {
                Ok(collected) => collected.to_bytes(),
                Err(e) if e.is::<http_body_util::LengthLimitError>() => return Err(too_large()),
                Err(e) if e.is::<StalledStream>() => return Err(HttpError { kind: HttpErrorKind::StalledStream, source: Some(e) }),
                Err(e) => {
                    let kind = if breaks_framing(&*e) { HttpErrorKind::InvalidResponse } else { HttpErrorKind::Io };
                    return Err(HttpError { kind, source: Some(e) });
                }
            };
            Ok(Response::new(status, parts.headers, body))
        })
    }

    fn send_streaming(&self, request: http::Request<BodyStream>) -> Result<HttpFuture, Box<http::Request<BodyStream>>> {
        Ok(self.send_streaming_body(request))
    }
}

impl HyperClient {
    fn send_streaming_body(&self, request: http::Request<BodyStream>) -> HttpFuture {
        let client = self.client.clone();
        Box::pin(async move {
            let request = request.map(|body| Either::Right(StreamBody::new(FrameStream(body))));
            let response = client.request(request).await.map_err(classify_send_error)?;
            let (parts, body) = response.into_parts();
            let head = Response::new(parts.status.as_u16(), parts.headers, Bytes::new());
            Ok(head.with_body_stream(Box::pin(IncomingStream(body))))
        })
    }
}

/// Body chunks as hyper frames.
struct FrameStream(BodyStream);

impl Stream for FrameStream {
    type Item = Result<hyper::body::Frame<Bytes>, Box<dyn std::error::Error + Send + Sync>>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        self.0.as_mut().poll_next(cx).map(|chunk| chunk.map(|c| c.map(hyper::body::Frame::data)))
    }
}

/// A hyper response body as data chunks (trailers are skipped).
struct IncomingStream(hyper::body::Incoming);

impl Stream for IncomingStream {
    type Item = Result<Bytes, Box<dyn std::error::Error + Send + Sync>>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        loop {
            let frame = match hyper::body::Body::poll_frame(Pin::new(&mut self.0), cx) {
                std::task::Poll::Pending => return std::task::Poll::Pending,
                std::task::Poll::Ready(None) => return std::task::Poll::Ready(None),
                std::task::Poll::Ready(Some(Err(e))) => return std::task::Poll::Ready(Some(Err(Box::new(e)))),
                std::task::Poll::Ready(Some(Ok(frame))) => frame,
            };
            if let Ok(data) = frame.into_data() {
                return std::task::Poll::Ready(Some(Ok(data)));
            }
        }
    }
}

fn classify_send_error(error: hyper_util::client::legacy::Error) -> HttpError {
    let kind = if error.is_connect() {
        if is_timeout(&error) {
            HttpErrorKind::Timeout
        } else {
            HttpErrorKind::Connect
        }
    } else if breaks_framing(&error) {
        HttpErrorKind::InvalidResponse
    } else {
        HttpErrorKind::Io
    };
    HttpError::new(kind, error)
}

/// Whether a failure is the response's own fault, the same on every attempt: hyper could not parse the head
/// (`message head is too large`, an invalid status line or header), or its body decoder rejected the framing
/// (invalid chunk sizes: `InvalidData` / `InvalidInput` I/O errors that did not come from TLS). A connection
/// that closed early (`UnexpectedEof`, reset) is transient.
fn breaks_framing(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(hyper_error) = e.downcast_ref::<hyper::Error>() {
            if hyper_error.is_parse() || hyper_error.is_parse_status() {
                return true;
            }
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            let from_tls = io.get_ref().is_some_and(|inner| inner.is::<rustls::Error>());
            return matches!(io.kind(), std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput) && !from_tls;
        }
        current = e.source();
    }
    false
}

fn is_timeout(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::TimedOut {
                return true;
            }
        }
        current = e.source();
    }
    false
}
