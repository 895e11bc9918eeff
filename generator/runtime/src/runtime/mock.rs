//! Typed test doubles (feature `test-util`), in the spirit of aws-smithy-mocks: rules per operation that match
//! the typed input and answer with a typed output, a typed modeled error or a raw HTTP response, alone or in
//! sequences; a client built from the rules ([`mock_client!`](crate::mock_client)); call counts per rule.
//!
//! Which layer this replaces: the service and the wire. Validation, interceptors, timeouts and the retry loop
//! still run: every answer goes through the client's normal request path, an HTTP answer is parsed by the
//! operation's real deserializer, and each attempt of a retried call takes the next answer. A typed answer skips
//! serialization and parsing, so it proves nothing about them: where that matters, prefer testing the HTTP
//! exchange itself (a canned [`Response`] here, or a scripted [`HttpClient`] / loopback server), which runs the
//! real (de)serialization.
//!
//! A typed error reaches the retry loop as a response with the error's status (400 unless its metadata says
//! otherwise) and code, so it is retried only when that code is a retryable one; answer with HTTP responses
//! (`http_status(503, None)`) to test retries.

use crate::runtime::config::Config;
use crate::runtime::credentials::Credentials;
use crate::runtime::customize::ConfigOverride;
use crate::runtime::error::{ConstructionFailure, ProvideErrorMetadata, SdkError};
use crate::runtime::http::{HttpClient, HttpFuture, Response};
use crate::runtime::retry::RetryConfig;
use bytes::Bytes;
use std::any::Any;
use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How a mock client picks the rule that answers a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RuleMode {
    /// Rules answer one after the other, in the order given: the current rule must match the call, and the
    /// next one takes over when it has given all its answers (a `then_*` rule gives one).
    Sequential,
    /// The first rule (in the order given) that matches the call and still has answers answers it.
    #[default]
    MatchAny,
}

/// Implemented by every operation's fluent builder (feature `test-util`): the operation's types, which let
/// [`mock!`](crate::mock) turn `Client::operation` into a typed [`RuleBuilder`].
pub trait MockOperation {
    /// The operation's input.
    type Input: 'static;
    /// The operation's output.
    type Output: 'static;
    /// The operation's error enum.
    type Error: ProvideErrorMetadata + 'static;
    /// The operation's name, for messages.
    const NAME: &'static str;
}

type Make<T> = Arc<dyn Fn() -> T + Send + Sync>;

/// One answer of a rule.
enum Answer<O, E> {
    Output(Make<O>),
    Error(Make<E>),
    Http(Make<Response>),
}

impl<O, E> Clone for Answer<O, E> {
    fn clone(&self) -> Self {
        match self {
            Answer::Output(f) => Answer::Output(f.clone()),
            Answer::Error(f) => Answer::Error(f.clone()),
            Answer::Http(f) => Answer::Http(f.clone()),
        }
    }
}

/// Builds the rule of one operation: `mock!(Client::op).match_requests(..).then_output(..)`.
pub struct RuleBuilder<I, O, E> {
    operation: &'static str,
    matcher: Arc<dyn Fn(&I) -> bool + Send + Sync>,
    _types: std::marker::PhantomData<fn() -> (O, E)>,
}

impl<I: 'static, O: 'static, E: ProvideErrorMetadata + 'static> RuleBuilder<I, O, E> {
    /// A rule for the operation whose client method is `_method` (what [`mock!`](crate::mock) expands to).
    pub fn for_operation<C, B>(_method: fn(&C) -> B) -> Self
    where
        B: MockOperation<Input = I, Output = O, Error = E>,
    {
        RuleBuilder { operation: B::NAME, matcher: Arc::new(|_| true), _types: std::marker::PhantomData }
    }

    /// Answers only calls whose input satisfies `matcher` (default: every call of the operation).
    pub fn match_requests(mut self, matcher: impl Fn(&I) -> bool + Send + Sync + 'static) -> Self {
        self.matcher = Arc::new(matcher);
        self
    }

    /// Answers every matching call with `output()`.
    pub fn then_output(self, output: impl Fn() -> O + Send + Sync + 'static) -> Rule {
        self.simple(Answer::Output(Arc::new(output)))
    }

    /// Answers every matching call with the modeled error `error()`.
    pub fn then_error(self, error: impl Fn() -> E + Send + Sync + 'static) -> Rule {
        self.simple(Answer::Error(Arc::new(error)))
    }

    /// Answers every matching call with the HTTP response `response()`, parsed by the operation's deserializer.
    pub fn then_http_response(self, response: impl Fn() -> Response + Send + Sync + 'static) -> Rule {
        self.simple(Answer::Http(Arc::new(response)))
    }

    /// Answers matching calls (and retry attempts) with a sequence of answers.
    pub fn sequence(self) -> SequenceBuilder<I, O, E> {
        SequenceBuilder { rule: self, steps: Vec::new(), repeat_last: false }
    }

    fn simple(self, answer: Answer<O, E>) -> Rule {
        Rule::new(self, vec![(answer, 1)], false, true)
    }
}

