//! A caching wrapper around any credentials provider: credentials are reused until shortly before they expire,
//! one refresh runs at a time however many tasks ask, and a refresh that fails transiently leaves the
//! still-valid credentials in service.

use crate::runtime::credentials::{
    Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

/// How long before expiry credentials are refreshed (the AWS SDKs use a few seconds to minutes; five minutes
/// leaves room for a slow STS call).
pub const DEFAULT_REFRESH_MARGIN: Duration = Duration::from_secs(300);

/// How long credentials that carry no expiry are reused before the source is asked again (aws-sdk-rust: 15 min).
pub const DEFAULT_NO_EXPIRY_TTL: Duration = Duration::from_secs(15 * 60);

/// Limit on one refresh (aws-sdk-rust: 5 s); the chain's own HTTP limits are shorter.
pub const DEFAULT_LOAD_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone)]
struct Cached {
    credentials: Credentials,
    /// When to ask the source again.
    refresh_at: SystemTime,
}

/// Caches what `provider` returns; see the module docs.
#[derive(Debug)]
pub struct CachingCredentialsProvider {
    provider: Arc<dyn ProvideCredentials>,
    cached: RwLock<Option<Cached>>,
    /// Held while a refresh runs: the single flight.
    refresh: tokio::sync::Mutex<()>,
    margin: Duration,
    no_expiry_ttl: Duration,
    load_timeout: Duration,
}

impl std::fmt::Debug for Cached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cached")
            .field("credentials", &self.credentials)
            .field("refresh_at", &self.refresh_at)
            .finish()
    }
}

impl CachingCredentialsProvider {
    /// Wraps `provider` with the default margin, time-to-live and load limit.
    pub fn new(provider: Arc<dyn ProvideCredentials>) -> Self {
        CachingCredentialsProvider {
            provider,
            cached: RwLock::new(None),
            refresh: tokio::sync::Mutex::new(()),
            margin: DEFAULT_REFRESH_MARGIN,
            no_expiry_ttl: DEFAULT_NO_EXPIRY_TTL,
            load_timeout: DEFAULT_LOAD_TIMEOUT,
        }
    }

    /// Refreshes this long before expiry.
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// Reuses credentials without an expiry this long.
    pub fn with_no_expiry_ttl(mut self, ttl: Duration) -> Self {
        self.no_expiry_ttl = ttl;
        self
    }

    /// Fails a refresh that takes longer than this (as a transient failure).
    pub fn with_load_timeout(mut self, limit: Duration) -> Self {
        self.load_timeout = limit;
        self
    }

    fn fresh(&self, now: SystemTime) -> Option<Credentials> {
        let guard = self.cached.read().ok()?;
        guard
            .as_ref()
            .filter(|c| now < c.refresh_at)
            .map(|c| c.credentials.clone())
    }

    /// Cached credentials that have not expired yet (possibly inside the refresh margin).
    fn still_valid(&self, now: SystemTime) -> Option<Credentials> {
        let guard = self.cached.read().ok()?;
        guard
            .as_ref()
            .map(|c| &c.credentials)
            .filter(|c| c.expiry().is_none_or(|expiry| now < expiry))
            .cloned()
    }

    async fn refresh(&self) -> Result<Credentials, CredentialsError> {
        let _flight = self.refresh.lock().await;
        // Another task may have refreshed while this one waited for the lock.
        if let Some(credentials) = self.fresh(SystemTime::now()) {
            return Ok(credentials);
        }
        let loaded = match tokio::time::timeout(self.load_timeout, self.provider.provide_credentials()).await {
            Ok(result) => result,
            Err(_) => Err(CredentialsError::transient(format!(
                "loading credentials took longer than {:?}",
                self.load_timeout
            ))),
        };
        let now = SystemTime::now();
        match loaded {
            Ok(credentials) => {
                let refresh_at = match credentials.expiry() {
                    Some(expiry) => expiry
                        .checked_sub(self.margin)
                        .filter(|at| *at > now)
                        // Credentials shorter-lived than the margin: use them for half their remaining life.
                        .unwrap_or_else(|| now + expiry.duration_since(now).unwrap_or_default() / 2),
                    None => now + self.no_expiry_ttl,
                };
                if let Ok(mut guard) = self.cached.write() {
                    *guard = Some(Cached {
                        credentials: credentials.clone(),
                        refresh_at,
                    });
                }
                Ok(credentials)
            }
            Err(e) if e.is_transient() => match self.still_valid(now) {
                Some(credentials) => {
                    tracing::warn!(error = %e, "credentials refresh failed; still-valid credentials keep serving");
                    Ok(credentials)
                }
                None => Err(e),
            },
            Err(e) => Err(e),
        }
    }
}

