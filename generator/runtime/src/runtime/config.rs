//! Client configuration: region, credentials, endpoint overrides, FIPS / dual-stack, retries, timeouts, the HTTP
//! client and the app name; built by hand or read from the environment and the shared profile files.

use crate::runtime::credentials::{Credentials, ProvideCredentials};
use crate::runtime::http::{
    HttpClient, HttpError, HyperClient, HyperClientSettings, DEFAULT_MAX_RESPONSE_BODY,
};
use crate::runtime::retry::RetryConfig;
use crate::runtime::stalled_stream::StalledStreamProtection;
use crate::runtime::token::IdempotencyTokenProvider;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Time limits of a call. `None` means no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect: Option<Duration>,
    attempt: Option<Duration>,
    call: Option<Duration>,
    stalled_stream: Option<StalledStreamProtection>,
}

impl Default for TimeoutConfig {
    /// Connect 3.1 s, each attempt 60 s, the whole call unlimited (it is bounded by attempts x attempt limit),
    /// and stalled-stream protection at 1 byte/s over 5 s.
    fn default() -> Self {
        TimeoutConfig {
            connect: Some(Duration::from_millis(3100)),
            attempt: Some(Duration::from_secs(60)),
            call: None,
            stalled_stream: Some(StalledStreamProtection::default()),
        }
    }
}

impl TimeoutConfig {
    /// No limits at all, stalled-stream protection included.
    pub fn disabled() -> Self {
        TimeoutConfig {
            connect: None,
            attempt: None,
            call: None,
            stalled_stream: None,
        }
    }

    /// Minimum throughput of a response body read by the default HTTP client (`None` turns the check off). A
    /// body that falls below it fails the attempt as a [`TimeoutKind::StalledStream`](crate::runtime::error::TimeoutKind)
    /// timeout, which is retried.
    pub fn with_stalled_stream_protection(mut self, protection: impl Into<Option<StalledStreamProtection>>) -> Self {
        self.stalled_stream = protection.into();
        self
    }

    /// The stalled-stream protection; `None` means none.
    pub fn stalled_stream_protection(&self) -> Option<StalledStreamProtection> {
        self.stalled_stream
    }

    /// Limit on establishing a TCP + TLS connection; applies to the default HTTP client only.
    pub fn with_connect_timeout(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.connect = limit.into();
        self
    }

    /// Limit on one attempt: sending the request and reading the whole response.
    pub fn with_attempt_timeout(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.attempt = limit.into();
        self
    }

    /// Limit on the whole call, retries and backoff included.
    pub fn with_call_timeout(mut self, limit: impl Into<Option<Duration>>) -> Self {
        self.call = limit.into();
        self
    }

    /// The connect limit; `None` means none.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect
    }

    /// The per-attempt limit; `None` means none.
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt
    }

    /// The whole-call limit; `None` means none.
    pub fn call_timeout(&self) -> Option<Duration> {
        self.call
    }
}

/// Shared, immutable client configuration (cloning is cheap).
#[derive(Clone)]
pub struct Config {
    inner: Arc<ConfigInner>,
}

#[derive(Clone)]
struct Settings {
    region: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
    /// Keyed by the service's environment suffix (`AWS_ENDPOINT_URL_<SUFFIX>`).
    service_endpoint_urls: BTreeMap<String, String>,
    use_fips: bool,
    use_dual_stack: bool,
    retry: RetryConfig,
    timeout: TimeoutConfig,
    http_client: Option<Arc<dyn HttpClient>>,
    app_name: Option<String>,
    max_response_body: usize,
    idempotency_tokens: IdempotencyTokenProvider,
    disable_request_compression: bool,
    request_min_compression_size_bytes: u32,
    account_id_endpoint_mode: AccountIdEndpointMode,
    interceptors: Vec<crate::runtime::interceptor::SharedInterceptor>,
    #[cfg(feature = "test-util")]
    mocks: Option<Arc<crate::runtime::mock::MockRules>>,
}

