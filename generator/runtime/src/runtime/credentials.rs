//! AWS credentials and where they come from: static keys, the environment, shared profile files, a chain
//! of those, and (feature `aws-config`) aws-config's default chain.

use crate::runtime::profile::{ProfileFiles, ProfileSet};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

/// An access key pair with an optional session token. Cheap to clone (shared inside).
#[derive(Clone)]
pub struct Credentials {
    inner: Arc<Inner>,
}

struct Inner {
    /// The signing identity, built once so each signature does not rebuild it.
    identity: aws_smithy_runtime_api::client::identity::Identity,
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
    /// The AWS account the keys belong to, when the source says (`AWS::Auth::AccountId` for endpoint rules).
    account_id: Option<String>,
}

impl Credentials {
    /// Builds credentials from an access key id and secret; `session_token` is needed for temporary (STS)
    /// credentials, and `expiry` (if any) tells caching providers when to fetch new ones.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiry: Option<SystemTime>,
    ) -> Self {
        let access_key_id = access_key_id.into();
        let secret_access_key = secret_access_key.into();
        let for_signing = aws_credential_types::Credentials::new(
            access_key_id.clone(),
            secret_access_key.clone(),
            session_token.clone(),
            expiry,
            "aws-lite",
        );
        Credentials {
            inner: Arc::new(Inner {
                identity: for_signing.into(),
                access_key_id,
                secret_access_key,
                session_token,
                expiry,
                account_id: None,
            }),
        }
    }

    /// The same credentials, tagged with the AWS account id they belong to (from `AWS_ACCOUNT_ID`, profile
    /// `aws_account_id`, or a source that reports it); endpoint rules of some services use it.
    pub fn with_account_id(self, account_id: impl Into<String>) -> Self {
        let inner = &*self.inner;
        Credentials {
            inner: Arc::new(Inner {
                identity: inner.identity.clone(),
                access_key_id: inner.access_key_id.clone(),
                secret_access_key: inner.secret_access_key.clone(),
                session_token: inner.session_token.clone(),
                expiry: inner.expiry,
                account_id: Some(account_id.into()),
            }),
        }
    }

    /// The AWS account id of these credentials, when known; not secret, shown by `Debug`.
    pub fn account_id(&self) -> Option<&str> {
        self.inner.account_id.as_deref()
    }

    /// The access key id (`AKIA...` / `ASIA...`); not secret, shown by `Debug`.
    pub fn access_key_id(&self) -> &str {
        &self.inner.access_key_id
    }

    /// The secret key; `Debug` never prints it.
    pub fn secret_access_key(&self) -> &str {
        &self.inner.secret_access_key
    }

    /// The session token of temporary credentials; `Debug` never prints it.
    pub fn session_token(&self) -> Option<&str> {
        self.inner.session_token.as_deref()
    }

    /// When the credentials stop working; `None` for long-lived keys.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.inner.expiry
    }

    pub(crate) fn identity(&self) -> &aws_smithy_runtime_api::client::identity::Identity {
        &self.inner.identity
    }

    /// True when the credentials expire within `margin` of `now`.
    pub fn expires_within(&self, now: SystemTime, margin: Duration) -> bool {
        self.inner
            .expiry
            .is_some_and(|expiry| expiry <= now + margin)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.inner.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.inner.session_token.as_ref().map(|_| "** redacted **"),
            )
            .field("expiry", &self.inner.expiry)
            .field("account_id", &self.inner.account_id)
            .finish()
    }
}

/// Why no credentials could be provided.
#[derive(Debug)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

/// What kind of failure a [`CredentialsError`] is; decides whether a chain moves on and whether a cache keeps
/// serving credentials it still holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The source is not set up here (no variables, no profile keys, not on EC2): the chain tries the next one.
    NotLoaded,
    /// The source is set up but wrongly (a profile loop, a missing `role_arn`, a bad URI): the chain stops.
    InvalidConfiguration,
    /// The source answered with a refusal or garbage (access denied, malformed response): the chain stops.
    ProviderError,
    /// A failure that may pass (connection, timeout, throttling, 5xx): the chain stops, and a cache keeps serving
    /// credentials that have not expired yet.
    Transient,
}

impl CredentialsError {
    /// An error with only a message (shown by `Display`); kind [`CredentialsErrorKind::ProviderError`].
    pub fn new(message: impl Into<String>) -> Self {
        Self::of_kind(CredentialsErrorKind::ProviderError, message)
    }

