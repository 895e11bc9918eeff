//! Interceptors: user hooks the one request path calls at fixed points of every attempt, in the order they were
//! added (those of the [`Config`](crate::runtime::config::Config) first, then those of a per-call
//! [`ConfigOverride`](crate::runtime::customize::ConfigOverride)).
//!
//! Every hook has a default that does nothing, so an interceptor implements only what it needs. A client with
//! no interceptor pays one emptiness check per attempt.
//!
//! Event stream calls that send events make one attempt whose body is produced while it is sent: only
//! [`Intercept::read_after_transmit`] runs for them.

use crate::runtime::error::InvokeError;
use crate::runtime::http::Response;
use crate::runtime::retry::RetryKind;
use bytes::Bytes;
use std::fmt;
use std::sync::Arc;

/// The error type interceptor hooks may fail with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Where in a call a hook runs: the service, the operation and the attempt.
#[derive(Debug, Clone, Copy)]
pub struct AttemptContext {
    /// The service's sdk id, e.g. `Backup`.
    pub service: &'static str,
    /// The operation's shape name, e.g. `StartCopyJob`.
    pub operation: &'static str,
    /// This attempt's number, starting at 1.
    pub attempt: u32,
    /// The most attempts this call makes.
    pub max_attempts: u32,
}

/// What an attempt ended with: a response (any status) or a transport failure.
pub type AttemptOutcome<'a> = Result<&'a Response, &'a InvokeError>;

/// What a [`Intercept::decide_retry`] hook says about the attempt that just ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Keep the runtime's own classification (the default).
    Default,
    /// Retry (as a transient failure unless the runtime classified it otherwise), while attempts and the retry
    /// quota last.
    Retry,
    /// Do not retry: this attempt's outcome is the call's.
    Stop,
}

/// Hooks into the request path. Implement the ones you need; the others do nothing.
pub trait Intercept: Send + Sync + fmt::Debug {
    /// A name for error messages and logs.
    fn name(&self) -> &'static str;

    /// Runs on each attempt before the request is signed: headers, URI and body may be changed, and the
    /// signature covers the changes. An error fails the call before anything is sent
    /// ([`SdkError::Construction`](crate::runtime::error::SdkError::Construction), naming this interceptor).
    fn modify_before_signing(
        &self,
        context: &AttemptContext,
        request: &mut http::Request<Bytes>,
    ) -> Result<(), BoxError> {
        let _ = (context, request);
        Ok(())
    }

    /// Runs on each attempt when a response has arrived (whatever its status), before it is classified for
    /// retries or parsed.
    fn read_after_transmit(&self, context: &AttemptContext, response: &Response) {
        let _ = (context, response);
    }

    /// Runs after each attempt, with the runtime's classification (`Some` when it would retry); the first hook
    /// that does not answer [`RetryDecision::Default`] decides. The attempt limit and retry quota still apply.
    fn decide_retry(
        &self,
        context: &AttemptContext,
        outcome: AttemptOutcome<'_>,
        classified: Option<RetryKind>,
    ) -> RetryDecision {
        let _ = (context, outcome, classified);
        RetryDecision::Default
    }
}

/// An interceptor shared by configs, clients and calls.
pub type SharedInterceptor = Arc<dyn Intercept>;

/// The interceptors of one call: the config's, then the call's own.
#[derive(Clone, Copy)]
pub(crate) struct Interceptors<'a> {
    pub(crate) config: &'a [SharedInterceptor],
    pub(crate) call: &'a [SharedInterceptor],
}

impl<'a> Interceptors<'a> {
    pub(crate) fn is_empty(&self) -> bool {
        self.config.is_empty() && self.call.is_empty()
    }

    fn iter(&self) -> impl Iterator<Item = &'a SharedInterceptor> {
        self.config.iter().chain(self.call.iter())
    }

    /// Runs every `modify_before_signing` hook in order; the first error ends the call.
    pub(crate) fn modify_before_signing(
        &self,
        context: &AttemptContext,
        request: &mut http::Request<Bytes>,
    ) -> Result<(), InvokeError> {
        for interceptor in self.iter() {
            interceptor.modify_before_signing(context, request).map_err(|e| {
                InvokeError::Construction(crate::runtime::error::ConstructionFailure::with_source(
                    format!("interceptor `{}` failed in modify_before_signing", interceptor.name()),
                    e,
                ))
            })?;
        }
        Ok(())
    }

    pub(crate) fn read_after_transmit(&self, context: &AttemptContext, response: &Response) {
        for interceptor in self.iter() {
            interceptor.read_after_transmit(context, response);
        }
    }

    /// The retry classification after the hooks had their say.
    pub(crate) fn decide_retry(
        &self,
        context: &AttemptContext,
        outcome: AttemptOutcome<'_>,
        classified: Option<RetryKind>,
    ) -> Option<RetryKind> {
        for interceptor in self.iter() {
            match interceptor.decide_retry(context, outcome, classified) {
                RetryDecision::Default => continue,
                RetryDecision::Retry => return Some(classified.unwrap_or(RetryKind::Transient)),
                RetryDecision::Stop => return None,
            }
        }
        classified
    }
}

/// Names of the interceptors, for `Debug` of configs (interceptors themselves may hold anything).
pub(crate) fn names(interceptors: &[SharedInterceptor]) -> Vec<&'static str> {
    interceptors.iter().map(|i| i.name()).collect()
}
