//! What every credential source reads: a snapshot of the environment, where the profile files are, the
//! selected profile, the region, and the HTTP client to use.

use crate::runtime::credentials::CredentialsError;
use crate::runtime::credentials_http::CredentialsHttp;
use crate::runtime::http::HttpClient;
use crate::runtime::profile::{ProfileFiles, ProfileSet};
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// A snapshot of environment variables; `Debug` lists names only (values may be secrets).
#[derive(Clone, Default)]
pub struct Env {
    vars: Arc<BTreeMap<String, String>>,
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.vars.keys()).finish()
    }
}

impl Env {
    /// The process environment now.
    pub fn from_process() -> Self {
        Self::from_vars(std::env::vars())
    }

    /// Given variables (tests, or a captured environment).
    pub fn from_vars<K: Into<String>, V: Into<String>>(vars: impl IntoIterator<Item = (K, V)>) -> Self {
        Env {
            vars: Arc::new(vars.into_iter().map(|(k, v)| (k.into(), v.into())).collect()),
        }
    }

    /// A variable's value, trimmed; `None` when unset or blank.
    pub fn get(&self, name: &str) -> Option<String> {
        self.vars
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// Every variable, for prefix scans (`AWS_ENDPOINT_URL_*`).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// The settings every credential source shares.
#[derive(Clone)]
pub struct ProviderContext {
    pub(crate) env: Env,
    pub(crate) files: ProfileFiles,
    pub(crate) home: Option<PathBuf>,
    /// The profile named by `AWS_PROFILE` (or the loader), else `default`.
    pub(crate) profile_name: String,
    /// Whether the profile was named explicitly: a named profile that does not exist is an error, a missing
    /// `default` is not.
    pub(crate) profile_explicit: bool,
    pub(crate) region: Option<String>,
    pub(crate) http_client: Option<Arc<dyn HttpClient>>,
}

impl fmt::Debug for ProviderContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderContext")
            .field("env", &self.env)
            .field("files", &self.files)
            .field("profile_name", &self.profile_name)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl ProviderContext {
    /// Reads `AWS_PROFILE` and the file locations from `env`, with profile files under `home`.
    pub fn new(env: Env, home: Option<&Path>) -> Self {
        let lookup = |name: &str| env.get(name);
        let files = ProfileFiles::locate(&lookup, home);
        let profile = env.get("AWS_PROFILE");
        ProviderContext {
            files,
            home: home.map(Path::to_path_buf),
            profile_explicit: profile.is_some(),
            profile_name: profile.unwrap_or_else(|| "default".to_owned()),
            region: None,
            http_client: None,
            env,
        }
    }

    /// Uses another profile than `AWS_PROFILE` names.
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile_name = name.into();
        self.profile_explicit = true;
        self
    }

    /// The region STS and other regional sources use when a profile does not say.
    pub fn with_region(mut self, region: Option<String>) -> Self {
        self.region = region;
        self
    }

    /// Sends credential requests through `client` instead of a default hyper client.
    pub fn with_http_client(mut self, client: Arc<dyn HttpClient>) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The environment snapshot.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The selected profile's name.
    pub fn profile_name(&self) -> &str {
        &self.profile_name
    }

    /// Where the profile files are.
    pub fn files(&self) -> &ProfileFiles {
        &self.files
    }

    /// The home directory (for `~/.aws/sso/cache`).
    pub fn home(&self) -> Option<&Path> {
        self.home.as_deref()
    }

    /// The region, if known.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// An HTTP client with these limits: the configured one, else a hyper client.
    pub fn http(&self, connect: Duration, timeout: Duration) -> Result<CredentialsHttp, CredentialsError> {
        match &self.http_client {
            Some(client) => Ok(CredentialsHttp::new(client.clone(), timeout)),
            None => CredentialsHttp::hyper(connect, timeout),
        }
    }

    /// Loads the profile files (async).
    pub async fn profiles(&self) -> ProfileSet {
        ProfileSet::load_async(&self.files).await
    }

    /// The endpoint a credential source's service is called at when configured (`env_suffix` such as `STS`,
    /// `profile_key` such as `sts`): `AWS_ENDPOINT_URL_<SUFFIX>`, `AWS_ENDPOINT_URL`, the profile's `[services]`
    /// entry, the profile's `endpoint_url`; none of them under `ignore_configured_endpoint_urls`.
    pub fn endpoint_override(&self, profiles: &ProfileSet, env_suffix: &str, profile_key: &str) -> Option<String> {
        let profile = |key: &str| profiles.get(&self.profile_name, key).map(str::to_owned);
        let ignore = self
            .env
            .get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
            .or_else(|| profile("ignore_configured_endpoint_urls"))
            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
        if ignore {
            return None;
        }
        self.env
            .get(&format!("AWS_ENDPOINT_URL_{env_suffix}"))
            .or_else(|| self.env.get("AWS_ENDPOINT_URL"))
            .or_else(|| {
                let section = profile("services")?;
                profiles
                    .service_endpoint_url(&section, profile_key)
                    .map(str::to_owned)
            })
            .or_else(|| profile("endpoint_url"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_debug_hides_values_and_overrides_follow_precedence() {
        let env = Env::from_vars([("AWS_SECRET_ACCESS_KEY", "hunter2"), ("AWS_PROFILE", " p ")]);
        assert!(!format!("{env:?}").contains("hunter2"));
        let ctx = ProviderContext::new(env, None);
        assert_eq!((ctx.profile_name(), ctx.profile_explicit), ("p", true));
        let profiles = ProfileSet::parse(
            "[profile p]\nservices = s\nendpoint_url = http://global\n[services s]\nsts =\n  endpoint_url = http://sts-local\n",
            "",
        );
        assert_eq!(ctx.endpoint_override(&profiles, "STS", "sts").as_deref(), Some("http://sts-local"));
        assert_eq!(ctx.endpoint_override(&profiles, "SSO", "sso").as_deref(), Some("http://global"));
        let env_wins = ProviderContext::new(
            Env::from_vars([("AWS_PROFILE", "p"), ("AWS_ENDPOINT_URL", "http://env")]),
            None,
        );
        assert_eq!(env_wins.endpoint_override(&profiles, "STS", "sts").as_deref(), Some("http://env"));
        let ignored = ProviderContext::new(
            Env::from_vars([("AWS_PROFILE", "p"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")]),
            None,
        );
        assert_eq!(ignored.endpoint_override(&profiles, "STS", "sts"), None);
    }
}
