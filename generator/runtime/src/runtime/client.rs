//! The one request path every operation goes through: endpoint, headers, signing, retries, timeouts, tracing.

use crate::runtime::clock_skew::ClockSkew;
use crate::runtime::config::Config;
use crate::runtime::endpoint::{BuiltIns, Endpoint, ResolveError};
use crate::runtime::endpoint_target::EndpointTarget;
use crate::runtime::event_signing::{MessageSigner, STREAMING_PAYLOAD_HASH};
use crate::runtime::event_stream::{encode_body, EventStreamError, MessageStream};
use crate::runtime::customize::ConfigOverride;
use crate::runtime::error::{
    request_id, ConstructionFailure, DispatchFailure, ErrorMetadata, InvokeError, TimeoutError,
    TimeoutKind,
};
use crate::runtime::interceptor::{AttemptContext, Interceptors};
use crate::runtime::trace::{self, AttemptRecord, RetryOutcome};
use crate::runtime::config::TimeoutConfig;
use crate::runtime::http::{body_stream_of, collect_body_stream, HttpClient, HttpErrorKind, Request, Response, DEFAULT_MAX_RESPONSE_BODY};
use crate::runtime::retry::{self, RetryKind, TokenBucket};
use crate::runtime::sign::{self, SigningScope};
use crate::runtime::user_agent;
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, CONTENT_LENGTH, HOST, USER_AGENT};
use http::HeaderMap;
use std::borrow::Cow;
use std::sync::Arc;
use std::time::SystemTime;
use tracing::Instrument;

/// Static facts about a service, emitted once per service.
#[derive(Debug)]
pub struct ServiceMeta {
    /// The Smithy service shape name (e.g. `AmazonConnectService`).
    pub shape_name: &'static str,
    /// `aws.api#service` sdkId (e.g. `Lex Models V2`).
    pub sdk_id: &'static str,
    /// Default SigV4 signing name (endpoint auth schemes may override it).
    pub signing_name: &'static str,
    /// Suffix of `AWS_ENDPOINT_URL_<SUFFIX>` (sdk id uppercased, spaces and hyphens as `_`).
    pub env_var_suffix: &'static str,
    /// Model version of the service (e.g. `2017-08-08`), sent in the User-Agent.
    pub api_version: &'static str,
    /// The service's generated endpoint rule set, evaluated once per client from the built-in parameters.
    pub resolve_endpoint: fn(&BuiltIns) -> Result<Endpoint, ResolveError>,
}

/// How an operation authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMode {
    /// Always SigV4-signed; missing credentials are an error.
    SigV4,
    /// Signed when credentials are available, sent anonymously otherwise (`@optionalAuth`).
    Optional,
    /// Never signed (`@auth([])`).
    None,
}

/// A modeled `@retryable` error of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryableError {
    /// Error code as it appears on the wire (the shape name, without namespace).
    pub code: &'static str,
    /// `@retryable(throttling: true)`: retried with the longer throttling back-off.
    pub throttling: bool,
}

/// Static facts about an operation, emitted once per operation.
#[derive(Debug)]
pub struct OperationMeta {
    /// Operation shape name (e.g. `ListTables`), used in tracing spans and error messages.
    pub name: &'static str,
    /// Errors of this operation that the model marks `@retryable`, in addition to the generic transient codes.
    pub retryable_errors: &'static [RetryableError],
    /// Whether and how requests of this operation are signed.
    pub auth: AuthMode,
    /// Lower-case names of headers bound to `@sensitive` members (`prefix*` for prefix-header maps), redacted
    /// in logs.
    pub sensitive_headers: &'static [&'static str],
}

/// A service client's shared state; cloning is cheap.
#[derive(Clone, Debug)]
pub struct Handle {
    inner: Arc<HandleInner>,
    /// Settings of one call (`customize().config_override(..)`); `None` for ordinary calls.
    call: Option<Arc<ConfigOverride>>,
}

#[derive(Debug)]
struct HandleInner {
    config: Config,
    service: &'static ServiceMeta,
    /// Failures are kept and reported by each call, so building a client never fails.
    http: Result<Arc<dyn HttpClient>, String>,
    target: Result<EndpointTarget, String>,
    /// The configuration's built-ins, for operations that resolve their endpoint per call.
    built_ins: BuiltIns,
    user_agent: HeaderValue,
    token_bucket: TokenBucket,
    clock_skew: ClockSkew,
}