/// `AWS::Auth::AccountIdEndpointMode`: whether account-based endpoints are used (services whose endpoint
/// rules read the account id, such as DynamoDB). Set by `AWS_ACCOUNT_ID_ENDPOINT_MODE` or profile
/// `account_id_endpoint_mode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AccountIdEndpointMode {
    /// Use the account id when the credentials carry one (the AWS SDKs' default).
    #[default]
    Preferred,
    /// Fail endpoint resolution when the credentials carry no account id.
    Required,
    /// Never route by account id.
    Disabled,
}

impl AccountIdEndpointMode {
    /// The value the endpoint rules compare against (`preferred`, `required`, `disabled`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccountIdEndpointMode::Preferred => "preferred",
            AccountIdEndpointMode::Required => "required",
            AccountIdEndpointMode::Disabled => "disabled",
        }
    }

    /// Parses a configuration value, ignoring case and surrounding spaces.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "preferred" => Some(AccountIdEndpointMode::Preferred),
            "required" => Some(AccountIdEndpointMode::Required),
            "disabled" => Some(AccountIdEndpointMode::Disabled),
            _ => None,
        }
    }
}

/// Default of [`ConfigBuilder::request_min_compression_size_bytes`] (the AWS SDKs' value).
pub const DEFAULT_MIN_COMPRESSION_SIZE_BYTES: u32 = 10_240;

/// Largest allowed [`ConfigBuilder::request_min_compression_size_bytes`] (10 MiB, as in the AWS SDKs).
pub const MAX_MIN_COMPRESSION_SIZE_BYTES: u32 = 10_485_760;

struct ConfigInner {
    settings: Settings,
    /// The default HTTP client, created on first use and shared by every client made from this config.
    default_http: OnceLock<Arc<dyn HttpClient>>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.inner.settings;
        f.debug_struct("Config")
            .field("region", &s.region)
            .field(
                "credentials",
                &s.credentials.as_ref().map(|_| "** provider **"),
            )
            .field("endpoint_url", &s.endpoint_url)
            .field("service_endpoint_urls", &s.service_endpoint_urls)
            .field("use_fips", &s.use_fips)
            .field("use_dual_stack", &s.use_dual_stack)
            .field("retry", &s.retry)
            .field("timeout", &s.timeout)
            .field("app_name", &s.app_name)
            .field("account_id_endpoint_mode", &s.account_id_endpoint_mode)
            .field("interceptors", &crate::runtime::interceptor::names(&s.interceptors))
            .field("idempotency_tokens", &s.idempotency_tokens)
            .field("disable_request_compression", &s.disable_request_compression)
            .field(
                "request_min_compression_size_bytes",
                &s.request_min_compression_size_bytes,
            )
            .finish_non_exhaustive()
    }
}

