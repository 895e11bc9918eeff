//! Configuration from the environment and the shared profile files, as aws-sdk-rust reads them:
//! [`Config::load`] (async: profile files, the region chain with instance metadata, every problem reported as
//! an error) and [`Config::from_env`] / [`Config::from_env_with`] (synchronous: no instance metadata, problems
//! logged as warnings). Credentials always come from the lazy default chain
//! ([`DefaultCredentialsChain`]) unless static keys are in the environment.

use crate::runtime::config::{AccountIdEndpointMode, Config, ConfigBuilder, MAX_MIN_COMPRESSION_SIZE_BYTES};
use crate::runtime::credentials::credentials_from_env;
use crate::runtime::credentials_chain::DefaultCredentialsChain;
use crate::runtime::credentials_context::{Env, ProviderContext};
use crate::runtime::http::HttpClient;
use crate::runtime::profile::ProfileSet;
use crate::runtime::region::{region_from_env_or_profile, resolve_region};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The retry modes this client implements (`adaptive`, the client-side rate limiter, is not one of them).
pub const SUPPORTED_RETRY_MODES: &[&str] = &["standard"];

/// `$HOME` (or `%USERPROFILE%`).
pub fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// Every problem [`Config::load`] found in the environment and profile files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    problems: Vec<String>,
}

impl ConfigError {
    /// One line per problem.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid AWS configuration: {}", self.problems.join("; "))
    }
}

impl std::error::Error for ConfigError {}

/// Options of [`Config::load`]; [`Config::loader`] makes one.
#[derive(Default)]
pub struct ConfigLoader {
    env: Option<Env>,
    home: Option<Option<PathBuf>>,
    profile: Option<String>,
    http_client: Option<Arc<dyn HttpClient>>,
}

impl fmt::Debug for ConfigLoader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigLoader")
            .field("env", &self.env)
            .field("home", &self.home)
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

impl ConfigLoader {
    /// Reads these variables instead of the process environment.
    pub fn env<K: Into<String>, V: Into<String>>(mut self, vars: impl IntoIterator<Item = (K, V)>) -> Self {
        self.env = Some(Env::from_vars(vars));
        self
    }

    /// Looks for `.aws/` (and `.aws/sso/cache`) under `home` instead of `$HOME`; `None`: no home directory.
    pub fn home(mut self, home: Option<&Path>) -> Self {
        self.home = Some(home.map(Path::to_path_buf));
        self
    }

    /// Uses this profile instead of `AWS_PROFILE` (it must exist).
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Sends the credential sources' requests (STS, SSO, container, instance metadata) through `client`.
    pub fn credentials_http_client(mut self, client: Arc<dyn HttpClient>) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Reads everything (async), then checks it: an unknown profile, invalid numbers or booleans, an unsupported
    /// retry mode or a missing `[services]` section are errors, all listed at once.
    pub async fn load(self) -> Result<Config, ConfigError> {
        let env = self.env.unwrap_or_else(Env::from_process);
        let home = self.home.unwrap_or_else(home_dir);
        let mut ctx = ProviderContext::new(env, home.as_deref());
        if let Some(profile) = self.profile {
            ctx = ctx.with_profile(profile);
        }
        if let Some(client) = self.http_client {
            ctx = ctx.with_http_client(client);
        }
        let profiles = ctx.profiles().await;
        let mut problems = Vec::new();
        if ctx.profile_explicit && !profiles.has_profile(ctx.profile_name()) {
            let known: Vec<&str> = profiles.profile_names().collect();
            problems.push(format!(
                "profile `{}` is not defined (profiles found: {})",
                ctx.profile_name(),
                if known.is_empty() { "none".to_owned() } else { known.join(", ") }
            ));
        }
        let region = resolve_region(&ctx, &profiles).await.map(|(r, _)| r);
        let builder = settings_from(Config::builder(), &ctx, &profiles, &mut problems);
        if !problems.is_empty() {
            return Err(ConfigError { problems });
        }
        Ok(with_credentials_and_region(builder, ctx, region).build())
    }
}

impl Config {
    /// Loads the configuration the way aws-sdk-rust's `aws_config::load_from_env()` does: region
    /// (`AWS_REGION`, `AWS_DEFAULT_REGION`, profile, instance metadata), the default credentials chain (lazy:
    /// nothing is fetched before the first signed call), endpoint overrides, FIPS / dual-stack, retry and
    /// compression settings. Errors list every invalid setting.
    pub async fn load() -> Result<Config, ConfigError> {
        ConfigLoader::default().load().await
    }

    /// A [`ConfigLoader`] to load from given variables, home directory, profile or HTTP client.
    pub fn loader() -> ConfigLoader {
        ConfigLoader::default()
    }
}

