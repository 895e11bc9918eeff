//! What the request path logs: one DEBUG event per attempt (method, URL, status, duration, request id, retry
//! decision) and, at TRACE, the request and response headers with secrets redacted and the body sizes. Bodies
//! are never logged: they may hold credentials or `@sensitive` members.
//!
//! Events are only formatted when a subscriber enables them (`tracing` checks the level first), so a client
//! without a subscriber pays nothing but that check.

use http::HeaderMap;
use std::fmt;
use std::time::Duration;

/// Shown instead of a secret header value.
pub const REDACTED: &str = "** redacted **";

/// Headers whose values are always secret, whatever the operation (compared lower case).
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-amz-security-token",
    "x-amz-session-token",
    "cookie",
    "set-cookie",
];

/// Headers the signer marks sensitive that carry nothing secret and help debugging (clock skew, payload hash).
const SIGNING_HEADERS_SHOWN: &[&str] = &["x-amz-date", "x-amz-content-sha256"];

/// What happened after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryOutcome {
    /// The attempt's outcome is the call's (success, or an error that is not retried).
    Final,
    /// Retried after this delay.
    Retry(Duration),
    /// Retryable, but this was the last allowed attempt.
    MaxAttempts,
    /// Retryable, but the client's retry quota is spent.
    QuotaExhausted,
}

impl fmt::Display for RetryOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryOutcome::Final => f.write_str("done"),
            RetryOutcome::Retry(delay) => write!(f, "retry in {delay:?}"),
            RetryOutcome::MaxAttempts => f.write_str("not retried: max attempts reached"),
            RetryOutcome::QuotaExhausted => f.write_str("not retried: retry quota exhausted"),
        }
    }
}

/// Facts of one finished attempt, for the DEBUG event.
pub(crate) struct AttemptRecord<'a> {
    pub(crate) attempt: u32,
    pub(crate) method: &'a str,
    pub(crate) url: &'a str,
    pub(crate) status: Option<u16>,
    pub(crate) duration: Duration,
    pub(crate) request_id: Option<&'a str>,
    pub(crate) error: Option<&'a dyn fmt::Display>,
    pub(crate) retry: RetryOutcome,
}

/// When the per-attempt DEBUG event is wanted, the time the attempt started (so a client without a subscriber
/// does not even read the clock).
pub(crate) fn attempt_started() -> Option<std::time::Instant> {
    tracing::enabled!(tracing::Level::DEBUG).then(std::time::Instant::now)
}

/// The per-attempt DEBUG event; `record` is only evaluated when the event is enabled.
pub(crate) fn attempt_finished<'a>(record: impl FnOnce() -> AttemptRecord<'a>) {
    if !tracing::enabled!(tracing::Level::DEBUG) {
        return;
    }
    let record = record();
    tracing::debug!(
        attempt = record.attempt,
        method = record.method,
        url = record.url,
        status = record.status,
        duration_ms = record.duration.as_secs_f64() * 1000.0,
        request_id = record.request_id,
        error = record.error.map(tracing::field::display),
        retry = %record.retry,
        "attempt finished"
    );
}

/// The request as sent (signed), at TRACE: headers with secrets redacted, and the body size (`None` when
/// streamed).
pub(crate) fn request_sent(headers: &HeaderMap, body_len: Option<usize>, sensitive: &[&str]) {
    if tracing::enabled!(tracing::Level::TRACE) {
        tracing::trace!(headers = %Redacted { headers, sensitive }, body_bytes = body_len, "request headers");
    }
}

/// The response head, at TRACE: headers with secrets redacted, and the body size (`None` while streamed).
pub(crate) fn response_received(status: u16, headers: &HeaderMap, body_len: Option<usize>, sensitive: &[&str]) {
    if tracing::enabled!(tracing::Level::TRACE) {
        tracing::trace!(status, headers = %Redacted { headers, sensitive }, body_bytes = body_len, "response headers");
    }
}

/// Whether a header's value must not be shown: always-secret names, values marked sensitive (signing), and the
/// operation's headers bound to `@sensitive` members (`sensitive`: lower-case names, `prefix*` for prefix maps).
pub fn is_secret(name: &str, marked_sensitive: bool, sensitive: &[&str]) -> bool {
    let name_is = |n: &str| name.eq_ignore_ascii_case(n);
    if SECRET_HEADERS.iter().any(|n| name_is(n)) {
        return true;
    }
    if marked_sensitive && !SIGNING_HEADERS_SHOWN.iter().any(|n| name_is(n)) {
        return true;
    }
    sensitive.iter().any(|s| match s.strip_suffix('*') {
        Some(prefix) => name.len() >= prefix.len() && name[..prefix.len()].eq_ignore_ascii_case(prefix),
        None => name_is(s),
    })
}

/// Headers as `{name: value, ...}` with secret values replaced by [`REDACTED`].
struct Redacted<'a> {
    headers: &'a HeaderMap,
    sensitive: &'a [&'a str],
}

impl fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, (name, value)) in self.headers.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            let shown = if is_secret(name.as_str(), value.is_sensitive(), self.sensitive) {
                REDACTED
            } else {
                value.to_str().unwrap_or("<non-UTF-8>")
            };
            write!(f, "{name}: {shown}")?;
        }
        f.write_str("}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn secrets_are_redacted_and_the_rest_shown() {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static("AWS4-HMAC-SHA256 Credential=AKID/..."));
        headers.insert("x-amz-security-token", HeaderValue::from_static("session-secret"));
        let mut date = HeaderValue::from_static("20240101T000000Z");
        date.set_sensitive(true);
        headers.insert("x-amz-date", date);
        headers.insert("x-api-key", HeaderValue::from_static("member-secret"));
        headers.insert("x-meta-password", HeaderValue::from_static("prefix-secret"));
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        let text = Redacted { headers: &headers, sensitive: &["x-api-key", "x-meta-*"] }.to_string();
        for secret in ["AKID", "session-secret", "member-secret", "prefix-secret"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
        assert!(text.contains("content-type: application/json"), "{text}");
        assert!(text.contains("x-amz-date: 20240101T000000Z"), "{text}");
        assert_eq!(text.matches(REDACTED).count(), 4, "{text}");
    }

    #[test]
    fn retry_outcomes_read_well() {
        assert_eq!(RetryOutcome::Retry(Duration::from_millis(12)).to_string(), "retry in 12ms");
        assert_eq!(RetryOutcome::Final.to_string(), "done");
        assert!(RetryOutcome::QuotaExhausted.to_string().contains("quota"));
    }
}
