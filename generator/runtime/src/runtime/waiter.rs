//! The one waiter engine (`smithy.waiters#waitable`): poll an operation, run the acceptors in order on each
//! result, and sleep between polls by the Smithy waiter delay algorithm until success, failure or the maximum
//! wait. Generated code supplies the acceptors as static data and a closure that sends one poll.
//!
//! Sleeping goes through `tokio::time`, so tests run under a paused clock in milliseconds.

use crate::runtime::error::{ProvideErrorMetadata, SdkError};
use crate::runtime::jmespath::{CompiledPath, ToValue, Value};
use std::fmt;
use std::future::Future;
use std::time::Duration;

/// What an acceptor's match means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// The wait is over: the resource reached the desired state.
    Success,
    /// The wait is over: the resource can no longer reach the desired state.
    Failure,
    /// Poll again.
    Retry,
}

/// How a path's result is compared with an acceptor's expected value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathComparator {
    /// The result is a string equal to the expected value.
    StringEquals,
    /// The result is a boolean whose text (`true` / `false`) is the expected value.
    BooleanEquals,
    /// The result is a non-empty list of strings, every one equal to the expected value.
    AllStringEquals,
    /// The result is a list holding at least one string equal to the expected value.
    AnyStringEquals,
}

impl PathComparator {
    /// Whether `result` satisfies the comparator against `expected`.
    pub fn matches(self, result: &Value<'_>, expected: &str) -> bool {
        let is_expected = |v: &Value<'_>| v.as_str() == Some(expected);
        match (self, result) {
            (PathComparator::StringEquals, v) => is_expected(v),
            (PathComparator::BooleanEquals, Value::Bool(b)) => expected == if *b { "true" } else { "false" },
            (PathComparator::AllStringEquals, Value::Array(items)) => !items.is_empty() && items.iter().all(is_expected),
            (PathComparator::AnyStringEquals, Value::Array(items)) => items.iter().any(is_expected),
            _ => false,
        }
    }
}

/// What an acceptor looks at.
#[derive(Debug)]
pub enum Matcher {
    /// A path over the successful output.
    Output {
        /// Where to look.
        path: CompiledPath,
        /// The value to compare with.
        expected: &'static str,
        /// How to compare.
        comparator: PathComparator,
    },
    /// A path over `{"input": .., "output": ..}` of a successful call.
    InputOutput {
        /// Where to look.
        path: CompiledPath,
        /// The value to compare with.
        expected: &'static str,
        /// How to compare.
        comparator: PathComparator,
    },
    /// `true`: the call succeeded; `false`: it failed with any error.
    Success(bool),
    /// The call failed with this error (shape name, or an absolute shape id).
    ErrorType(&'static str),
}

/// One acceptor: when its matcher matches, the waiter moves to its state.
#[derive(Debug)]
pub struct Acceptor {
    /// The state a match moves the waiter to.
    pub state: AcceptorState,
    /// What must match.
    pub matcher: Matcher,
}

/// A waiter of the model, as generated static data.
#[derive(Debug)]
pub struct WaiterSpec {
    /// The waiter's name in the model (e.g. `TableExists`).
    pub name: &'static str,
    /// The operation it polls.
    pub operation: &'static str,
    /// Shortest delay between polls (`minDelay`, 2 s by default).
    pub min_delay: Duration,
    /// Longest delay between polls (`maxDelay`, 120 s by default).
    pub max_delay: Duration,
    /// The acceptors, in the order they are tried.
    pub acceptors: &'static [Acceptor],
}

impl WaiterSpec {
    /// The state of the first acceptor that matches, or `None`.
    pub fn classify<I: ToValue, O: ToValue, E: ProvideErrorMetadata>(
        &self,
        input: &I,
        result: &Result<O, SdkError<E>>,
    ) -> Option<AcceptorState> {
        self.acceptors.iter().find(|a| matches(&a.matcher, input, result)).map(|a| a.state)
    }
}

fn matches<I: ToValue, O: ToValue, E: ProvideErrorMetadata>(
    matcher: &Matcher,
    input: &I,
    result: &Result<O, SdkError<E>>,
) -> bool {
    match (matcher, result) {
        (Matcher::Output { path, expected, comparator }, Ok(output)) => {
            comparator.matches(&path.search(&output.to_value()), expected)
        }
        (Matcher::InputOutput { path, expected, comparator }, Ok(output)) => {
            let both = InputOutputView { input: input.to_value(), output: output.to_value() };
            comparator.matches(&path.search(&Value::Object(&both)), expected)
        }
        (Matcher::Success(wanted), result) => result.is_ok() == *wanted,
        (Matcher::ErrorType(wanted), Err(SdkError::Service(error, _))) => {
            let wanted = wanted.rsplit('#').next().unwrap_or(wanted);
            error.code() == Some(wanted)
        }
        _ => false,
    }
}

struct InputOutputView<'a> {
    input: Value<'a>,
    output: Value<'a>,
}