/// A sequence of answers: `.http_status(503, None).times(2).output(|| ..).build()`.
pub struct SequenceBuilder<I, O, E> {
    rule: RuleBuilder<I, O, E>,
    steps: Vec<(Answer<O, E>, usize)>,
    repeat_last: bool,
}

impl<I: 'static, O: 'static, E: ProvideErrorMetadata + 'static> SequenceBuilder<I, O, E> {
    /// Next, a typed output.
    pub fn output(mut self, output: impl Fn() -> O + Send + Sync + 'static) -> Self {
        self.steps.push((Answer::Output(Arc::new(output)), 1));
        self
    }

    /// Next, a modeled error.
    pub fn error(mut self, error: impl Fn() -> E + Send + Sync + 'static) -> Self {
        self.steps.push((Answer::Error(Arc::new(error)), 1));
        self
    }

    /// Next, an HTTP response (parsed by the operation's deserializer).
    pub fn http_response(mut self, response: impl Fn() -> Response + Send + Sync + 'static) -> Self {
        self.steps.push((Answer::Http(Arc::new(response)), 1));
        self
    }

    /// Next, an HTTP response with this status and body (empty when `None`).
    pub fn http_status(self, status: u16, body: Option<String>) -> Self {
        let body = Bytes::from(body.unwrap_or_default());
        self.http_response(move || Response::new(status, http::HeaderMap::new(), body.clone()))
    }

    /// Gives the last answer added `n` times in all (at least once).
    pub fn times(mut self, n: usize) -> Self {
        if let Some(last) = self.steps.last_mut() {
            last.1 = n.max(1);
        }
        self
    }

    /// The last answer never runs out.
    pub fn repeatedly(mut self) -> Self {
        self.repeat_last = true;
        self
    }

    /// The finished rule. A sequence with no answers never matches.
    pub fn build(self) -> Rule {
        Rule::new(self.rule, self.steps, self.repeat_last, false)
    }
}

/// The typed state of one rule.
struct RuleState<I, O, E> {
    matcher: Arc<dyn Fn(&I) -> bool + Send + Sync>,
    steps: Vec<(Answer<O, E>, usize)>,
    repeat_last: bool,
    /// A `then_*` rule: never runs out in `MatchAny` mode, gives one answer in `Sequential` mode.
    simple: bool,
    /// Answers given so far.
    calls: AtomicUsize,
}

impl<I, O, E> RuleState<I, O, E> {
    /// The answer number `n` (from 0), or `None` when the sequence has run out.
    fn answer(&self, n: usize, mode: RuleMode) -> Option<&Answer<O, E>> {
        if self.simple {
            let available = mode == RuleMode::MatchAny || n == 0;
            return available.then(|| &self.steps[0].0);
        }
        let mut remaining = n;
        for (answer, times) in &self.steps {
            if remaining < *times {
                return Some(answer);
            }
            remaining -= times;
        }
        self.steps.last().filter(|_| self.repeat_last).map(|(answer, _)| answer)
    }
}

/// What every rule offers whatever its operation's types.
trait AnyRule: Send + Sync {
    fn operation(&self) -> &'static str;
    fn as_any(&self) -> &dyn Any;
    fn num_calls(&self) -> usize;
    fn is_exhausted(&self, mode: RuleMode) -> bool;
}

impl<I: 'static, O: 'static, E: 'static> AnyRule for (&'static str, RuleState<I, O, E>) {
    fn operation(&self) -> &'static str {
        self.0
    }
    fn as_any(&self) -> &dyn Any {
        &self.1
    }
    fn num_calls(&self) -> usize {
        self.1.calls.load(Ordering::SeqCst)
    }
    fn is_exhausted(&self, mode: RuleMode) -> bool {
        self.1.answer(self.num_calls(), mode).is_none()
    }
}

/// A rule of a mock client; clones share the call count.
#[derive(Clone)]
pub struct Rule {
    state: Arc<dyn AnyRule>,
}

impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rule")
            .field("operation", &self.state.operation())
            .field("num_calls", &self.num_calls())
            .finish_non_exhaustive()
    }
}

impl Rule {
    fn new<I: 'static, O: 'static, E: 'static>(
        builder: RuleBuilder<I, O, E>,
        steps: Vec<(Answer<O, E>, usize)>,
        repeat_last: bool,
        simple: bool,
    ) -> Rule {
        let state = RuleState { matcher: builder.matcher, steps, repeat_last, simple, calls: AtomicUsize::new(0) };
        Rule { state: Arc::new((builder.operation, state)) }
    }

    /// How many answers this rule has given (each attempt of a retried call counts).
    pub fn num_calls(&self) -> usize {
        self.state.num_calls()
    }

    /// The operation this rule answers.
    pub fn operation(&self) -> &'static str {
        self.state.operation()
    }
}