    /// An error with a message and the underlying cause (returned by `Error::source`; `Display` shows both).
    pub fn with_source(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self::new(message).caused_by(source)
    }

    /// An error of the given kind.
    pub fn of_kind(kind: CredentialsErrorKind, message: impl Into<String>) -> Self {
        CredentialsError {
            kind,
            message: message.into(),
            source: None,
        }
    }

    /// The source is not configured here; a chain tries the next one.
    pub fn not_loaded(message: impl Into<String>) -> Self {
        Self::of_kind(CredentialsErrorKind::NotLoaded, message)
    }

    /// The source is configured wrongly.
    pub fn invalid_configuration(message: impl Into<String>) -> Self {
        Self::of_kind(CredentialsErrorKind::InvalidConfiguration, message)
    }

    /// A failure that may pass on a later try.
    pub fn transient(message: impl Into<String>) -> Self {
        Self::of_kind(CredentialsErrorKind::Transient, message)
    }

    /// The same error with an underlying cause.
    pub fn caused_by(mut self, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// Whether the source is simply not configured here.
    pub fn is_not_loaded(&self) -> bool {
        self.kind == CredentialsErrorKind::NotLoaded
    }

    /// Whether a later try may succeed.
    pub fn is_transient(&self) -> bool {
        self.kind == CredentialsErrorKind::Transient
    }
}

impl fmt::Display for CredentialsError {
    /// The message and every cause under it, so a chain's summary shows the real reason.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        let mut cause: Option<&(dyn std::error::Error + 'static)> = self
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static));
        while let Some(e) = cause {
            write!(f, ": {e}")?;
            cause = e.source();
        }
        Ok(())
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

type BoxCredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// The future of [`ProvideCredentials::provide_credentials`]: already resolved (no allocation) or boxed.
pub enum ProvideCredentialsFuture<'a> {
    /// A result known up front; `None` once it has been taken by a poll.
    Ready(Option<Result<Credentials, CredentialsError>>),
    /// A fetch still in progress.
    Pending(BoxCredentialsFuture<'a>),
}

impl<'a> ProvideCredentialsFuture<'a> {
    /// A future that completes immediately with `result`.
    pub fn ready(result: Result<Credentials, CredentialsError>) -> Self {
        ProvideCredentialsFuture::Ready(Some(result))
    }

    /// Boxes an asynchronous fetch.
    pub fn new(
        future: impl Future<Output = Result<Credentials, CredentialsError>> + Send + 'a,
    ) -> Self {
        ProvideCredentialsFuture::Pending(Box::pin(future))
    }
}

impl Future for ProvideCredentialsFuture<'_> {
    type Output = Result<Credentials, CredentialsError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            ProvideCredentialsFuture::Ready(result) => match result.take() {
                Some(result) => Poll::Ready(result),
                None => Poll::Ready(Err(CredentialsError::new(
                    "credentials future polled after completion",
                ))),
            },
            ProvideCredentialsFuture::Pending(future) => future.as_mut().poll(cx),
        }
    }
}

/// A source of credentials, asked before every signed attempt (cache inside if fetching is costly).
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Returns current credentials, or why there are none (the call then fails before sending anything).
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_>;
}

/// Fixed credentials are their own provider.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::ready(Ok(self.clone()))
    }
}

type EnvLookup = Box<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` from a variable lookup.
pub struct EnvironmentCredentialsProvider {
    lookup: EnvLookup,
}

impl fmt::Debug for EnvironmentCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EnvironmentCredentialsProvider")
    }
}

impl Default for EnvironmentCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl EnvironmentCredentialsProvider {
    /// Reads the process environment at each call.
    pub fn new() -> Self {
        Self::with_lookup(|name| std::env::var(name).ok())
    }

    /// Reads variables through `lookup` instead of the process environment (for tests or a captured environment).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        EnvironmentCredentialsProvider {
            lookup: Box::new(lookup),
        }
    }

    /// The keys now in the environment; an error unless both the key id and the secret are set and non-empty.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        credentials_from_env(&*self.lookup).ok_or_else(|| {
            CredentialsError::not_loaded("AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set")
        })
    }
}

/// Static keys from environment variables, when both are set and non-empty.
pub(crate) fn credentials_from_env(lookup: &dyn Fn(&str) -> Option<String>) -> Option<Credentials> {
    let non_empty = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
    let access_key = non_empty("AWS_ACCESS_KEY_ID")?;
    let secret = non_empty("AWS_SECRET_ACCESS_KEY")?;
    let credentials = Credentials::new(access_key, secret, non_empty("AWS_SESSION_TOKEN"), None);
    Some(match non_empty("AWS_ACCOUNT_ID") {
        Some(account) => credentials.with_account_id(account.trim()),
        None => credentials,
    })
}

impl ProvideCredentials for EnvironmentCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::ready(self.credentials())
    }
}

/// Static keys (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`) of a named profile in the
/// shared config and credentials files, read at each call.
#[derive(Debug, Clone)]
pub struct ProfileCredentialsProvider {
    profile: String,
    files: ProfileFiles,
}