impl crate::runtime::jmespath::Reflect for InputOutputView<'_> {
    fn member(&self, name: &str) -> Value<'_> {
        match name {
            "input" => self.input.clone(),
            "output" => self.output.clone(),
            _ => Value::Null,
        }
    }

    fn members(&self) -> Vec<(std::borrow::Cow<'_, str>, Value<'_>)> {
        vec![("input".into(), self.input.clone()), ("output".into(), self.output.clone())]
    }
}

/// The last response of a waiter: the operation's output or its error.
pub struct FinalPoll<O, E> {
    result: Result<O, E>,
}

impl<O, E> FinalPoll<O, E> {
    /// Borrows the final output or error.
    pub fn as_result(&self) -> Result<&O, &E> {
        self.result.as_ref()
    }

    /// The final output or error.
    pub fn into_result(self) -> Result<O, E> {
        self.result
    }
}

impl<O: fmt::Debug, E: fmt::Debug> fmt::Debug for FinalPoll<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FinalPoll").field("result", &self.result).finish()
    }
}

/// Why a waiter did not reach its success state.
#[non_exhaustive]
pub enum WaiterError<O, E> {
    /// The poll request could not be built (invalid input, no credentials, ...); nothing was sent.
    ConstructionFailure(SdkError<E>),
    /// The maximum wait elapsed before an acceptor said success or failure.
    ExceededMaxWait(ExceededMaxWait),
    /// A failure acceptor matched: the resource will not reach the desired state. Holds that response.
    FailureState(FinalPoll<O, SdkError<E>>),
    /// The operation failed with an error that no acceptor expects.
    OperationFailed(SdkError<E>),
}

/// Details of [`WaiterError::ExceededMaxWait`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceededMaxWait {
    max_wait: Duration,
    elapsed: Duration,
    poll_count: u32,
}

impl ExceededMaxWait {
    /// The maximum wait the caller gave.
    pub fn max_wait(&self) -> Duration {
        self.max_wait
    }

    /// How long the waiter ran.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// How many times the operation was called.
    pub fn poll_count(&self) -> u32 {
        self.poll_count
    }
}

impl<O, E> WaiterError<O, E> {
    /// The final response of a failure state.
    pub fn final_poll(&self) -> Option<&FinalPoll<O, SdkError<E>>> {
        match self {
            WaiterError::FailureState(poll) => Some(poll),
            _ => None,
        }
    }
}

impl<O: fmt::Debug, E: fmt::Debug> fmt::Debug for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::ConstructionFailure(e) => f.debug_tuple("ConstructionFailure").field(e).finish(),
            WaiterError::ExceededMaxWait(e) => f.debug_tuple("ExceededMaxWait").field(e).finish(),
            WaiterError::FailureState(p) => f.debug_tuple("FailureState").field(p).finish(),
            WaiterError::OperationFailed(e) => f.debug_tuple("OperationFailed").field(e).finish(),
        }
    }
}