const X_AMZ_USER_AGENT: HeaderName = HeaderName::from_static("x-amz-user-agent");
const INVOCATION_ID: HeaderName = HeaderName::from_static("amz-sdk-invocation-id");
const SDK_REQUEST: HeaderName = HeaderName::from_static("amz-sdk-request");

impl Handle {
    /// Resolves the endpoint once (it depends only on configuration) and prepares the shared state.
    pub fn new(config: &Config, service: &'static ServiceMeta) -> Handle {
        let built_ins = BuiltIns {
            region: config.region().map(str::to_owned),
            use_fips: config.use_fips(),
            use_dual_stack: config.use_dual_stack(),
            endpoint: config
                .endpoint_url_for(service.env_var_suffix)
                .map(str::to_owned),
            account_id: None,
            account_id_endpoint_mode: Some(config.account_id_endpoint_mode().as_str().to_owned()),
        };
        let target = crate::runtime::region_check::check_region(config.region())
            .and_then(|()| (service.resolve_endpoint)(&built_ins).map_err(|e| format!("endpoint resolution failed: {e}")))
            .and_then(|endpoint| EndpointTarget::new(&endpoint));
        let ua = user_agent::user_agent(service.sdk_id, service.api_version, config.app_name());
        Handle {
            inner: Arc::new(HandleInner {
                config: config.clone(),
                service,
                http: config.http_client().map_err(|e| e.to_string()),
                target,
                built_ins,
                user_agent: HeaderValue::from_str(&ua)
                    .unwrap_or_else(|_| HeaderValue::from_static(user_agent::SDK_NAME)),
                token_bucket: TokenBucket::default(),
                clock_skew: ClockSkew::default(),
            }),
            call: None,
        }
    }

    /// This client's state with `overrides` applied to the calls made through the returned handle (on top of
    /// any overrides this handle already has).
    pub fn with_override(&self, overrides: ConfigOverride) -> Handle {
        let merged = match &self.call {
            Some(earlier) => ConfigOverride::clone(earlier).merged(overrides),
            None => overrides,
        };
        Handle { inner: self.inner.clone(), call: (!merged.is_empty()).then(|| Arc::new(merged)) }
    }

    /// The retry policy of calls through this handle.
    pub fn retry_config(&self) -> &crate::runtime::retry::RetryConfig {
        match self.call.as_ref().and_then(|c| c.retry.as_ref()) {
            Some(retry) => retry,
            None => self.inner.config.retry_config(),
        }
    }