impl ProvideCredentials for CachingCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        match self.fresh(SystemTime::now()) {
            Some(credentials) => ProvideCredentialsFuture::ready(Ok(credentials)),
            None => ProvideCredentialsFuture::new(self.refresh()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;

    /// Answers with the scripted results in turn (the last repeats), after a short pause, counting calls.
    #[derive(Debug)]
    struct Scripted {
        calls: AtomicUsize,
        results: Mutex<Vec<Result<Credentials, CredentialsError>>>,
    }

    impl Scripted {
        fn new(results: Vec<Result<Credentials, CredentialsError>>) -> Arc<Self> {
            Arc::new(Scripted {
                calls: AtomicUsize::new(0),
                results: Mutex::new(results),
            })
        }
    }

    fn copy(r: &Result<Credentials, CredentialsError>) -> Result<Credentials, CredentialsError> {
        match r {
            Ok(c) => Ok(c.clone()),
            Err(e) => Err(CredentialsError::of_kind(e.kind(), e.to_string())),
        }
    }

    impl ProvideCredentials for Scripted {
        fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
            ProvideCredentialsFuture::new(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                let results = self.results.lock().expect("lock");
                copy(&results[n.min(results.len() - 1)])
            })
        }
    }

    fn expiring_in(key: &str, secs: u64) -> Credentials {
        Credentials::new(key, "SK", Some("T".into()), Some(SystemTime::now() + Duration::from_secs(secs)))
    }

    #[tokio::test]
    async fn reuses_until_the_margin_and_refreshes_once_for_many_callers() {
        let source = Scripted::new(vec![Ok(expiring_in("FIRST", 3600)), Ok(expiring_in("SECOND", 3600))]);
        let cache = Arc::new(CachingCredentialsProvider::new(source.clone()));
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.provide_credentials().await.map(|c| c.access_key_id().to_owned()) })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.expect("join").expect("creds"), "FIRST");
        }
        assert_eq!(source.calls.load(Ordering::SeqCst), 1, "single flight");
        // Inside the refresh margin: the next call refreshes.
        let near = CachingCredentialsProvider::new(source.clone()).with_refresh_margin(Duration::from_secs(7200));
        assert_eq!(near.provide_credentials().await.expect("c").access_key_id(), "SECOND");
        assert_eq!(near.provide_credentials().await.expect("c").access_key_id(), "SECOND");
        assert_eq!(source.calls.load(Ordering::SeqCst), 2, "credentials shorter than the margin are reused for half their life");
    }

    #[tokio::test]
    async fn transient_refresh_failure_keeps_valid_credentials() {
        let source = Scripted::new(vec![
            Ok(expiring_in("VALID", 60)),
            Err(CredentialsError::transient("sts unreachable")),
            Err(CredentialsError::new("access denied")),
        ]);
        // Margin larger than the lifetime: every call refreshes.
        let cache = CachingCredentialsProvider::new(source.clone()).with_refresh_margin(Duration::from_secs(600));
        *cache.cached.write().expect("lock") = Some(Cached {
            credentials: expiring_in("VALID", 60),
            refresh_at: SystemTime::now(),
        });
        source.calls.store(1, Ordering::SeqCst);
        assert_eq!(cache.provide_credentials().await.expect("stale ok").access_key_id(), "VALID");
        let hard = cache.provide_credentials().await.expect_err("hard failure surfaces");
        assert!(hard.to_string().contains("access denied"), "{hard}");
    }

    #[tokio::test]
    async fn expired_credentials_are_not_served_on_failure() {
        let source = Scripted::new(vec![Err(CredentialsError::transient("down"))]);
        let cache = CachingCredentialsProvider::new(source);
        *cache.cached.write().expect("lock") = Some(Cached {
            credentials: Credentials::new("OLD", "SK", None, Some(SystemTime::now() - Duration::from_secs(1))),
            refresh_at: SystemTime::now() - Duration::from_secs(5),
        });
        assert!(cache.provide_credentials().await.is_err());
    }

    #[tokio::test]
    async fn slow_sources_time_out() {
        #[derive(Debug)]
        struct Slow;
        impl ProvideCredentials for Slow {
            fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
                ProvideCredentialsFuture::new(async {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    Err(CredentialsError::new("unreachable"))
                })
            }
        }
        let cache = CachingCredentialsProvider::new(Arc::new(Slow)).with_load_timeout(Duration::from_millis(50));
        let err = cache.provide_credentials().await.expect_err("timeout");
        assert!(err.is_transient(), "{err}");
    }
}
