//! The region chain, as aws-sdk-rust resolves it: `AWS_REGION`, `AWS_DEFAULT_REGION`, the selected profile's
//! `region`, then (only in [`Config::load`](crate::runtime::config::Config::load)) EC2 instance metadata.

use crate::runtime::credentials_context::ProviderContext;
use crate::runtime::credentials_imds::ImdsClient;
use crate::runtime::profile::ProfileSet;

/// Where the region came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionSource {
    /// `AWS_REGION` or `AWS_DEFAULT_REGION`.
    Environment,
    /// The profile's `region`.
    Profile,
    /// EC2 instance metadata.
    InstanceMetadata,
}

/// The region from the environment or the profile, without I/O.
pub fn region_from_env_or_profile(ctx: &ProviderContext, profiles: &ProfileSet) -> Option<(String, RegionSource)> {
    ctx.env()
        .get("AWS_REGION")
        .or_else(|| ctx.env().get("AWS_DEFAULT_REGION"))
        .map(|r| (r, RegionSource::Environment))
        .or_else(|| {
            profiles
                .get(ctx.profile_name(), "region")
                .map(|r| (r.to_owned(), RegionSource::Profile))
        })
}

/// The whole chain; the instance metadata step is skipped when IMDS is disabled, and its failures (not on EC2)
/// mean "no region", logged at debug level.
pub async fn resolve_region(ctx: &ProviderContext, profiles: &ProfileSet) -> Option<(String, RegionSource)> {
    if let Some(found) = region_from_env_or_profile(ctx, profiles) {
        return Some(found);
    }
    let client = match ImdsClient::from_context(ctx, profiles) {
        Ok(client) => client,
        Err(e) => {
            tracing::debug!(reason = %e, "no region from instance metadata");
            return None;
        }
    };
    match client.region().await {
        Ok(Some(region)) => Some((region, RegionSource::InstanceMetadata)),
        Ok(None) => None,
        Err(e) => {
            tracing::debug!(reason = %e, "no region from instance metadata");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::credentials_context::Env;

    #[tokio::test]
    async fn environment_then_profile() {
        let profiles = ProfileSet::parse("[profile p]\nregion = eu-north-1\n[default]\nregion = us-west-1\n", "");
        let ctx = |vars: Vec<(&str, &str)>| ProviderContext::new(Env::from_vars(vars), None);
        let both = ctx(vec![("AWS_REGION", "ap-east-1"), ("AWS_DEFAULT_REGION", "x")]);
        assert_eq!(region_from_env_or_profile(&both, &profiles), Some(("ap-east-1".into(), RegionSource::Environment)));
        let default_var = ctx(vec![("AWS_DEFAULT_REGION", "sa-east-1")]);
        assert_eq!(region_from_env_or_profile(&default_var, &profiles).map(|r| r.0), Some("sa-east-1".into()));
        let profile = ctx(vec![("AWS_PROFILE", "p")]);
        assert_eq!(region_from_env_or_profile(&profile, &profiles), Some(("eu-north-1".into(), RegionSource::Profile)));
        let disabled = ctx(vec![("AWS_PROFILE", "none"), ("AWS_EC2_METADATA_DISABLED", "true")]);
        assert_eq!(resolve_region(&disabled, &profiles).await, None);
    }
}