impl Config {
    /// An empty builder: no region, no credentials, standard retries, default timeouts.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A builder preloaded with this config's settings, to derive a modified copy.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            settings: self.inner.settings.clone(),
        }
    }

    /// Reads the process environment and the shared profile files under `$HOME` (see [`Config::from_env_with`]).
    pub fn from_env() -> Config {
        Self::from_env_with(std::env::vars(), crate::runtime::config_loader::home_dir().as_deref())
    }

    /// Builds a config from the given environment variables and home directory (the profile files live there
    /// unless `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` say otherwise). Environment beats profile.
    /// Synchronous: the region comes from the environment or the profile only (use [`Config::load`] for the
    /// instance metadata step, and to get invalid settings as an error); invalid values are ignored with a
    /// warning. Credentials: static environment keys, else the lazy default chain
    /// ([`DefaultCredentialsChain`](crate::runtime::credentials_chain::DefaultCredentialsChain)).
    pub fn from_env_with<K, V>(
        vars: impl IntoIterator<Item = (K, V)>,
        home: Option<&Path>,
    ) -> Config
    where
        K: Into<String>,
        V: Into<String>,
    {
        let env = crate::runtime::credentials_context::Env::from_vars(vars);
        crate::runtime::config_loader::from_env_sync(env, home)
    }

    /// A token for an `@idempotencyToken` member the caller left unset, from the configured provider.
    pub fn idempotency_token(&self) -> String {
        self.inner.settings.idempotency_tokens.make_token()
    }

    /// Whether endpoint rules may route by the credentials' account id (`AWS::Auth::AccountIdEndpointMode`).
    pub fn account_id_endpoint_mode(&self) -> AccountIdEndpointMode {
        self.inner.settings.account_id_endpoint_mode
    }

    /// Whether `@requestCompression` bodies are sent uncompressed.
    pub fn disable_request_compression(&self) -> bool {
        self.inner.settings.disable_request_compression
    }

    /// Smallest body (in bytes) that `@requestCompression` operations compress.
    pub fn request_min_compression_size_bytes(&self) -> u32 {
        self.inner.settings.request_min_compression_size_bytes
    }

    /// The AWS region (e.g. `us-east-1`), if any; most endpoints cannot be resolved without one.
    pub fn region(&self) -> Option<&str> {
        self.inner.settings.region.as_deref()
    }

    /// Where signing credentials come from; `None` means requests that need signing fail.
    pub fn credentials_provider(&self) -> Option<&Arc<dyn ProvideCredentials>> {
        self.inner.settings.credentials.as_ref()
    }

    /// The global endpoint URL override.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.inner.settings.endpoint_url.as_deref()
    }

    /// The endpoint override for one service: its `AWS_ENDPOINT_URL_<SERVICE>` value, else the global one.
    /// `service` is the sdk id (`Lex Models V2`) or its environment suffix (`LEX_MODELS_V2`).
    pub fn endpoint_url_for(&self, service: &str) -> Option<&str> {
        let s = &self.inner.settings;
        s.service_endpoint_urls
            .get(&service_env_suffix(service))
            .or(s.endpoint_url.as_ref())
            .map(String::as_str)
    }

    /// Whether FIPS endpoints are requested (default `false`).
    pub fn use_fips(&self) -> bool {
        self.inner.settings.use_fips
    }

    /// Whether dual-stack (IPv4 + IPv6) endpoints are requested (default `false`).
    pub fn use_dual_stack(&self) -> bool {
        self.inner.settings.use_dual_stack
    }

    /// Retry policy (standard mode, 3 attempts, unless set).
    pub fn retry_config(&self) -> &RetryConfig {
        &self.inner.settings.retry
    }

    /// Time limits of each call.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.inner.settings.timeout
    }

    /// Application name appended to the User-Agent as `app/<name>`.
    pub fn app_name(&self) -> Option<&str> {
        self.inner.settings.app_name.as_deref()
    }

    /// The interceptors every call runs, in order.
    pub fn interceptors(&self) -> &[crate::runtime::interceptor::SharedInterceptor] {
        &self.inner.settings.interceptors
    }

    /// The test doubles that answer calls instead of the service (see [`crate::runtime::mock`]).
    #[cfg(feature = "test-util")]
    pub fn mocks(&self) -> Option<&Arc<crate::runtime::mock::MockRules>> {
        self.inner.settings.mocks.as_ref()
    }

    /// Largest response body, in bytes, the default HTTP client reads before failing the attempt.
    pub fn max_response_body(&self) -> usize {
        self.inner.settings.max_response_body
    }

    /// The configured HTTP client, or the default hyper client (created once per config).
    pub fn http_client(&self) -> Result<Arc<dyn HttpClient>, HttpError> {
        if let Some(client) = &self.inner.settings.http_client {
            return Ok(client.clone());
        }
        if let Some(client) = self.inner.default_http.get() {
            return Ok(client.clone());
        }
        let settings = HyperClientSettings {
            connect_timeout: self.inner.settings.timeout.connect,
            max_response_body: self.inner.settings.max_response_body,
            stalled_stream_protection: self.inner.settings.timeout.stalled_stream,
            ..HyperClientSettings::default()
        };
        let client: Arc<dyn HttpClient> = Arc::new(HyperClient::new(&settings)?);
        Ok(self.inner.default_http.get_or_init(|| client).clone())
    }
}