impl ProfileCredentialsProvider {
    /// Reads profile `profile` (e.g. `default`) from `files`.
    pub fn new(profile: impl Into<String>, files: ProfileFiles) -> Self {
        ProfileCredentialsProvider {
            profile: profile.into(),
            files,
        }
    }

    /// Loads the files now; an error when the profile lacks a non-empty key id or secret (missing or unreadable
    /// files count as empty).
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let profiles = ProfileSet::load(&self.files);
        credentials_from_profile(&profiles, &self.profile).ok_or_else(|| {
            CredentialsError::not_loaded(format!(
                "profile `{}` has no static credentials",
                self.profile
            ))
        })
    }
}

pub(crate) fn credentials_from_profile(
    profiles: &ProfileSet,
    profile: &str,
) -> Option<Credentials> {
    let get = |key: &str| {
        profiles
            .get(profile, key)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let access_key = get("aws_access_key_id")?;
    let secret = get("aws_secret_access_key")?;
    let credentials = Credentials::new(access_key, secret, get("aws_session_token"), None);
    Some(match get("aws_account_id") {
        Some(account) => credentials.with_account_id(account.trim()),
        None => credentials,
    })
}

impl ProvideCredentials for ProfileCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::ready(self.credentials())
    }
}

/// Tries providers in order and caches the first success until five minutes before it expires.
#[derive(Debug)]
pub struct CredentialsProviderChain {
    providers: Vec<Arc<dyn ProvideCredentials>>,
    cached: RwLock<Option<Credentials>>,
}

const REFRESH_MARGIN: Duration = Duration::from_secs(300);

impl CredentialsProviderChain {
    /// A chain over `providers`, first to last; fails with every provider's reason when none succeeds.
    pub fn new(providers: Vec<Arc<dyn ProvideCredentials>>) -> Self {
        CredentialsProviderChain {
            providers,
            cached: RwLock::new(None),
        }
    }

    /// Environment variables, then the named profile.
    pub fn default_chain(profile: impl Into<String>, files: ProfileFiles) -> Self {
        Self::new(vec![
            Arc::new(EnvironmentCredentialsProvider::new()),
            Arc::new(ProfileCredentialsProvider::new(profile, files)),
        ])
    }

    fn cached(&self) -> Option<Credentials> {
        let guard = self.cached.read().ok()?;
        guard
            .as_ref()
            .filter(|c| !c.expires_within(SystemTime::now(), REFRESH_MARGIN))
            .cloned()
    }

    async fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let mut failures = Vec::new();
        for provider in &self.providers {
            match provider.provide_credentials().await {
                Ok(credentials) => {
                    if let Ok(mut guard) = self.cached.write() {
                        *guard = Some(credentials.clone());
                    }
                    return Ok(credentials);
                }
                Err(e) => failures.push(e.to_string()),
            }
        }
        Err(CredentialsError::new(format!(
            "no credentials found ({})",
            failures.join("; ")
        )))
    }
}

impl ProvideCredentials for CredentialsProviderChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        match self.cached() {
            Some(credentials) => ProvideCredentialsFuture::ready(Ok(credentials)),
            None => ProvideCredentialsFuture::new(self.resolve()),
        }
    }
}

#[cfg(feature = "aws-config")]
pub use aws_config_adapter::AwsConfigCredentials;

#[cfg(feature = "aws-config")]
mod aws_config_adapter {
    use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
    use aws_credential_types::provider::ProvideCredentials as AwsProvide;

    /// Uses any aws-config credentials provider (SSO, web identity, IMDS, ...) as ours.
    #[derive(Debug)]
    pub struct AwsConfigCredentials<P> {
        provider: P,
    }