impl<O, E: ProvideErrorMetadata + fmt::Display> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::ConstructionFailure(_) => f.write_str("the waiter's request could not be built"),
            WaiterError::ExceededMaxWait(e) => write!(
                f,
                "the waiter gave up after {:?} ({} polls; max wait {:?})",
                e.elapsed, e.poll_count, e.max_wait
            ),
            WaiterError::FailureState(poll) => match poll.as_result() {
                Ok(_) => f.write_str("the waiter reached a failure state"),
                Err(e) => write!(f, "the waiter reached a failure state: {e}"),
            },
            WaiterError::OperationFailed(_) => f.write_str("the waiter's operation failed with an unexpected error"),
        }
    }
}

impl<O: fmt::Debug, E: ProvideErrorMetadata + std::error::Error + 'static> std::error::Error for WaiterError<O, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiterError::ConstructionFailure(e) | WaiterError::OperationFailed(e) => Some(e),
            WaiterError::FailureState(poll) => poll.as_result().err().map(|e| e as _),
            WaiterError::ExceededMaxWait(_) => None,
        }
    }
}

/// Polls with `poll(&input)` until an acceptor says success (`Ok`, with that response) or failure, an
/// unexpected error ends it, or `max_wait` runs out. The first poll is immediate; the following ones wait
/// by [`delay_before_next_poll`].
pub async fn wait<I, O, E, F, Fut>(
    spec: &WaiterSpec,
    input: I,
    max_wait: Duration,
    mut poll: F,
) -> Result<FinalPoll<O, SdkError<E>>, WaiterError<O, E>>
where
    I: ToValue,
    O: ToValue,
    E: ProvideErrorMetadata,
    F: FnMut(&I) -> Fut,
    Fut: Future<Output = Result<O, SdkError<E>>>,
{
    let start = tokio::time::Instant::now();
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let result = poll(&input).await;
        let state = spec.classify(&input, &result);
        tracing::debug!(waiter = spec.name, attempt, ?state, "waiter poll");
        match (state, result) {
            (Some(AcceptorState::Success), result) => return Ok(FinalPoll { result }),
            (Some(AcceptorState::Failure), result) => return Err(WaiterError::FailureState(FinalPoll { result })),
            (None, Err(error @ (SdkError::Validation(_) | SdkError::Construction(_)))) => {
                return Err(WaiterError::ConstructionFailure(error))
            }
            (None, Err(error)) => return Err(WaiterError::OperationFailed(error)),
            (Some(AcceptorState::Retry) | None, _) => {}
        }
        let elapsed = start.elapsed();
        let remaining = max_wait.saturating_sub(elapsed);
        let jitter = crate::runtime::retry::random_u64();
        match delay_before_next_poll(spec.min_delay, spec.max_delay, attempt, remaining, jitter) {
            Some(delay) => tokio::time::sleep(delay).await,
            None => {
                return Err(WaiterError::ExceededMaxWait(ExceededMaxWait {
                    max_wait,
                    elapsed,
                    poll_count: attempt,
                }))
            }
        }
    }
}

/// The Smithy waiter delay before poll `attempt + 1`: exponential from `min_delay`, capped at `max_delay`,
/// a random point between `min_delay` and that (`jitter` is the random source), and never so long that no
/// time is left for one last poll before the deadline. `None`: no poll fits in `remaining` any more.
pub fn delay_before_next_poll(
    min_delay: Duration,
    max_delay: Duration,
    attempt: u32,
    remaining: Duration,
    jitter: u64,
) -> Option<Duration> {
    if remaining <= min_delay {
        return None;
    }
    let min = min_delay.as_secs_f64();
    let max = max_delay.as_secs_f64().max(min);
    let ceiling = if min > 0.0 { (max / min).log2() + 1.0 } else { f64::INFINITY };
    let upper = if f64::from(attempt) > ceiling { max } else { (min * 2f64.powi(attempt as i32 - 1)).min(max) };
    let fraction = (jitter >> 11) as f64 / (1u64 << 53) as f64;
    let mut delay = min + (upper - min) * fraction;
    let remaining = remaining.as_secs_f64();
    if remaining - delay <= min {
        delay = remaining - min;
    }
    Some(Duration::from_secs_f64(delay.max(0.0)))
}

#[cfg(test)]
#[allow(clippy::result_large_err)] // scripted results hold whole SdkErrors
mod tests {
    use super::*;