/// The rules of a mock client and how they are picked.
#[derive(Clone)]
pub struct MockRules {
    mode: RuleMode,
    rules: Vec<Rule>,
    /// Sequential mode: the index of the current rule.
    position: Arc<Mutex<usize>>,
}

impl fmt::Debug for MockRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockRules").field("mode", &self.mode).field("rules", &self.rules).finish()
    }
}

impl MockRules {
    /// `rules`, picked as `mode` says.
    pub fn new(mode: RuleMode, rules: impl IntoIterator<Item = Rule>) -> Self {
        MockRules { mode, rules: rules.into_iter().collect(), position: Arc::default() }
    }

    /// The rules, in order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The typed state of rule `index`, when it is a rule of the operation with these types.
    fn state<I: 'static, O: 'static, E: 'static>(&self, index: usize) -> Option<&RuleState<I, O, E>> {
        self.rules.get(index)?.state.as_any().downcast_ref::<RuleState<I, O, E>>()
    }

    /// The next answer for an attempt of a call whose input matched the rules at `matching`; the answering
    /// rule's count goes up.
    fn next_answer<I: 'static, O: 'static, E: 'static>(
        &self,
        operation: &str,
        matching: &[usize],
    ) -> Result<Answer<O, E>, String> {
        // One lock for picking and counting, so concurrent calls never take the same sequence slot.
        let mut position = self.position.lock().unwrap_or_else(|p| p.into_inner());
        let index = match self.mode {
            RuleMode::MatchAny => matching
                .iter()
                .copied()
                .find(|&i| !self.rules[i].state.is_exhausted(self.mode))
                .ok_or_else(|| format!("no mock rule matches this `{operation}` call (or every matching rule has given all its answers)"))?,
            RuleMode::Sequential => {
                while *position < self.rules.len() && self.rules[*position].state.is_exhausted(self.mode) {
                    *position += 1;
                }
                let Some(current) = self.rules.get(*position) else {
                    return Err(format!("sequential mock rules: every rule has given all its answers; nothing left for this `{operation}` call"));
                };
                if !matching.contains(&*position) {
                    return Err(format!(
                        "sequential mock rules: the current rule (number {}, for `{}`) does not match this `{operation}` call",
                        *position + 1,
                        current.operation()
                    ));
                }
                *position
            }
        };
        let state = self.state::<I, O, E>(index).ok_or_else(|| format!("mock rule {index} changed type"))?;
        let n = state.calls.fetch_add(1, Ordering::SeqCst);
        state.answer(n, self.mode).cloned().ok_or_else(|| format!("mock rule {} has no answer left", index + 1))
    }
}

/// What the last attempt of a mocked call was answered with, when not with an HTTP response.
enum Pending<O, E> {
    Output(O),
    Error(E, Response),
    NoRule(String),
}

/// The transport of one mocked call: each attempt takes the next answer of the rules. HTTP answers are
/// returned as they are; typed answers are kept aside and a stand-in response goes back through the request
/// path (200 for an output; the error's status and code for an error, so the retry loop classifies it).
struct Exchange<I, O, E> {
    rules: Arc<MockRules>,
    operation: &'static str,
    matching: Vec<usize>,
    pending: Mutex<Option<Pending<O, E>>>,
    _input: std::marker::PhantomData<fn(I)>,
}

impl<I, O, E> fmt::Debug for Exchange<I, O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockExchange").field("operation", &self.operation).finish_non_exhaustive()
    }
}

impl<I, O, E> Exchange<I, O, E> {
    fn keep(&self, pending: Option<Pending<O, E>>) {
        *self.pending.lock().unwrap_or_else(|p| p.into_inner()) = pending;
    }

    fn take(&self) -> Option<Pending<O, E>> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}

fn stand_in(status: u16, code: Option<&str>) -> Response {
    let mut headers = http::HeaderMap::new();
    if let Some(value) = code.and_then(|c| http::HeaderValue::from_str(c).ok()) {
        headers.insert("x-amzn-errortype", value);
    }
    headers.insert("x-amzn-requestid", http::HeaderValue::from_static("mock-request"));
    Response::new(status, headers, Bytes::from_static(b"{}"))
}

