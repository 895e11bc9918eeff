//! Standard retry mode: which failures are retried, exponential backoff with full jitter, and the client-wide
//! retry token bucket that stops retry storms when a service is struggling.

use std::cell::Cell;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// How many attempts and how long to wait between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

impl RetryConfig {
    /// 3 attempts, backoff base 1 s, capped at 20 s.
    pub fn standard() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
        }
    }

    /// One attempt, never retry.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Values below 1 are treated as 1.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Base delay of the first retry, doubled for each later one (default 1 s).
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Upper bound on any single delay (default 20 s).
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Total attempts per call, the first one included (at least 1).
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Base delay of the first retry.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// Upper bound on any single delay.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// Delay before retry number `retry` (1 for the first retry): uniform in `[0, min(max, initial * 2^(retry-1))]`.
    pub fn backoff(&self, retry: u32) -> Duration {
        self.backoff_with(retry, random_unit())
    }

    /// `backoff` with the random factor in `[0, 1)` given.
    pub fn backoff_with(&self, retry: u32, unit: f64) -> Duration {
        let exponent = retry.saturating_sub(1).min(62) as i32;
        let ceiling = (self.initial_backoff.as_secs_f64() * 2f64.powi(exponent))
            .min(self.max_backoff.as_secs_f64());
        // try_: a huge configured maximum must not overflow into a panic.
        Duration::try_from_secs_f64((ceiling * unit.clamp(0.0, 1.0)).max(0.0))
            .unwrap_or(self.max_backoff)
    }
}

/// Why a failure may be retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// The service asked the client to slow down.
    Throttling,
    /// A transient service-side or network problem.
    Transient,
    /// The request timed out (costs more retry tokens).
    Timeout,
}

const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalError",
    "InternalServerError",
    "InternalFailure",
    "ServiceUnavailable",
    "ServiceUnavailableException",
    "IDPCommunicationError",
];

/// Codes that mean the signing clock is off; retried once the skew is corrected.
pub const CLOCK_SKEW_CODES: &[&str] = &[
    "RequestTimeTooSkewed",
    "RequestExpired",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
];

const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// Whether `code` (sanitized, e.g. `ThrottlingException`) is one of the well-known throttling error codes.
pub fn is_throttling_code(code: &str) -> bool {
    THROTTLING_CODES.contains(&code)
}

/// Whether `code` is one of the well-known transient server-side error codes (e.g. `InternalFailure`).
pub fn is_transient_code(code: &str) -> bool {
    TRANSIENT_CODES.contains(&code)
}

/// Whether `code` is in [`CLOCK_SKEW_CODES`].
pub fn is_clock_skew_code(code: &str) -> bool {
    CLOCK_SKEW_CODES.contains(&code)
}

/// Classifies an error response from its status and (sanitized) error code. `modeled` is the operation's
/// `@retryable` errors as `(code, throttling)`.
pub fn classify_response<'a>(
    status: u16,
    code: Option<&str>,
    modeled: impl IntoIterator<Item = (&'a str, bool)>,
) -> Option<RetryKind> {
    if let Some(code) = code {
        if let Some((_, throttling)) = modeled.into_iter().find(|(c, _)| *c == code) {
            return Some(if throttling {
                RetryKind::Throttling
            } else {
                RetryKind::Transient
            });
        }
        if is_throttling_code(code) {
            return Some(RetryKind::Throttling);
        }
        if is_transient_code(code) {
            return Some(RetryKind::Transient);
        }
    }
    if status == 429 {
        return Some(RetryKind::Throttling);
    }
    TRANSIENT_STATUSES
        .contains(&status)
        .then_some(RetryKind::Transient)
}

/// Retry quota shared by every call of one client (standard mode: 500 tokens, 5 per retry, 10 per timeout retry).
#[derive(Debug)]
pub struct TokenBucket {
    tokens: AtomicU32,
    capacity: u32,
}

/// Tokens a new client starts with (and the most it can hold).
pub const TOKEN_BUCKET_CAPACITY: u32 = 500;
/// Tokens taken by a retry after a throttling or transient error.
pub const RETRY_COST: u32 = 5;
/// Tokens taken by a retry after a timeout.
pub const TIMEOUT_RETRY_COST: u32 = 10;
/// Tokens returned by a call that succeeded on its first attempt.
pub const SUCCESS_REWARD: u32 = 1;

impl Default for TokenBucket {
    fn default() -> Self {
        Self::new(TOKEN_BUCKET_CAPACITY)
    }
}

impl TokenBucket {
    /// A full bucket holding at most `capacity` tokens.
    pub fn new(capacity: u32) -> Self {
        TokenBucket {
            tokens: AtomicU32::new(capacity),
            capacity,
        }
    }

    /// Tokens left now.
    pub fn available(&self) -> u32 {
        self.tokens.load(Ordering::Relaxed)
    }

    /// The cost of retrying after a failure of this kind.
    pub fn cost_of(kind: RetryKind) -> u32 {
        match kind {
            RetryKind::Timeout => TIMEOUT_RETRY_COST,
            RetryKind::Throttling | RetryKind::Transient => RETRY_COST,
        }
    }