    /// The time limits of calls through this handle.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        match self.call.as_ref().and_then(|c| c.timeout.as_ref()) {
            Some(timeout) => timeout,
            None => self.inner.config.timeout_config(),
        }
    }

    fn interceptors(&self) -> Interceptors<'_> {
        Interceptors {
            config: self.inner.config.interceptors(),
            call: self.call.as_ref().map_or(&[], |c| c.interceptors.as_slice()),
        }
    }

    /// The test doubles of this client's config (`test-util` feature), consulted before anything is sent.
    #[cfg(feature = "test-util")]
    pub fn mocks(&self) -> Option<&Arc<crate::runtime::mock::MockRules>> {
        self.inner.config.mocks()
    }

    /// The configuration this client was built from.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Static facts about the service this client talks to.
    pub fn service(&self) -> &'static ServiceMeta {
        self.inner.service
    }

    /// The built-in endpoint parameters of a call that resolves its endpoint itself (its parameters depend on
    /// the input). With `account_id`, the credentials are loaded first and their account id bound
    /// (`AWS::Auth::AccountId`); credentials that fail to load leave it unset (signing reports the failure).
    pub async fn endpoint_built_ins(&self, account_id: bool) -> Cow<'_, BuiltIns> {
        let built_ins = &self.inner.built_ins;
        if !account_id {
            return Cow::Borrowed(built_ins);
        }
        let Some(provider) = self.inner.config.credentials_provider() else {
            return Cow::Borrowed(built_ins);
        };
        match provider.provide_credentials().await {
            Ok(credentials) => match credentials.account_id() {
                Some(account) => Cow::Owned(BuiltIns { account_id: Some(account.to_owned()), ..built_ins.clone() }),
                None => Cow::Borrowed(built_ins),
            },
            Err(_) => Cow::Borrowed(built_ins),
        }
    }

    /// Sends the request with retries and returns the final response, whatever its status; transport failures
    /// (and responses that could not be read) are `InvokeError`s.
    pub async fn invoke(
        &self,
        operation: &'static OperationMeta,
        request: Request,
    ) -> Result<Response, InvokeError> {
        let span = tracing::debug_span!(
            "invoke",
            service = self.inner.service.sdk_id,
            operation = operation.name
        );
        let call = self
            .invoke_with_retries(operation, request, false)
            .instrument(span);
        match self.timeout_config().call_timeout() {
            Some(limit) => {
                tokio::time::timeout(limit, call)
                    .await
                    .unwrap_or(Err(InvokeError::Timeout(TimeoutError {
                        kind: TimeoutKind::Call,
                        limit: Some(limit),
                    })))
            }
            None => call.await,
        }
    }

    /// Sends an event stream call: one attempt (the events cannot be replayed), the request body streamed from
    /// `events` (each message signed, chained to the request's signature) or the request's own body when
    /// there are none. With `stream_response`, a success response is returned as soon as its head arrives,
    /// its body still arriving ([`Response::take_body_stream`]); error responses are always read whole. The
    /// attempt timeout bounds the wait for the response head when no events are sent; the call timeout, when
    /// set, bounds the whole call up to the response head. Neither limits the life of the stream.
    pub async fn invoke_event_stream(
        &self,
        operation: &'static OperationMeta,
        request: Request,
        events: Option<MessageStream>,
        stream_response: bool,
    ) -> Result<Response, InvokeError> {
        let span = tracing::debug_span!(
            "invoke_event_stream",
            service = self.inner.service.sdk_id,
            operation = operation.name
        );
        let call = self.send_event_stream(operation, request, events, stream_response).instrument(span);
        match self.timeout_config().call_timeout() {
            Some(limit) => tokio::time::timeout(limit, call).await.unwrap_or(Err(InvokeError::Timeout(
                TimeoutError { kind: TimeoutKind::Call, limit: Some(limit) },
            ))),
            None => call.await,
        }
    }

    async fn send_event_stream(
        &self,
        operation: &'static OperationMeta,
        request: Request,
        events: Option<MessageStream>,
        stream_response: bool,
    ) -> Result<Response, InvokeError> {
        let Some(events) = events else {
            // Nothing to replay: the usual retries apply until a response head arrives.
            return self.invoke_with_retries(operation, request, stream_response).await;
        };
        let Prepared { target, url, uri, method, mut headers, http } = self.prepare(&request)?;
        headers.insert(SDK_REQUEST, attempt_header(1, 1));
        // A streamed body has no length; the per-message signatures stand in for the payload hash.
        headers.remove(CONTENT_LENGTH);
        let signer = self.sign_with(operation, &method, &url, &mut headers, None, &target).await?;
        trace::request_sent(&headers, None, operation.sensitive_headers);
        let mut http_request = http::Request::new(encode_body(events, signer));
        *http_request.method_mut() = method.clone();
        *http_request.uri_mut() = uri;
        *http_request.headers_mut() = headers;
        let started = trace::attempt_started();
        let outcome = self.send_events(http, http_request).await;
        if let Ok(response) = &outcome {
            trace::response_received(response.status(), response.header_map(), None, operation.sensitive_headers);
            let interceptors = self.interceptors();
            if !interceptors.is_empty() {
                let context = AttemptContext {
                    service: self.inner.service.sdk_id,
                    operation: operation.name,
                    attempt: 1,
                    max_attempts: 1,
                };
                interceptors.read_after_transmit(&context, response);
            }
        }
        trace::attempt_finished(|| {
            let response = outcome.as_ref().ok();
            AttemptRecord {
                attempt: 1,
                method: method.as_str(),
                url: &url,
                status: response.map(Response::status),
                duration: started.map(|t| t.elapsed()).unwrap_or_default(),
                request_id: response.and_then(request_id),
                error: outcome.as_ref().err().map(|e| e as &dyn std::fmt::Display),
                retry: RetryOutcome::Final,
            }
        });
        self.settle_body(outcome?, stream_response).await
    }

    /// Sends a request whose body is the event stream, streamed when the HTTP client can.
    async fn send_events(
        &self,
        http: &Arc<dyn HttpClient>,
        http_request: http::Request<crate::runtime::http::BodyStream>,
    ) -> Result<Response, InvokeError> {
        Ok(match http.send_streaming(http_request) {
            // While events are being sent the response head may wait for the last of them (the user decides
            // how long the stream lasts), so only the call timeout, if set, bounds it.
            Ok(future) => future.await.map_err(|e| with_event_stream_cause(self.map_http_error(e)))?,
            Err(unstreamed) => {
                // The client cannot stream: read the whole body (every event) first, then send it in one go.
                let (mut parts, body) = (*unstreamed).into_parts();
                let body = collect_body_stream(body, usize::MAX, 0)
                    .await
                    .map_err(|e| with_event_stream_cause(self.map_http_error(e)))?;
                parts.headers.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
                self.send_once(http.as_ref(), http::Request::from_parts(parts, body)).await?
            }
        })
    }

    /// One attempt whose successful response body may be handed over still arriving (`stream_response`).
    async fn send_attempt(
        &self,
        http: &dyn HttpClient,
        request: http::Request<Bytes>,
        stream_response: bool,
    ) -> Result<Response, InvokeError> {
        if !stream_response {
            return self.send_once(http, request).await;
        }
        let response = match http.send_streaming(request.map(body_stream_of)) {
            Ok(future) => self.within_attempt_timeout(future).await?,
            Err(unstreamed) => {
                let (parts, body) = (*unstreamed).into_parts();
                let body = collect_body_stream(body, usize::MAX, 0).await.map_err(|e| self.map_http_error(e))?;
                self.send_once(http, http::Request::from_parts(parts, body)).await?
            }
        };
        self.settle_body(response, true).await
    }

    /// Reads a still-arriving body whole, unless it is a success response the caller wants streamed: error
    /// responses are parsed (and classified for retries) from their whole body.
    async fn settle_body(&self, response: Response, stream_response: bool) -> Result<Response, InvokeError> {
        match response.take_body_stream() {
            Some(stream) if !stream_response || response.status() >= 300 => {
                let body = collect_body_stream(stream, DEFAULT_MAX_RESPONSE_BODY, response.status())
                    .await
                    .map_err(|e| self.map_http_error(e))?;
                Ok(Response::new(response.status(), response.header_map().clone(), body))
            }
            Some(stream) => Ok(response.with_body_stream(stream)),
            None => Ok(response),
        }
    }

    /// Endpoint, URL, method and the headers that are the same on every attempt.
    fn prepare<'a>(&'a self, request: &Request) -> Result<Prepared<'a>, InvokeError> {
        let inner = &*self.inner;
        let resolved = match request.resolved_endpoint() {
            Some(endpoint) => {
                // Resolved for this call: the region check `Handle::new` made for the client's endpoint applies too.
                crate::runtime::region_check::check_region(inner.config.region()).map_err(construction)?;
                Cow::Owned(EndpointTarget::new(endpoint).map_err(construction)?)
            }
            None => Cow::Borrowed(inner.target.as_ref().map_err(|m| construction(m.clone()))?),
        };
        let call_endpoint = self.call.as_ref().and_then(|c| c.endpoint_url.as_deref());
        let target = match request.endpoint_override_value().or(call_endpoint) {
            Some(url) => Cow::Owned(with_endpoint_override(&resolved, url)?),
            None => resolved,
        };
        let http = match self.call.as_ref().and_then(|c| c.http_client.as_ref()) {
            Some(http) => http,
            None => inner.http.as_ref().map_err(|m| construction(format!("no HTTP client: {m}")))?,
        };
        let (url, host) = with_host_prefix(
            target.url_for(request.path_and_query()),
            &target.host,
            request.host_prefix_value(),
        )?;
        let uri: http::Uri = url
            .parse()
            .map_err(|e| construction(format!("invalid request URL `{url}`: {e}")))?;
        let method = http::Method::from_bytes(request.method().as_bytes()).map_err(|e| {
            construction(format!("invalid HTTP method `{}`: {e}", request.method()))
        })?;
        let headers = self.base_headers(request, &target, host)?;
        Ok(Prepared { target, url, uri, method, headers, http })
    }

    async fn invoke_with_retries(
        &self,
        operation: &'static OperationMeta,
        request: Request,
        stream_response: bool,
    ) -> Result<Response, InvokeError> {
        let inner = &*self.inner;
        let Prepared { target, url, uri, method, headers: base_headers, http } = self.prepare(&request)?;
        let target = &*target;
        let body = request.body_bytes();
        let retry_config = *self.retry_config();
        let max_attempts = retry_config.max_attempts();
        let interceptors = self.interceptors();
        let mut retry_cost = 0;
        let mut attempt = 1;
        loop {
            let context = AttemptContext {
                service: inner.service.sdk_id,
                operation: operation.name,
                attempt,
                max_attempts,
            };
            let mut headers = base_headers.clone();
            headers.insert(SDK_REQUEST, attempt_header(attempt, max_attempts));
            let mut http_request = http::Request::new(body.clone());
            *http_request.method_mut() = method.clone();
            *http_request.uri_mut() = uri.clone();
            *http_request.headers_mut() = headers;
            // Interceptors may change the request before it is signed; the signature then covers their changes.
            let signed_url = if interceptors.is_empty() {
                Cow::Borrowed(url.as_str())
            } else {
                interceptors.modify_before_signing(&context, &mut http_request)?;
                Cow::Owned(http_request.uri().to_string())
            };
            let (mut parts, attempt_body) = http_request.into_parts();
            self.sign(operation, &parts.method, &signed_url, &mut parts.headers, &attempt_body, target).await?;
            let http_request = http::Request::from_parts(parts, attempt_body);
            trace::request_sent(http_request.headers(), Some(http_request.body().len()), operation.sensitive_headers);
            let span = tracing::debug_span!(
                "attempt",
                attempt,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty
            );
            let started = trace::attempt_started();
            let outcome = self
                .send_attempt(http.as_ref(), http_request, stream_response)
                .instrument(span.clone())
                .await;
            let duration = started.map(|t| t.elapsed()).unwrap_or_default();
            let mut retry_kind = match &outcome {
                Ok(response) => {
                    span.record("status", response.status());
                    if let Some(id) = request_id(response) {
                        span.record("request_id", id);
                    }
                    // A success handed over still arriving has no size yet.
                    let body_len = (!(stream_response && response.status() < 300)).then(|| response.body().len());
                    trace::response_received(response.status(), response.header_map(), body_len, operation.sensitive_headers);
                    if !interceptors.is_empty() {
                        interceptors.read_after_transmit(&context, response);
                    }
                    self.classify_response(operation, response)
                }
                Err(error) => classify_failure(error),
            };
            if !interceptors.is_empty() {
                retry_kind = interceptors.decide_retry(&context, outcome.as_ref(), retry_kind);
            }
            let decision = match retry_kind {
                None => RetryOutcome::Final,
                Some(_) if attempt >= max_attempts => RetryOutcome::MaxAttempts,
                Some(kind) => {
                    let cost = TokenBucket::cost_of(kind);
                    if inner.token_bucket.try_acquire(cost) {
                        retry_cost = cost;
                        RetryOutcome::Retry(retry_config.backoff(attempt))
                    } else {
                        RetryOutcome::QuotaExhausted
                    }
                }
            };
            trace::attempt_finished(|| {
                let response = outcome.as_ref().ok();
                AttemptRecord {
                    attempt,
                    method: method.as_str(),
                    url: &url,
                    status: response.map(Response::status),
                    duration,
                    request_id: response.and_then(request_id),
                    error: outcome.as_ref().err().map(|e| e as &dyn std::fmt::Display),
                    retry: decision,
                }
            });
            let RetryOutcome::Retry(delay) = decision else {
                if retry_kind.is_none() && outcome.as_ref().is_ok_and(|r| r.status() < 300) {
                    inner.token_bucket.release(if retry_cost > 0 {
                        retry_cost
                    } else {
                        retry::SUCCESS_REWARD
                    });
                }
                return outcome;
            };
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            attempt += 1;
        }
    }

    /// Headers that are the same on every attempt.
    fn base_headers(
        &self,
        request: &Request,
        target: &EndpointTarget,
        host: HeaderValue,
    ) -> Result<HeaderMap, InvokeError> {
        let mut headers =
            HeaderMap::with_capacity(request.headers().size_hint().0 + target.headers.len() + 8);
        for (name, value) in request.headers() {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| construction(format!("invalid header name `{name}`: {e}")))?;
            let value = HeaderValue::from_str(value)
                .map_err(|e| construction(format!("invalid value of header `{name}`: {e}")))?;
            headers.append(name, value);
        }
        for (name, value) in &target.headers {
            headers.append(name.clone(), value.clone());
        }
        headers.insert(HOST, host);
        let body_len = request.body_bytes().len();
        if body_len > 0 || !matches!(request.method(), "GET" | "HEAD") {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(body_len));
        }
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        headers.insert(X_AMZ_USER_AGENT, self.inner.user_agent.clone());
        // A correlation id, not a secret: the cheap per-thread generator avoids a getrandom call per request.
        let mut random = [0u8; 16];
        random[..8].copy_from_slice(&retry::random_u64().to_le_bytes());
        random[8..].copy_from_slice(&retry::random_u64().to_le_bytes());
        let invocation_id = uuid::Builder::from_random_bytes(random).into_uuid();
        let mut buffer = uuid::Uuid::encode_buffer();
        let invocation_id =
            HeaderValue::from_str(invocation_id.hyphenated().encode_lower(&mut buffer))
                .map_err(|e| construction(format!("invalid invocation id: {e}")))?;
        headers.insert(INVOCATION_ID, invocation_id);
        Ok(headers)
    }

    /// Adds the SigV4 headers for this attempt (fresh credentials and signing time each time).
    async fn sign(
        &self,
        operation: &OperationMeta,
        method: &http::Method,
        url: &str,
        headers: &mut HeaderMap,
        body: &Bytes,
        target: &EndpointTarget,
    ) -> Result<(), InvokeError> {
        self.sign_with(operation, method, url, headers, Some(body), target)
            .await
            .map(|_| ())
    }

    /// Signs for `body`, or (`None`) for an event stream body whose messages are signed one by one: the
    /// returned signer continues the chain from this request's signature. `Ok(None)`: the request is unsigned.
    async fn sign_with(
        &self,
        operation: &OperationMeta,
        method: &http::Method,
        url: &str,
        headers: &mut HeaderMap,
        body: Option<&Bytes>,
        target: &EndpointTarget,
    ) -> Result<Option<MessageSigner>, InvokeError> {
        if operation.auth == AuthMode::None {
            return Ok(None);
        }
        let provider = match (self.inner.config.credentials_provider(), operation.auth) {
            (Some(provider), _) => provider,
            (None, AuthMode::Optional) => return Ok(None),
            (None, _) => {
                return Err(construction(
                    "no credentials provider is configured".to_owned(),
                ))
            }
        };
        let credentials = match provider.provide_credentials().await {
            Ok(credentials) => credentials,
            Err(_) if operation.auth == AuthMode::Optional => return Ok(None),
            Err(e) => {
                // The reason goes in the message: "failed to load credentials" alone says nothing.
                return Err(InvokeError::Construction(ConstructionFailure::with_source(
                    format!("failed to load credentials: {e}"),
                    e,
                )))
            }
        };
        let region = target
            .signing_region
            .as_deref()
            .or(self.inner.config.region())
            .ok_or_else(|| {
                construction(
                    "no region is configured (set AWS_REGION or Config::builder().region(..))"
                        .to_owned(),
                )
            })?;
        let scope = SigningScope {
            signing_name: target
                .signing_name
                .as_deref()
                .unwrap_or(self.inner.service.signing_name),
            region,
            time: self.inner.clock_skew.now(),
            disable_double_encoding: target.disable_double_encoding,
            region_set: target.region_set.as_deref(),
        };
        if body.is_none() && scope.region_set.is_some() {
            return Err(construction("event streams cannot be signed with SigV4a".to_owned()));
        }
        if body.is_none() {
            headers.insert(
                HeaderName::from_static("x-amz-content-sha256"),
                HeaderValue::from_static(STREAMING_PAYLOAD_HASH),
            );
        }
        let pairs = headers
            .iter()
            .filter_map(|(n, v)| v.to_str().ok().map(|v| (n.as_str(), v)));
        let signed = match body {
            Some(body) => sign::sign_headers(method.as_str(), url, pairs, body, &credentials, &scope)
                .map(|headers| (headers, None)),
            None => sign::sign_streaming_headers(method.as_str(), url, pairs, STREAMING_PAYLOAD_HASH, &credentials, &scope)
                .map(|(headers, seed)| (headers, Some(seed))),
        };
        let (signing_headers, seed) = signed.map_err(|e| {
            InvokeError::Construction(ConstructionFailure::with_source(
                "failed to sign the request",
                e,
            ))
        })?;
        for (name, value) in signing_headers {
            let invalid = |e: &dyn std::fmt::Display| {
                construction(format!("invalid signing header `{name}`: {e}"))
            };
            let name = HeaderName::from_bytes(name.as_bytes()).map_err(|e| invalid(&e))?;
            let mut value = HeaderValue::from_str(&value).map_err(|e| invalid(&e))?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        Ok(seed.map(|seed| MessageSigner::new(credentials, scope.region, scope.signing_name, seed)))
    }

    /// One attempt under the attempt timeout, transport errors mapped to `InvokeError`.
    async fn send_once(
        &self,
        http: &dyn HttpClient,
        request: http::Request<Bytes>,
    ) -> Result<Response, InvokeError> {
        self.within_attempt_timeout(http.send(request)).await
    }

    async fn within_attempt_timeout(
        &self,
        future: crate::runtime::http::HttpFuture,
    ) -> Result<Response, InvokeError> {
        let result = match self.timeout_config().attempt_timeout() {
            Some(limit) => match tokio::time::timeout(limit, future).await {
                Ok(result) => result,
                Err(_) => {
                    return Err(InvokeError::Timeout(TimeoutError {
                        kind: TimeoutKind::Attempt,
                        limit: Some(limit),
                    }))
                }
            },
            None => future.await,
        };
        result.map_err(|error| self.map_http_error(error))
    }

    fn map_http_error(&self, error: crate::runtime::http::HttpError) -> InvokeError {
        match error.kind() {
            HttpErrorKind::Timeout => InvokeError::Timeout(TimeoutError {
                kind: TimeoutKind::Connect,
                limit: self.inner.config.timeout_config().connect_timeout(),
            }),
            HttpErrorKind::ResponseTooLarge { limit, status } => {
                InvokeError::ResponseTooLarge { status, limit }
            }
            HttpErrorKind::StalledStream => InvokeError::Timeout(TimeoutError {
                kind: TimeoutKind::StalledStream,
                limit: self.inner.config.timeout_config().stalled_stream_protection().map(|p| p.grace_period()),
            }),
            kind => {
                let message = error.to_string();
                // Only a failed connection is worth another attempt; a response that breaks HTTP is not.
                let transient = matches!(kind, HttpErrorKind::Connect | HttpErrorKind::Io);
                InvokeError::Dispatch(DispatchFailure::new(message, error.into_source()).with_transient(transient))
            }
        }
    }

    /// Whether an error response should be retried; also learns clock skew from skew-related errors.
    fn classify_response(
        &self,
        operation: &OperationMeta,
        response: &Response,
    ) -> Option<RetryKind> {
        if response.status() < 300 {
            return None;
        }
        let meta = ErrorMetadata::from_json_response(response);
        let code = meta.code();
        if let (Some(code), Some(date)) = (code, response.header("date")) {
            if retry::is_clock_skew_code(code)
                && self
                    .inner
                    .clock_skew
                    .update_from_date(date, SystemTime::now())
            {
                tracing::debug!(code, "corrected clock skew; retrying");
                return Some(RetryKind::Transient);
            }
        }
        let modeled = operation
            .retryable_errors
            .iter()
            .map(|e| (e.code, e.throttling));
        retry::classify_response(response.status(), code, modeled)
    }
}