impl<I, O, E> HttpClient for Exchange<I, O, E>
where
    I: 'static,
    O: Send + 'static,
    E: ProvideErrorMetadata + Send + 'static,
{
    fn send(&self, _request: http::Request<Bytes>) -> HttpFuture {
        let response = match self.rules.next_answer::<I, O, E>(self.operation, &self.matching) {
            Ok(Answer::Http(make)) => {
                self.keep(None);
                make()
            }
            Ok(Answer::Output(make)) => {
                self.keep(Some(Pending::Output(make())));
                stand_in(200, None)
            }
            Ok(Answer::Error(make)) => {
                let error = make();
                let response = stand_in(error.meta().status().unwrap_or(400), error.code());
                self.keep(Some(Pending::Error(error, response.clone())));
                response
            }
            Err(message) => {
                self.keep(Some(Pending::NoRule(message)));
                stand_in(200, None)
            }
        };
        Box::pin(async move { Ok(response) })
    }
}

/// Answers one call from the rules (called by every operation's `send` when its client has mocks): matches the
/// typed input once, then runs `send_http` (the operation's real request path) with the mock transport.
pub async fn send<I, O, E, F, Fut>(
    rules: &Arc<MockRules>,
    handle: &crate::runtime::client::Handle,
    operation: &'static str,
    input: I,
    send_http: F,
) -> Result<O, SdkError<E>>
where
    I: 'static,
    O: Send + 'static,
    E: ProvideErrorMetadata + Send + 'static,
    F: FnOnce(crate::runtime::client::Handle, I) -> Fut,
    Fut: Future<Output = Result<O, SdkError<E>>>,
{
    let matching = (0..rules.rules.len())
        .filter(|&i| rules.state::<I, O, E>(i).is_some_and(|state| (state.matcher)(&input)))
        .collect();
    let exchange = Arc::new(Exchange::<I, O, E> {
        rules: rules.clone(),
        operation,
        matching,
        pending: Mutex::new(None),
        _input: std::marker::PhantomData,
    });
    let transport: Arc<dyn HttpClient> = exchange.clone();
    let overrides = ConfigOverride { http_client: Some(transport), ..ConfigOverride::default() };
    let result = send_http(handle.with_override(overrides), input).await;
    match exchange.take() {
        Some(Pending::Output(output)) => Ok(output),
        Some(Pending::Error(error, response)) => Err(SdkError::Service(error, response)),
        Some(Pending::NoRule(message)) => Err(SdkError::Construction(ConstructionFailure::new(message))),
        None => result,
    }
}

/// The transport of a mock client outside calls: never used (each call brings its own).
#[derive(Debug)]
struct NoNetwork;

impl HttpClient for NoNetwork {
    fn send(&self, _request: http::Request<Bytes>) -> HttpFuture {
        Box::pin(async {
            Err(crate::runtime::http::HttpError::new(
                crate::runtime::http::HttpErrorKind::Other,
                "a mock client does not use the network",
            ))
        })
    }
}

/// The config of a mock client: `rules`, region `us-east-1`, test credentials, a placeholder endpoint, no
/// network, and standard retries (3 attempts) without backoff delays. Adjust it before `build()`.
pub fn mock_config_builder(rules: MockRules) -> crate::runtime::config::ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDMOCK", "mock-secret", None, None))
        .endpoint_url("https://mock.invalid")
        .http_client(NoNetwork)
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::ZERO).with_max_backoff(Duration::ZERO))
        .mocks(rules)
}

/// A [`RuleBuilder`] for a client method: `mock!(aws_lite::backup::Client::start_copy_job)`.
#[macro_export]
macro_rules! mock {
    ($($method:tt)+) => {
        $crate::runtime::mock::RuleBuilder::for_operation($($method)+)
    };
}

/// A service client answered by rules: `mock_client!(aws_lite::backup, [&rule])`,
/// `mock_client!(aws_lite::backup, RuleMode::Sequential, [&a, &b])`, and with a last argument
/// `|config| config.retry_config(..)` to adjust the config.
#[macro_export]
macro_rules! mock_client {
    ($($service:ident)::+, [$($rule:expr),* $(,)?]) => {
        $crate::mock_client!($($service)::+, $crate::runtime::mock::RuleMode::MatchAny, [$($rule),*])
    };
    ($($service:ident)::+, $mode:expr, [$($rule:expr),* $(,)?]) => {
        $crate::mock_client!($($service)::+, $mode, [$($rule),*], |config| config)
    };
    ($($service:ident)::+, $mode:expr, [$($rule:expr),* $(,)?], $adjust:expr) => {{
        let rules = $crate::runtime::mock::MockRules::new($mode, [$($crate::runtime::mock::Rule::clone($rule)),*]);
        let adjust: fn($crate::runtime::config::ConfigBuilder) -> $crate::runtime::config::ConfigBuilder = $adjust;
        $($service)::+::Client::new(&adjust($crate::runtime::mock::mock_config_builder(rules)).build())
    }};
}