/// `Lex Models V2` -> `LEX_MODELS_V2` (the suffix of `AWS_ENDPOINT_URL_<SERVICE>`).
pub fn service_env_suffix(sdk_id: &str) -> String {
    sdk_id
        .trim()
        .chars()
        .map(|c| {
            if c == ' ' || c == '-' {
                '_'
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

/// Builder of [`Config`].
#[derive(Clone)]
pub struct ConfigBuilder {
    settings: Settings,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        ConfigBuilder {
            settings: Settings {
                region: None,
                credentials: None,
                endpoint_url: None,
                service_endpoint_urls: BTreeMap::new(),
                use_fips: false,
                use_dual_stack: false,
                retry: RetryConfig::standard(),
                timeout: TimeoutConfig::default(),
                http_client: None,
                app_name: None,
                max_response_body: DEFAULT_MAX_RESPONSE_BODY,
                idempotency_tokens: IdempotencyTokenProvider::random(),
                disable_request_compression: false,
                request_min_compression_size_bytes: DEFAULT_MIN_COMPRESSION_SIZE_BYTES,
                account_id_endpoint_mode: AccountIdEndpointMode::default(),
                interceptors: Vec::new(),
                #[cfg(feature = "test-util")]
                mocks: None,
            },
        }
    }
}

impl ConfigBuilder {
    /// Sets the AWS region (e.g. `eu-west-1`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.settings.region = Some(region.into());
        self
    }

    /// Fixed credentials.
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.credentials_provider(credentials)
    }

    /// Credentials fetched (and possibly refreshed) by `provider` before each signed attempt.
    pub fn credentials_provider(self, provider: impl ProvideCredentials + 'static) -> Self {
        self.shared_credentials_provider(Arc::new(provider))
    }

    /// Like [`ConfigBuilder::credentials_provider`], for a provider already shared behind an `Arc`.
    pub fn shared_credentials_provider(mut self, provider: Arc<dyn ProvideCredentials>) -> Self {
        self.settings.credentials = Some(provider);
        self
    }

    /// Sends every service's requests to this URL (the `SDK::Endpoint` built-in).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.settings.endpoint_url = Some(url.into());
        self
    }

    /// Endpoint override for one service, by sdk id or environment suffix.
    pub fn service_endpoint_url(mut self, service: &str, url: impl Into<String>) -> Self {
        self.settings
            .service_endpoint_urls
            .insert(service_env_suffix(service), url.into());
        self
    }

    /// Requests FIPS endpoints; endpoint resolution fails where a service has none.
    pub fn use_fips(mut self, enabled: bool) -> Self {
        self.settings.use_fips = enabled;
        self
    }

    /// Requests dual-stack (IPv4 + IPv6) endpoints; endpoint resolution fails where a service has none.
    pub fn use_dual_stack(mut self, enabled: bool) -> Self {
        self.settings.use_dual_stack = enabled;
        self
    }

    /// Replaces the retry policy (default: [`RetryConfig::standard`]).
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.settings.retry = retry;
        self
    }

    /// Replaces the time limits (default: [`TimeoutConfig::default`]).
    pub fn timeout_config(mut self, timeout: TimeoutConfig) -> Self {
        self.settings.timeout = timeout;
        self
    }

    /// Sends requests through `client` instead of the default hyper client (the connect timeout and body cap of
    /// this config then do not apply; the attempt and call timeouts still do).
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.settings.http_client = Some(Arc::new(client));
        self
    }

    /// Whether endpoint rules may route by the credentials' account id (default: preferred).
    pub fn account_id_endpoint_mode(mut self, mode: AccountIdEndpointMode) -> Self {
        self.settings.account_id_endpoint_mode = mode;
        self
    }

    /// Application name for the User-Agent; characters not allowed there are replaced by `-`.
    pub fn app_name(mut self, name: impl Into<String>) -> Self {
        self.settings.app_name = Some(name.into());
        self
    }

    /// Cap on response bodies read by the default HTTP client (64 MiB unless set).
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.settings.max_response_body = bytes;
        self
    }

    /// Where `@idempotencyToken` members left unset get their value (default: a random UUID v4 per call).
    pub fn idempotency_token_provider(mut self, provider: IdempotencyTokenProvider) -> Self {
        self.settings.idempotency_tokens = provider;
        self
    }

    /// Turns off gzip compression of `@requestCompression` request bodies (on by default).
    pub fn disable_request_compression(mut self, disabled: bool) -> Self {
        self.settings.disable_request_compression = disabled;
        self
    }

    /// Bodies smaller than this are sent uncompressed (default 10240 bytes; values above 10 MiB are capped
    /// there).
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        self.settings.request_min_compression_size_bytes = bytes.min(MAX_MIN_COMPRESSION_SIZE_BYTES);
        self
    }

    /// Adds an interceptor; interceptors run in the order they were added (see
    /// [`Intercept`](crate::runtime::interceptor::Intercept)).
    pub fn interceptor(mut self, interceptor: impl crate::runtime::interceptor::Intercept + 'static) -> Self {
        self.settings.interceptors.push(Arc::new(interceptor));
        self
    }

    /// Answers calls from these test doubles instead of sending them (see [`crate::runtime::mock`]).
    #[cfg(feature = "test-util")]
    pub fn mocks(mut self, rules: crate::runtime::mock::MockRules) -> Self {
        self.settings.mocks = Some(Arc::new(rules));
        self
    }

    /// Finishes the config; never fails (problems such as a missing region surface when a call is made).
    pub fn build(self) -> Config {
        Config {
            inner: Arc::new(ConfigInner {
                settings: self.settings,
                default_http: OnceLock::new(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn temp_home(tag: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("aws-lite-config-{tag}-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(dir.join(".aws")).expect("temp dir");
        dir
    }

    async fn access_key(config: &Config) -> Result<String, String> {
        let provider = config.credentials_provider().ok_or("no provider")?;
        provider
            .provide_credentials()
            .await
            .map(|c| c.access_key_id().to_owned())
            .map_err(|e| e.to_string())
    }

    #[tokio::test]
    async fn environment_settings() {
        let config = Config::from_env_with(
            [
                ("AWS_REGION", "eu-west-3"),
                ("AWS_DEFAULT_REGION", "us-west-1"),
                ("AWS_ACCESS_KEY_ID", "AKENV"),
                ("AWS_SECRET_ACCESS_KEY", "SKENV"),
                ("AWS_SESSION_TOKEN", "TOKEN"),
                ("AWS_ENDPOINT_URL", "http://global:1"),
                ("AWS_ENDPOINT_URL_LEX_MODELS_V2", "http://lex:2"),
                ("AWS_USE_FIPS_ENDPOINT", "TRUE"),
                ("AWS_USE_DUALSTACK_ENDPOINT", "nonsense"),
                ("AWS_MAX_ATTEMPTS", "7"),
            ],
            None,
        );
        assert_eq!(config.region(), Some("eu-west-3"));
        assert_eq!(
            config.endpoint_url_for("Lex Models V2"),
            Some("http://lex:2")
        );
        assert_eq!(
            config.endpoint_url_for("LEX_MODELS_V2"),
            Some("http://lex:2")
        );
        assert_eq!(config.endpoint_url_for("Backup"), Some("http://global:1"));
        assert!(config.use_fips());
        assert!(!config.use_dual_stack());
        assert_eq!(config.retry_config().max_attempts(), 7);
        assert_eq!(access_key(&config).await.as_deref(), Ok("AKENV"));
        let creds = config
            .credentials_provider()
            .expect("provider")
            .provide_credentials()
            .await
            .expect("creds");
        assert_eq!(creds.session_token(), Some("TOKEN"));
    }

    #[tokio::test]
    async fn profile_files_fill_in_what_the_environment_lacks() {
        let home = temp_home("profile");
        std::fs::write(
            home.join(".aws/config"),
            "[default]\nregion = us-east-2\n[profile work]\nregion = ap-south-1\nmax_attempts = 4\nendpoint_url = http://prof:9\n[work]\nregion = wrong\n",
        )
        .expect("write config");
        std::fs::write(
            home.join(".aws/credentials"),
            "[work]\naws_access_key_id = AKWORK\naws_secret_access_key = SKWORK\n",
        )
        .expect("write credentials");

        let default = Config::from_env_with([("AWS_EC2_METADATA_DISABLED", "true")], Some(&home));
        assert_eq!(default.region(), Some("us-east-2"));
        assert!(access_key(&default).await.is_err());

        let work = Config::from_env_with([("AWS_PROFILE", "work")], Some(&home));
        assert_eq!(work.region(), Some("ap-south-1"));
        assert_eq!(work.retry_config().max_attempts(), 4);
        assert_eq!(work.endpoint_url(), Some("http://prof:9"));
        assert_eq!(access_key(&work).await.as_deref(), Ok("AKWORK"));

        let env_wins = Config::from_env_with(
            [("AWS_PROFILE", "work"), ("AWS_DEFAULT_REGION", "sa-east-1")],
            Some(&home),
        );
        assert_eq!(env_wins.region(), Some("sa-east-1"));

        let ignored = Config::from_env_with(
            [
                ("AWS_PROFILE", "work"),
                ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
            ],
            Some(&home),
        );
        assert_eq!(ignored.endpoint_url(), None);
        let _ = std::fs::remove_dir_all(&home);
    }

    #[tokio::test]
    async fn explicit_file_locations_are_honoured() {
        let dir = temp_home("explicit");
        let config_path = dir.join("custom-config");
        let credentials_path = dir.join("custom-credentials");
        std::fs::write(&config_path, "[profile p]\nregion = ca-central-1\n").expect("write");
        std::fs::write(
            &credentials_path,
            "[p]\naws_access_key_id = AKP\naws_secret_access_key = SKP\n",
        )
        .expect("write");
        let config = Config::from_env_with(
            [
                ("AWS_PROFILE", "p".to_owned()),
                ("AWS_CONFIG_FILE", config_path.display().to_string()),
                (
                    "AWS_SHARED_CREDENTIALS_FILE",
                    credentials_path.display().to_string(),
                ),
            ],
            None,
        );
        assert_eq!(config.region(), Some("ca-central-1"));
        assert_eq!(access_key(&config).await.as_deref(), Ok("AKP"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn builder_and_defaults() {
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("A", "B", None, None))
            .endpoint_url("http://localhost:1")
            .service_endpoint_url("partnercentral-selling", "http://pc:2")
            .retry_config(RetryConfig::disabled())
            .app_name("bench")
            .build();
        assert_eq!(
            config.endpoint_url_for("PartnerCentral Selling"),
            Some("http://pc:2")
        );
        assert_eq!(config.retry_config().max_attempts(), 1);
        assert_eq!(config.app_name(), Some("bench"));
        assert_eq!(
            config.timeout_config().connect_timeout(),
            Some(Duration::from_millis(3100))
        );
        assert_eq!(config.max_response_body(), DEFAULT_MAX_RESPONSE_BODY);
        let copy = config.to_builder().region("eu-west-1").build();
        assert_eq!(
            (config.region(), copy.region()),
            (Some("us-east-1"), Some("eu-west-1"))
        );
        assert!(!format!("{config:?}").contains("\"B\""));
        assert_eq!(service_env_suffix("Lex Models V2"), "LEX_MODELS_V2");
    }

    #[test]
    fn compression_and_token_settings() {
        let defaults = Config::builder().build();
        assert!(!defaults.disable_request_compression());
        assert_eq!(defaults.request_min_compression_size_bytes(), 10_240);
        assert_eq!(defaults.idempotency_token().len(), 36);
        let set = Config::builder()
            .disable_request_compression(true)
            .request_min_compression_size_bytes(u32::MAX)
            .idempotency_token_provider(IdempotencyTokenProvider::fixed("tok"))
            .build();
        assert!(set.disable_request_compression());
        assert_eq!(set.request_min_compression_size_bytes(), MAX_MIN_COMPRESSION_SIZE_BYTES);
        assert_eq!(set.idempotency_token(), "tok");
        let env = Config::from_env_with(
            [
                ("AWS_DISABLE_REQUEST_COMPRESSION", "true"),
                ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "128"),
            ],
            None,
        );
        assert!(env.disable_request_compression());
        assert_eq!(env.request_min_compression_size_bytes(), 128);
        let invalid = Config::from_env_with([("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "99999999")], None);
        assert_eq!(invalid.request_min_compression_size_bytes(), 10_240);
    }
}