    /// Takes `cost` tokens if that many are left; `false` means do not retry.
    pub fn try_acquire(&self, cost: u32) -> bool {
        self.tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| t.checked_sub(cost))
            .is_ok()
    }

    /// Returns tokens (a refund after a successful retry, or the success reward), never above capacity.
    pub fn release(&self, amount: u32) {
        let capacity = self.capacity;
        let _ = self
            .tokens
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |t| {
                (t < capacity).then(|| t.saturating_add(amount).min(capacity))
            });
    }
}

thread_local! {
    static RNG_STATE: Cell<u64> = Cell::new(seed());
}

fn seed() -> u64 {
    let bytes = uuid::Uuid::new_v4().into_bytes();
    let mut first = [0u8; 8];
    first.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(first) | 1 // xorshift state must be non-zero
}

/// A uniform value in `[0, 1)` from a per-thread xorshift64* generator (jitter needs no cryptographic quality).
pub fn random_unit() -> f64 {
    (random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// 64 bits from the per-thread xorshift64* generator (seeded once per thread from the OS).
pub fn random_u64() -> u64 {
    RNG_STATE.with(|state| {
        let mut x = state.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        state.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_codes_statuses_and_modeled_errors() {
        let none: [(&str, bool); 0] = [];
        assert_eq!(
            classify_response(400, Some("ThrottlingException"), none),
            Some(RetryKind::Throttling)
        );
        assert_eq!(
            classify_response(400, Some("SlowDown"), none),
            Some(RetryKind::Throttling)
        );
        assert_eq!(
            classify_response(400, Some("RequestTimeout"), none),
            Some(RetryKind::Transient)
        );
        assert_eq!(
            classify_response(429, None, none),
            Some(RetryKind::Throttling)
        );
        for status in [500, 502, 503, 504] {
            assert_eq!(
                classify_response(status, None, none),
                Some(RetryKind::Transient)
            );
        }
        assert_eq!(classify_response(501, None, none), None);
        assert_eq!(
            classify_response(400, Some("ValidationException"), none),
            None
        );
        assert_eq!(
            classify_response(404, Some("ResourceNotFoundException"), none),
            None
        );
        let modeled = [
            ("ConcurrentModificationException", false),
            ("CustomThrottle", true),
        ];
        assert_eq!(
            classify_response(409, Some("ConcurrentModificationException"), modeled),
            Some(RetryKind::Transient)
        );
        assert_eq!(
            classify_response(400, Some("CustomThrottle"), modeled),
            Some(RetryKind::Throttling)
        );
    }

    #[test]
    fn backoff_stays_within_bounds() {
        let config = RetryConfig::standard();
        assert_eq!(config.backoff_with(1, 0.0), Duration::ZERO);
        assert_eq!(config.backoff_with(1, 1.0), Duration::from_secs(1));
        assert_eq!(config.backoff_with(3, 1.0), Duration::from_secs(4));
        assert_eq!(config.backoff_with(10, 1.0), Duration::from_secs(20));
        assert_eq!(config.backoff_with(u32::MAX, 1.0), Duration::from_secs(20));
        for retry in 1..20 {
            let d = config.backoff(retry);
            assert!(d <= Duration::from_secs(20), "{d:?}");
            assert!(
                d <= Duration::from_secs_f64(2f64.powi(retry as i32 - 1)),
                "{d:?}"
            );
        }
    }

    #[test]
    fn extreme_settings_do_not_panic() {
        let huge = RetryConfig::standard()
            .with_initial_backoff(Duration::MAX)
            .with_max_backoff(Duration::MAX);
        assert_eq!(huge.backoff_with(5, 1.0), Duration::MAX);
        assert_eq!(huge.backoff_with(5, f64::NAN), Duration::ZERO);
    }

    #[test]
    fn random_unit_is_in_range_and_varies() {
        let values: Vec<f64> = (0..1000).map(|_| random_unit()).collect();
        assert!(values.iter().all(|v| (0.0..1.0).contains(v)));
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        assert!((0.4..0.6).contains(&mean), "{mean}");
    }

    #[test]
    fn token_bucket_drains_refunds_and_caps() {
        let bucket = TokenBucket::new(12);
        assert!(bucket.try_acquire(TokenBucket::cost_of(RetryKind::Timeout)));
        assert_eq!(bucket.available(), 2);
        assert!(!bucket.try_acquire(RETRY_COST));
        assert_eq!(bucket.available(), 2);
        bucket.release(RETRY_COST);
        assert_eq!(bucket.available(), 7);
        bucket.release(100);
        assert_eq!(bucket.available(), 12);
        bucket.release(SUCCESS_REWARD);
        assert_eq!(bucket.available(), 12);
    }

    #[test]
    fn disabled_means_one_attempt() {
        assert_eq!(RetryConfig::disabled().max_attempts(), 1);
        assert_eq!(
            RetryConfig::standard().with_max_attempts(0).max_attempts(),
            1
        );
    }
}