    #[test]
    fn comparators() {
        let s = |t: &'static str| Value::String(t.into());
        assert!(PathComparator::StringEquals.matches(&s("ACTIVE"), "ACTIVE"));
        assert!(!PathComparator::StringEquals.matches(&s("ACTIVE"), "active"));
        assert!(!PathComparator::StringEquals.matches(&Value::Null, "ACTIVE"));
        assert!(PathComparator::BooleanEquals.matches(&Value::Bool(true), "true"));
        assert!(!PathComparator::BooleanEquals.matches(&s("true"), "true"));
        let list = Value::Array(vec![s("A"), s("A")]);
        assert!(PathComparator::AllStringEquals.matches(&list, "A"));
        assert!(!PathComparator::AllStringEquals.matches(&Value::Array(vec![]), "A"), "empty lists never match all");
        assert!(!PathComparator::AllStringEquals.matches(&Value::Array(vec![s("A"), s("B")]), "A"));
        assert!(PathComparator::AnyStringEquals.matches(&Value::Array(vec![s("A"), s("B")]), "B"));
        assert!(!PathComparator::AnyStringEquals.matches(&Value::Array(vec![]), "B"));
    }

    #[test]
    fn delays_grow_exponentially_within_bounds_and_stop_before_the_deadline() {
        let secs = Duration::from_secs;
        let (min, max) = (secs(2), secs(120));
        // Largest jitter: the upper bound of each attempt.
        let top = |attempt| delay_before_next_poll(min, max, attempt, secs(10_000), u64::MAX).unwrap().as_secs_f64();
        assert!((top(1) - 2.0).abs() < 0.01);
        assert!((top(2) - 4.0).abs() < 0.01);
        assert!((top(3) - 8.0).abs() < 0.01);
        assert!((top(7) - 120.0).abs() < 0.01, "capped at max_delay");
        assert!((top(30) - 120.0).abs() < 0.01);
        // Smallest jitter: min_delay.
        assert_eq!(delay_before_next_poll(min, max, 5, secs(10_000), 0), Some(min));
        // Near the deadline the delay shrinks so one last poll lands min_delay before it.
        let last = delay_before_next_poll(min, max, 7, secs(50), u64::MAX).unwrap();
        assert_eq!(last, secs(48));
        assert_eq!(delay_before_next_poll(min, max, 7, secs(2), u64::MAX), None);
        assert_eq!(delay_before_next_poll(min, max, 1, Duration::ZERO, 0), None);
    }

    use crate::runtime::error::{ErrorMetadata, Unhandled};
    use crate::runtime::http::Response;
    use serde_json::json;
    use std::collections::VecDeque;

    static ACCEPTORS: [Acceptor; 4] = [
        Acceptor {
            state: AcceptorState::Success,
            matcher: Matcher::Output {
                path: CompiledPath::new("Table.Status"),
                expected: "ACTIVE",
                comparator: PathComparator::StringEquals,
            },
        },
        Acceptor {
            state: AcceptorState::Failure,
            matcher: Matcher::InputOutput {
                path: CompiledPath::new("output.Table.Name == input.Name && output.Table.Status == 'FAILED'"),
                expected: "true",
                comparator: PathComparator::BooleanEquals,
            },
        },
        Acceptor { state: AcceptorState::Retry, matcher: Matcher::ErrorType("com.example#NotFound") },
        Acceptor { state: AcceptorState::Failure, matcher: Matcher::ErrorType("Gone") },
    ];
    static SPEC: WaiterSpec = WaiterSpec {
        name: "TableReady",
        operation: "DescribeTable",
        min_delay: Duration::from_secs(2),
        max_delay: Duration::from_secs(20),
        acceptors: &ACCEPTORS,
    };

    type Poll = Result<serde_json::Value, SdkError<Unhandled>>;

    fn service_error(code: &str) -> Poll {
        let meta = ErrorMetadata::new(Some(code.into()), None, None, Some(400));
        Err(SdkError::Service(Unhandled::new(meta), Response::new(400, Default::default(), Default::default())))
    }

