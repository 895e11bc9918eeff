//! The default credentials chain, in aws-sdk-rust's order: environment keys, the selected profile (static keys,
//! `credential_process`, `role_arn` chains, SSO, web identity), web identity from the environment, container
//! credentials, EC2 instance metadata. A source that is not configured hands over to the next; one that is
//! configured but fails stops the chain. The final error lists what every source tried said. The whole chain
//! sits behind a [`CachingCredentialsProvider`].

use crate::runtime::credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, EnvironmentCredentialsProvider, ProvideCredentials,
    ProvideCredentialsFuture,
};
use crate::runtime::credentials_cache::CachingCredentialsProvider;
use crate::runtime::credentials_context::ProviderContext;
use crate::runtime::credentials_ecs::EcsCredentialsProvider;
use crate::runtime::credentials_imds::ImdsCredentialsProvider;
use crate::runtime::credentials_profile::ProfileChainProvider;
use crate::runtime::credentials_web_identity::WebIdentityCredentialsProvider;
use std::sync::Arc;

/// Named sources tried in order; see the module docs for when it moves on.
#[derive(Debug)]
pub struct NamedSourceChain {
    sources: Vec<(&'static str, Arc<dyn ProvideCredentials>)>,
}

impl NamedSourceChain {
    /// A chain over `sources`, first to last.
    pub fn new(sources: Vec<(&'static str, Arc<dyn ProvideCredentials>)>) -> Self {
        NamedSourceChain { sources }
    }

    async fn resolve(&self) -> Result<Credentials, CredentialsError> {
        let mut said = Vec::new();
        for (name, source) in &self.sources {
            match source.provide_credentials().await {
                Ok(credentials) => {
                    tracing::debug!(source = name, "credentials loaded");
                    return Ok(credentials);
                }
                Err(e) if e.is_not_loaded() => {
                    tracing::debug!(source = name, reason = %e, "credentials source not configured");
                    said.push(format!("{name}: {e}"));
                }
                Err(e) => {
                    said.push(format!("{name}: {e}"));
                    return Err(CredentialsError::of_kind(
                        e.kind(),
                        format!("failed to load credentials from {name} ({})", said.join("; ")),
                    ));
                }
            }
        }
        Err(CredentialsError::of_kind(
            CredentialsErrorKind::NotLoaded,
            format!("no credentials found ({})", said.join("; ")),
        ))
    }
}

impl ProvideCredentials for NamedSourceChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.resolve())
    }
}

/// The default chain behind a cache.
#[derive(Debug)]
pub struct DefaultCredentialsChain {
    cache: CachingCredentialsProvider,
}

impl DefaultCredentialsChain {
    /// The chain over `ctx` (its environment snapshot, profile files, profile, region and HTTP client).
    pub fn new(ctx: ProviderContext) -> Self {
        let env = ctx.env().clone();
        let chain = NamedSourceChain::new(vec![
            (
                "Environment",
                Arc::new(EnvironmentCredentialsProvider::with_lookup(move |n| env.get(n))),
            ),
            ("Profile", Arc::new(ProfileChainProvider::new(ctx.clone()))),
            ("WebIdentityToken", Arc::new(WebIdentityCredentialsProvider::from_env(ctx.clone()))),
            ("EcsContainer", Arc::new(EcsCredentialsProvider::new(ctx.clone()))),
            ("Ec2InstanceMetadata", Arc::new(ImdsCredentialsProvider::new(ctx))),
        ]);
        DefaultCredentialsChain {
            cache: CachingCredentialsProvider::new(Arc::new(chain)),
        }
    }

    /// The process environment and `$HOME`.
    pub fn from_env() -> Self {
        let env = crate::runtime::credentials_context::Env::from_process();
        Self::new(ProviderContext::new(env, crate::runtime::config_loader::home_dir().as_deref()))
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        self.cache.provide_credentials()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Says(CredentialsErrorKind, &'static str);
    impl ProvideCredentials for Says {
        fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
            ProvideCredentialsFuture::ready(Err(CredentialsError::of_kind(self.0, self.1)))
        }
    }

    #[tokio::test]
    async fn not_loaded_moves_on_anything_else_stops_and_every_reason_is_listed() {
        use CredentialsErrorKind::*;
        let ok = Arc::new(Credentials::new("AKOK", "SK", None, None));
        let chain = NamedSourceChain::new(vec![
            ("A", Arc::new(Says(NotLoaded, "a not set"))),
            ("B", ok.clone()),
        ]);
        assert_eq!(chain.provide_credentials().await.expect("B").access_key_id(), "AKOK");
        let stops = NamedSourceChain::new(vec![
            ("A", Arc::new(Says(NotLoaded, "a not set"))),
            ("B", Arc::new(Says(InvalidConfiguration, "b is broken"))),
            ("C", ok),
        ]);
        let e = stops.provide_credentials().await.expect_err("stops at B");
        assert_eq!(e.kind(), InvalidConfiguration);
        assert_eq!(e.to_string(), "failed to load credentials from B (A: a not set; B: b is broken)");
        let none = NamedSourceChain::new(vec![
            ("A", Arc::new(Says(NotLoaded, "a not set"))),
            ("B", Arc::new(Says(NotLoaded, "b not set"))),
        ]);
        let e = none.provide_credentials().await.expect_err("none");
        assert_eq!(e.to_string(), "no credentials found (A: a not set; B: b not set)");
    }
}
