//! Per-call settings: `client.op().customize().config_override(..).send()`, as in aws-sdk-rust. The call runs
//! on the client's shared state (connections, retry quota, clock skew) with some settings replaced.

use crate::runtime::config::TimeoutConfig;
use crate::runtime::http::HttpClient;
use crate::runtime::interceptor::{names, Intercept, SharedInterceptor};
use crate::runtime::retry::RetryConfig;
use std::fmt;
use std::future::Future;
use std::sync::Arc;

/// Settings that replace the client's for one call. Unset fields keep the client's value.
#[derive(Clone, Default)]
pub struct ConfigOverride {
    pub(crate) retry: Option<RetryConfig>,
    pub(crate) timeout: Option<TimeoutConfig>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) interceptors: Vec<SharedInterceptor>,
    /// Only the test doubles set this: they answer through the normal path with their own transport.
    pub(crate) http_client: Option<Arc<dyn HttpClient>>,
}

impl fmt::Debug for ConfigOverride {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigOverride")
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("endpoint_url", &self.endpoint_url)
            .field("interceptors", &names(&self.interceptors))
            .finish_non_exhaustive()
    }
}

impl ConfigOverride {
    /// Overrides nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Retry policy of this call.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Attempt and call time limits of this call. The connect limit belongs to the shared connection pool and
    /// is not changed per call.
    pub fn timeout_config(mut self, timeout: TimeoutConfig) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends this call to `url` instead of the resolved endpoint; the signing scope (service and region) of
    /// the resolved endpoint is kept.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Adds an interceptor for this call; it runs after the config's interceptors.
    pub fn interceptor(mut self, interceptor: impl Intercept + 'static) -> Self {
        self.interceptors.push(Arc::new(interceptor));
        self
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.retry.is_none()
            && self.timeout.is_none()
            && self.endpoint_url.is_none()
            && self.interceptors.is_empty()
            && self.http_client.is_none()
    }

    /// `later` applied on top of `self`: its set fields win, its interceptors run after these.
    pub(crate) fn merged(mut self, later: ConfigOverride) -> ConfigOverride {
        self.retry = later.retry.or(self.retry);
        self.timeout = later.timeout.or(self.timeout);
        self.endpoint_url = later.endpoint_url.or(self.endpoint_url);
        self.http_client = later.http_client.or(self.http_client);
        self.interceptors.extend(later.interceptors);
        self
    }
}

/// A fluent builder that can be sent with per-call settings (implemented by every operation's fluent builder).
pub trait Customize: Sized {
    /// The operation's output.
    type Output;
    /// The operation's error (`SdkError<OperationError>`).
    type Error;
    /// Sends the call with `overrides` applied.
    fn send_with_override(
        self,
        overrides: ConfigOverride,
    ) -> impl Future<Output = Result<Self::Output, Self::Error>> + Send;
}

/// One call's fluent builder with per-call settings, from `.customize()`.
#[derive(Debug, Clone)]
pub struct CustomizableOperation<B> {
    builder: B,
    overrides: ConfigOverride,
}

impl<B: Customize> CustomizableOperation<B> {
    /// Wraps a fluent builder (generated `customize()` methods call this).
    pub fn new(builder: B) -> Self {
        CustomizableOperation { builder, overrides: ConfigOverride::default() }
    }

    /// Replaces settings of the client for this call; calling it again adds to (and overrides) earlier calls.
    pub fn config_override(mut self, overrides: impl Into<ConfigOverride>) -> Self {
        self.overrides = std::mem::take(&mut self.overrides).merged(overrides.into());
        self
    }

    /// Adds an interceptor for this call only.
    pub fn interceptor(mut self, interceptor: impl Intercept + 'static) -> Self {
        self.overrides.interceptors.push(Arc::new(interceptor));
        self
    }

    /// Sends the request with these settings.
    pub async fn send(self) -> Result<B::Output, B::Error> {
        self.builder.send_with_override(self.overrides).await
    }
}