/// A request ready to sign and send.
struct Prepared<'a> {
    target: Cow<'a, EndpointTarget>,
    url: String,
    uri: http::Uri,
    method: http::Method,
    headers: HeaderMap,
    http: &'a Arc<dyn HttpClient>,
}

fn classify_failure(error: &InvokeError) -> Option<RetryKind> {
    match error {
        InvokeError::Timeout(_) => Some(RetryKind::Timeout),
        InvokeError::Dispatch(e) if e.is_transient() => Some(RetryKind::Transient),
        _ => None,
    }
}

/// The request URL and `Host` value: the endpoint's, or with the operation's host prefix (`@endpoint`) put in
/// front of the host.
fn with_host_prefix(
    url: String,
    host: &HeaderValue,
    prefix: Option<&str>,
) -> Result<(String, HeaderValue), InvokeError> {
    let Some(prefix) = prefix.filter(|p| !p.is_empty()) else {
        return Ok((url, host.clone()));
    };
    let invalid = || construction(format!("invalid host prefix `{prefix}` for `{url}`"));
    let authority_start = url.find("://").map(|i| i + 3).ok_or_else(invalid)?;
    let prefixed_url = format!("{}{prefix}{}", &url[..authority_start], &url[authority_start..]);
    let host = host.to_str().map_err(|_| invalid())?;
    let prefixed_host = HeaderValue::from_str(&format!("{prefix}{host}")).map_err(|_| invalid())?;
    Ok((prefixed_url, prefixed_host))
}