    fn table(status: &str) -> Poll {
        Ok(json!({"Table": {"Name": "t", "Status": status}}))
    }

    /// Runs the waiter over scripted poll results; returns its outcome and the (paused-clock) times of the polls.
    async fn run(script: Vec<Poll>, max_wait: Duration) -> (Result<FinalPoll<serde_json::Value, SdkError<Unhandled>>, WaiterError<serde_json::Value, Unhandled>>, Vec<Duration>) {
        let start = tokio::time::Instant::now();
        let script = std::sync::Mutex::new(VecDeque::from(script));
        let times = std::sync::Mutex::new(Vec::new());
        let outcome = wait(&SPEC, json!({"Name": "t"}), max_wait, |_input| {
            times.lock().unwrap().push(start.elapsed());
            let next = script.lock().unwrap().pop_front().unwrap_or_else(|| table("CREATING"));
            async move { next }
        })
        .await;
        (outcome, times.into_inner().unwrap())
    }

    #[tokio::test(start_paused = true)]
    async fn retries_until_success_with_growing_delays() {
        let (outcome, times) = run(vec![service_error("NotFound"), table("CREATING"), table("CREATING"), table("ACTIVE")], Duration::from_secs(600)).await;
        let last = outcome.expect("reaches success");
        assert_eq!(last.as_result().ok().and_then(|o| o["Table"]["Status"].as_str()), Some("ACTIVE"));
        assert_eq!(times.len(), 4);
        assert_eq!(times[0], Duration::ZERO, "the first poll is immediate");
        for (i, pair) in times.windows(2).enumerate() {
            let gap = pair[1] - pair[0];
            let upper = Duration::from_secs(2u64 << i).min(Duration::from_secs(20));
            assert!(gap >= Duration::from_secs(2) && gap <= upper, "gap {i}: {gap:?}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn failure_acceptors_end_the_wait_with_the_response() {
        let (outcome, times) = run(vec![table("CREATING"), table("FAILED")], Duration::from_secs(600)).await;
        match outcome {
            Err(WaiterError::FailureState(poll)) => assert_eq!(poll.as_result().ok().unwrap()["Table"]["Status"], "FAILED"),
            other => panic!("expected a failure state, got {other:?}"),
        }
        assert_eq!(times.len(), 2);
        let (outcome, _) = run(vec![service_error("Gone")], Duration::from_secs(600)).await;
        assert!(matches!(outcome, Err(WaiterError::FailureState(ref p)) if p.as_result().is_err()), "{outcome:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn unexpected_errors_fail_the_wait() {
        let (outcome, times) = run(vec![table("CREATING"), service_error("AccessDenied")], Duration::from_secs(600)).await;
        assert!(matches!(outcome, Err(WaiterError::OperationFailed(SdkError::Service(ref e, _))) if e.code() == Some("AccessDenied")), "{outcome:?}");
        assert_eq!(times.len(), 2);
        let invalid: Poll = Err(SdkError::Construction(crate::runtime::error::ConstructionFailure::new("no region")));
        let (outcome, _) = run(vec![invalid], Duration::from_secs(600)).await;
        assert!(matches!(outcome, Err(WaiterError::ConstructionFailure(_))), "{outcome:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn gives_up_at_the_max_wait_after_a_last_poll_just_before_it() {
        let max_wait = Duration::from_secs(60);
        let (outcome, times) = run(vec![], max_wait).await;
        let Err(WaiterError::ExceededMaxWait(exceeded)) = outcome else { panic!("expected ExceededMaxWait, got {outcome:?}") };
        assert_eq!(exceeded.max_wait(), max_wait);
        assert_eq!(exceeded.poll_count() as usize, times.len());
        let last = *times.last().unwrap();
        assert!(last <= max_wait - Duration::from_secs(2) && last >= max_wait - Duration::from_secs(3), "last poll at {last:?}");
        assert!(exceeded.elapsed() <= max_wait);
        let shown = WaiterError::<(), Unhandled>::ExceededMaxWait(exceeded).to_string();
        assert!(shown.contains("polls"), "{shown}");
    }
}