/// [`Config::from_env_with`]: synchronous, no instance metadata; problems are logged and the setting ignored.
pub(crate) fn from_env_sync(env: Env, home: Option<&Path>) -> Config {
    let ctx = ProviderContext::new(env, home);
    let profiles = ProfileSet::load(ctx.files());
    let mut problems = Vec::new();
    if ctx.profile_explicit && !profiles.has_profile(ctx.profile_name()) {
        problems.push(format!(
            "profile `{}` is not defined (credentials will fail to load)",
            ctx.profile_name()
        ));
    }
    let region = region_from_env_or_profile(&ctx, &profiles).map(|(r, _)| r);
    let builder = settings_from(Config::builder(), &ctx, &profiles, &mut problems);
    for problem in &problems {
        tracing::warn!(problem = %problem, "ignoring invalid AWS configuration");
    }
    with_credentials_and_region(builder, ctx, region).build()
}

fn with_credentials_and_region(builder: ConfigBuilder, ctx: ProviderContext, region: Option<String>) -> ConfigBuilder {
    let builder = match &region {
        Some(region) => builder.region(region.clone()),
        None => builder,
    };
    let env = ctx.env().clone();
    match credentials_from_env(&|name| env.get(name)) {
        // Static keys need neither a cache nor a chain.
        Some(keys) => builder.credentials(keys),
        None => builder.credentials_provider(DefaultCredentialsChain::new(ctx.with_region(region))),
    }
}