/// The target of a request that names its own endpoint URL: that URL's host and path, with the resolved
/// endpoint's signing scope (the service and region stay the same).
fn with_endpoint_override(
    resolved: &EndpointTarget,
    url: &str,
) -> Result<EndpointTarget, InvokeError> {
    let endpoint = Endpoint {
        url: url.to_owned(),
        ..Endpoint::default()
    };
    let mut target = EndpointTarget::new(&endpoint).map_err(construction)?;
    target.signing_name.clone_from(&resolved.signing_name);
    target.signing_region.clone_from(&resolved.signing_region);
    target.disable_double_encoding = resolved.disable_double_encoding;
    target.region_set.clone_from(&resolved.region_set);
    Ok(target)
}

/// A failure caused by an event the request could not marshal or encode, as that typed error (the HTTP client
/// only saw its request body fail).
fn with_event_stream_cause(error: InvokeError) -> InvokeError {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&error);
    while let Some(e) = cause {
        if let Some(event_error) = e.downcast_ref::<EventStreamError>() {
            return InvokeError::EventStream(event_error.clone());
        }
        cause = e.source();
    }
    error
}

/// The endpoint of a call could not be resolved (an error rule matched, or a required parameter is unset).
pub fn endpoint_failure(error: ResolveError) -> InvokeError {
    construction(format!("endpoint resolution failed: {error}"))
}