    impl<P: AwsProvide> AwsConfigCredentials<P> {
        /// Wraps an aws-config provider; its failures become [`CredentialsError`]s with the original as source.
        pub fn new(provider: P) -> Self {
            AwsConfigCredentials { provider }
        }
    }

    impl AwsConfigCredentials<aws_config::default_provider::credentials::DefaultCredentialsChain> {
        /// aws-config's default credentials chain (reads the environment and profile files itself).
        pub async fn default_chain() -> Self {
            Self::new(
                aws_config::default_provider::credentials::DefaultCredentialsChain::builder()
                    .build()
                    .await,
            )
        }
    }

    impl<P: AwsProvide + std::fmt::Debug> ProvideCredentials for AwsConfigCredentials<P> {
        fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
            ProvideCredentialsFuture::new(async move {
                let c = AwsProvide::provide_credentials(&self.provider)
                    .await
                    .map_err(|e| {
                        CredentialsError::with_source("aws-config credentials provider failed", e)
                    })?;
                let credentials = Credentials::new(
                    c.access_key_id(),
                    c.secret_access_key(),
                    c.session_token().map(str::to_owned),
                    c.expiry(),
                );
                Ok(match c.account_id() {
                    Some(account) => credentials.with_account_id(account.as_str()),
                    None => credentials,
                })
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_secret_and_token() {
        let c = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/SECRETKEY",
            Some("SESSIONTOKEN123".into()),
            None,
        );
        let shown = format!("{c:?}");
        assert!(shown.contains("AKIDEXAMPLE"));
        assert!(!shown.contains("SECRETKEY"), "{shown}");
        assert!(!shown.contains("SESSIONTOKEN123"), "{shown}");
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn environment_provider_needs_both_keys() {
        let only_id = EnvironmentCredentialsProvider::with_lookup(|n| {
            (n == "AWS_ACCESS_KEY_ID").then(|| "AK".to_owned())
        });
        assert!(only_id.credentials().is_err());
        let both = EnvironmentCredentialsProvider::with_lookup(|n| match n {
            "AWS_ACCESS_KEY_ID" => Some("AK".into()),
            "AWS_SECRET_ACCESS_KEY" => Some("SK".into()),
            "AWS_SESSION_TOKEN" => Some("".into()),
            _ => None,
        });
        let c = both.credentials().expect("credentials");
        assert_eq!(
            (c.access_key_id(), c.secret_access_key(), c.session_token()),
            ("AK", "SK", None)
        );
    }

    #[derive(Debug)]
    struct Failing;
    impl ProvideCredentials for Failing {
        fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
            ProvideCredentialsFuture::new(async { Err(CredentialsError::new("nothing here")) })
        }
    }

    #[tokio::test]
    async fn chain_falls_through_and_caches() {
        let chain = CredentialsProviderChain::new(vec![
            Arc::new(Failing),
            Arc::new(Credentials::new("AK2", "SK2", None, None)),
        ]);
        assert_eq!(
            chain
                .provide_credentials()
                .await
                .expect("creds")
                .access_key_id(),
            "AK2"
        );
        assert!(chain.cached().is_some());
        let empty = CredentialsProviderChain::new(vec![Arc::new(Failing)]);
        let err = empty
            .provide_credentials()
            .await
            .expect_err("no provider succeeds");
        assert!(err.to_string().contains("nothing here"));
    }

    #[cfg(feature = "aws-config")]
    #[tokio::test]
    async fn aws_config_providers_are_adapted() {
        let upstream = aws_credential_types::Credentials::new(
            "AKUP",
            "SKUP",
            Some("TOK".into()),
            None,
            "test",
        );
        let adapted = AwsConfigCredentials::new(upstream);
        let c = adapted.provide_credentials().await.expect("credentials");
        assert_eq!(
            (c.access_key_id(), c.secret_access_key(), c.session_token()),
            ("AKUP", "SKUP", Some("TOK"))
        );
    }

    #[test]
    fn expiring_credentials_are_not_served_from_cache() {
        let soon = SystemTime::now() + Duration::from_secs(10);
        let chain = CredentialsProviderChain::new(vec![]);
        *chain.cached.write().expect("lock") = Some(Credentials::new("A", "B", None, Some(soon)));
        assert!(chain.cached().is_none());
    }
}