/// Every setting but region and credentials, environment first, then the profile.
fn settings_from(
    mut builder: ConfigBuilder,
    ctx: &ProviderContext,
    profiles: &ProfileSet,
    problems: &mut Vec<String>,
) -> ConfigBuilder {
    let env = ctx.env();
    let profile = |key: &str| profiles.get(ctx.profile_name(), key).map(str::to_owned);
    let setting = |var: &str, key: &str| env.get(var).or_else(|| profile(key));
    let flag = |var: &str, key: &str, problems: &mut Vec<String>| match setting(var, key) {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        Some(v) => {
            problems.push(format!("{key} / {var}: `{v}` is not true or false"));
            false
        }
    };
    builder = builder
        .use_fips(flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", problems))
        .use_dual_stack(flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint", problems))
        .disable_request_compression(flag(
            "AWS_DISABLE_REQUEST_COMPRESSION",
            "disable_request_compression",
            problems,
        ));
    let ignore_endpoints = flag(
        "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
        "ignore_configured_endpoint_urls",
        problems,
    );

    let mut retry = crate::runtime::retry::RetryConfig::standard();
    if let Some(attempts) = setting("AWS_MAX_ATTEMPTS", "max_attempts") {
        match attempts.parse::<u32>() {
            Ok(n) if n > 0 => retry = retry.with_max_attempts(n),
            _ => problems.push(format!("max_attempts / AWS_MAX_ATTEMPTS: `{attempts}` is not a whole number above 0")),
        }
    }
    builder = builder.retry_config(retry);
    if let Some(mode) = setting("AWS_RETRY_MODE", "retry_mode") {
        if !SUPPORTED_RETRY_MODES.iter().any(|m| m.eq_ignore_ascii_case(&mode)) {
            problems.push(format!(
                "retry_mode / AWS_RETRY_MODE: `{mode}` is not supported (supported: {})",
                SUPPORTED_RETRY_MODES.join(", ")
            ));
        }
    }
    if let Some(app) = setting("AWS_SDK_UA_APP_ID", "sdk_ua_app_id") {
        builder = builder.app_name(app);
    }
    if let Some(mode) = setting("AWS_ACCOUNT_ID_ENDPOINT_MODE", "account_id_endpoint_mode") {
        match AccountIdEndpointMode::parse(&mode) {
            Some(mode) => builder = builder.account_id_endpoint_mode(mode),
            None => problems.push(format!(
                "account_id_endpoint_mode: `{mode}` is not preferred, required or disabled"
            )),
        }
    }
    if let Some(size) = setting("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "request_min_compression_size_bytes") {
        match size.parse::<u32>() {
            Ok(n) if n <= MAX_MIN_COMPRESSION_SIZE_BYTES => builder = builder.request_min_compression_size_bytes(n),
            _ => problems.push(format!(
                "request_min_compression_size_bytes: `{size}` is not a number of bytes up to {MAX_MIN_COMPRESSION_SIZE_BYTES}"
            )),
        }
    }
    if ignore_endpoints {
        return builder;
    }
    // Precedence (the AWS SDKs' shared configuration spec): AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the
    // profile's `[services]` entry, the profile's `endpoint_url`.
    let env_global = env.get("AWS_ENDPOINT_URL");
    let env_services: Vec<(String, String)> = env
        .iter()
        .filter_map(|(name, url)| {
            let suffix = name.strip_prefix("AWS_ENDPOINT_URL_").filter(|s| !s.is_empty())?;
            let url = url.trim();
            (!url.is_empty()).then(|| (suffix.to_owned(), url.to_owned()))
        })
        .collect();
    if let Some(section) = profile("services") {
        if !profiles.has_services(&section) {
            problems.push(format!("profile `{}`: services section `{section}` is not defined", ctx.profile_name()));
        } else if env_global.is_none() {
            for (service, url) in profiles.service_endpoint_urls(&section) {
                builder = builder.service_endpoint_url(service, url);
            }
        }
    }
    for (suffix, url) in env_services {
        builder = builder.service_endpoint_url(&suffix, url);
    }
    if let Some(url) = env_global.or_else(|| profile("endpoint_url")) {
        builder = builder.endpoint_url(url);
    }
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_home(config: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("aws-lite-loader-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(dir.join(".aws")).expect("dir");
        std::fs::write(dir.join(".aws/config"), config).expect("config");
        dir
    }

    const CONFIG: &str = "\
[profile local]
region = eu-central-1
services = local-svcs
endpoint_url = http://profile-global:1
max_attempts = 6
retry_mode = standard
use_fips_endpoint = true
use_dualstack_endpoint = true
[services local-svcs]
lex_models_v2 =
  endpoint_url = http://lex-local:2
backup =
  endpoint_url = http://backup-local:3
[profile adaptive]
retry_mode = adaptive
max_attempts = 0
[profile dangling]
services = nowhere
";

    #[tokio::test]
    async fn profile_settings_and_endpoint_precedence() {
        let home = temp_home(CONFIG);
        let base = [("AWS_PROFILE", "local"), ("AWS_EC2_METADATA_DISABLED", "true")];
        let config = Config::loader().env(base).home(Some(&home)).load().await.expect("loads");
        assert_eq!(config.region(), Some("eu-central-1"));
        assert_eq!(config.endpoint_url_for("Lex Models V2"), Some("http://lex-local:2"));
        assert_eq!(config.endpoint_url_for("Backup"), Some("http://backup-local:3"));
        assert_eq!(config.endpoint_url_for("FSx"), Some("http://profile-global:1"));
        assert_eq!(config.retry_config().max_attempts(), 6);
        assert!(config.use_fips() && config.use_dual_stack());

        // AWS_ENDPOINT_URL beats the profile's [services] entries; AWS_ENDPOINT_URL_<SERVICE> beats both.
        let env_global = Config::loader()
            .env(base.into_iter().chain([("AWS_ENDPOINT_URL", "http://env-global:4"), ("AWS_ENDPOINT_URL_BACKUP", "http://env-backup:5")]))
            .home(Some(&home))
            .load()
            .await
            .expect("loads");
        assert_eq!(env_global.endpoint_url_for("Lex Models V2"), Some("http://env-global:4"));
        assert_eq!(env_global.endpoint_url_for("Backup"), Some("http://env-backup:5"));

        let ignored = Config::loader()
            .env(base.into_iter().chain([("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")]))
            .home(Some(&home))
            .load()
            .await
            .expect("loads");
        assert_eq!(ignored.endpoint_url_for("Backup"), None);
        let _ = std::fs::remove_dir_all(&home);
    }

    #[tokio::test]
    async fn problems_are_errors_listed_together() {
        let home = temp_home(CONFIG);
        let err = Config::loader()
            .env([("AWS_PROFILE", "adaptive"), ("AWS_EC2_METADATA_DISABLED", "true"), ("AWS_USE_FIPS_ENDPOINT", "yes")])
            .home(Some(&home))
            .load()
            .await
            .expect_err("invalid");
        let text = err.to_string();
        assert!(text.contains("`adaptive` is not supported (supported: standard)"), "{text}");
        assert!(text.contains("max_attempts / AWS_MAX_ATTEMPTS: `0`"), "{text}");
        assert!(text.contains("`yes` is not true or false"), "{text}");
        assert_eq!(err.problems().len(), 3);

        let nope = Config::loader()
            .env([("AWS_PROFILE", "nope"), ("AWS_EC2_METADATA_DISABLED", "true")])
            .home(Some(&home))
            .load()
            .await
            .expect_err("unknown profile");
        assert!(nope.to_string().contains("profile `nope` is not defined (profiles found: adaptive, dangling, local)"), "{nope}");

        let dangling = Config::loader()
            .env([("AWS_EC2_METADATA_DISABLED", "true")])
            .profile_name("dangling")
            .home(Some(&home))
            .load()
            .await
            .expect_err("missing services section");
        assert!(dangling.to_string().contains("services section `nowhere` is not defined"), "{dangling}");

        // from_env keeps working (warnings only) and the unknown profile surfaces at the first credentials call.
        let lenient = Config::from_env_with([("AWS_PROFILE", "nope"), ("AWS_EC2_METADATA_DISABLED", "true")], Some(&home));
        let e = lenient.credentials_provider().expect("chain").provide_credentials().await.expect_err("nope");
        assert!(e.to_string().contains("profile `nope` is not defined"), "{e}");
        let _ = std::fs::remove_dir_all(&home);
    }
}