fn construction(message: String) -> InvokeError {
    InvokeError::Construction(ConstructionFailure::new(message))
}

fn attempt_header(attempt: u32, max: u32) -> HeaderValue {
    HeaderValue::from_str(&format!("attempt={attempt}; max={max}"))
        .unwrap_or_else(|_| HeaderValue::from_static("attempt=1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_prefix_goes_in_front_of_the_host() {
        let host = HeaderValue::from_static("example.com:8443");
        let url = "https://example.com:8443/path?q=1".to_owned();
        let (same_url, same_host) = with_host_prefix(url.clone(), &host, None).expect("no prefix");
        assert_eq!((same_url.as_str(), same_host.to_str().ok()), (url.as_str(), Some("example.com:8443")));
        let (url, host) = with_host_prefix(url, &host, Some("foo.bar.")).expect("valid prefix");
        assert_eq!(url, "https://foo.bar.example.com:8443/path?q=1");
        assert_eq!(host, "foo.bar.example.com:8443");
        assert!(with_host_prefix("https://h/".into(), &HeaderValue::from_static("h"), Some("a\nb.")).is_err());
    }

    #[test]
    fn endpoint_override_replaces_host_and_keeps_signing_scope() {
        let mut resolved = EndpointTarget::new(&Endpoint {
            url: "https://svc.us-east-1.amazonaws.com".to_owned(),
            ..Endpoint::default()
        })
        .expect("valid");
        resolved.signing_region = Some("us-east-1".to_owned());
        let target = with_endpoint_override(&resolved, "https://custom.example.com/")
            .expect("valid override");
        assert_eq!(target.host, "custom.example.com");
        assert_eq!(target.url_for("/"), "https://custom.example.com/");
        assert_eq!(target.signing_region.as_deref(), Some("us-east-1"));
        assert!(with_endpoint_override(&resolved, "not a url").is_err());
    }
}
