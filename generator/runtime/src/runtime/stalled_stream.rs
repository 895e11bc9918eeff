//! Stalled-stream protection (as in aws-sdk-rust): a response body that arrives slower than a minimum
//! throughput for a whole grace period fails the attempt as a timeout, which is retried, instead of keeping the
//! call alive for as long as the server trickles bytes.
//!
//! The check costs nothing while the body is already there: its timer is armed only once a read has to wait,
//! so a response whose body arrives with its head never touches the timer wheel.

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The minimum throughput a response body must keep over every grace period once it has to wait for data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StalledStreamProtection {
    min_bytes_per_sec: u64,
    grace_period: Duration,
}

impl Default for StalledStreamProtection {
    /// At least 1 byte per second, measured over 5 s.
    fn default() -> Self {
        StalledStreamProtection {
            min_bytes_per_sec: 1,
            grace_period: Duration::from_secs(5),
        }
    }
}

impl StalledStreamProtection {
    /// A body that delivers fewer than `min_bytes_per_sec` x `grace_period` bytes (and always at least one
    /// byte) within any grace period fails. A zero grace period is taken as 1 ms.
    pub fn new(min_bytes_per_sec: u64, grace_period: Duration) -> Self {
        StalledStreamProtection {
            min_bytes_per_sec,
            grace_period: grace_period.max(Duration::from_millis(1)),
        }
    }

    /// The minimum throughput, in bytes per second.
    pub fn min_bytes_per_sec(&self) -> u64 {
        self.min_bytes_per_sec
    }

    /// How long the throughput is measured over before a slow body fails.
    pub fn grace_period(&self) -> Duration {
        self.grace_period
    }

    /// Bytes a body must deliver within one grace period (at least one).
    fn required_per_period(&self) -> u64 {
        let bytes = u128::from(self.min_bytes_per_sec).saturating_mul(self.grace_period.as_millis()) / 1000;
        u64::try_from(bytes).unwrap_or(u64::MAX).max(1)
    }
}

/// A response body that fell below the minimum throughput (the `source` of the attempt's timeout).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StalledStream {
    protection: StalledStreamProtection,
    received: u64,
}

impl StalledStream {
    /// The protection settings that cut the body off.
    pub fn protection(&self) -> StalledStreamProtection {
        self.protection
    }

    /// Bytes that arrived during the grace period that failed.
    pub fn received(&self) -> u64 {
        self.received
    }
}

impl fmt::Display for StalledStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "response body stalled: {} bytes in {:?}, below the minimum of {} bytes/s",
            self.received, self.protection.grace_period, self.protection.min_bytes_per_sec
        )
    }
}

impl std::error::Error for StalledStream {}

/// A body read under stalled-stream protection (`None`: read as is).
pub struct MonitoredBody<B> {
    inner: B,
    protection: Option<StalledStreamProtection>,
    window: Option<Window>,
}

/// The current grace period: when it ends and how much arrived since it began.
struct Window {
    deadline: Pin<Box<tokio::time::Sleep>>,
    received: u64,
}

impl<B> MonitoredBody<B> {
    /// Wraps `inner`; no timer exists until a read has to wait.
    pub fn new(inner: B, protection: Option<StalledStreamProtection>) -> Self {
        MonitoredBody {
            inner,
            protection,
            window: None,
        }
    }

    /// Called when the inner body has nothing to give: starts the first grace period, or ends the current one
    /// (and starts the next) when its time is up.
    fn poll_stalled(&mut self, cx: &mut Context<'_>) -> Poll<StalledStream> {
        let Some(protection) = self.protection else {
            return Poll::Pending;
        };
        let window = self.window.get_or_insert_with(|| Window {
            deadline: Box::pin(tokio::time::sleep(protection.grace_period)),
            received: 0,
        });
        loop {
            if window.deadline.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            if window.received < protection.required_per_period() {
                return Poll::Ready(StalledStream {
                    protection,
                    received: window.received,
                });
            }
            window.received = 0;
            let next = tokio::time::Instant::now() + protection.grace_period;
            window.deadline.as_mut().reset(next);
        }
    }
}

impl<B> Body for MonitoredBody<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let (Some(window), Some(data)) = (&mut this.window, frame.data_ref()) {
                    window.received = window.received.saturating_add(data.len() as u64);
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => match this.poll_stalled(cx) {
                Poll::Ready(stalled) => Poll::Ready(Some(Err(Box::new(stalled)))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::{BodyExt, StreamBody};

    type Chunks = StreamBody<Pin<Box<dyn futures_core::Stream<Item = Result<Frame<Bytes>, BoxError>> + Send>>>;

    /// A body that yields `count` one-byte chunks, `every` apart.
    fn trickle(count: usize, every: Duration) -> Chunks {
        let stream = TrickleStream { left: count, every, sleep: None };
        StreamBody::new(Box::pin(stream))
    }

    struct TrickleStream {
        left: usize,
        every: Duration,
        sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    }

    impl futures_core::Stream for TrickleStream {
        type Item = Result<Frame<Bytes>, BoxError>;
        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            if self.left == 0 {
                return Poll::Ready(None);
            }
            let every = self.every;
            let sleep = self.sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep(every)));
            if sleep.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.sleep = None;
            self.left -= 1;
            Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"x")))))
        }
    }

    #[tokio::test]
    async fn a_body_below_the_minimum_fails_after_the_grace_period() {
        // 100 bytes/s over 100 ms needs 10 bytes; a byte every 40 ms gives 2 or 3.
        let protection = StalledStreamProtection::new(100, Duration::from_millis(100));
        let started = std::time::Instant::now();
        let error = MonitoredBody::new(trickle(100, Duration::from_millis(40)), Some(protection))
            .collect()
            .await
            .map(|_| ())
            .expect_err("stalled");
        let stalled = error.downcast_ref::<StalledStream>().expect("a StalledStream");
        assert!(stalled.received() < 10, "{stalled}");
        assert!(started.elapsed() >= Duration::from_millis(100));
        assert!(started.elapsed() < Duration::from_secs(3), "cut off well before the 4 s the body needs");
    }

    #[tokio::test]
    async fn a_body_at_the_minimum_or_unprotected_completes() {
        // 10 bytes/s over 300 ms needs 3 bytes; 6 bytes arrive within about 60 ms.
        let protection = StalledStreamProtection::new(10, Duration::from_millis(300));
        let body = MonitoredBody::new(trickle(6, Duration::from_millis(10)), Some(protection));
        assert_eq!(body.collect().await.expect("fast enough").to_bytes().len(), 6);
        let body = MonitoredBody::new(trickle(3, Duration::from_millis(150)), None);
        assert_eq!(body.collect().await.expect("no protection").to_bytes().len(), 3);
    }

    #[test]
    fn required_bytes_are_at_least_one() {
        assert_eq!(StalledStreamProtection::default().required_per_period(), 5);
        assert_eq!(StalledStreamProtection::new(0, Duration::ZERO).required_per_period(), 1);
        assert_eq!(StalledStreamProtection::new(u64::MAX, Duration::MAX).required_per_period(), u64::MAX);
    }
}
