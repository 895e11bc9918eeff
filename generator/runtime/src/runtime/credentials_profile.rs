//! Credentials of the selected profile, resolved as aws-sdk-rust resolves them: a chain of `role_arn` profiles
//! linked by `source_profile` (loops are an error), ending in a base: `credential_source` (`Environment`,
//! `Ec2InstanceMetadata`, `EcsContainer`), web identity (`web_identity_token_file` with `role_arn`), SSO
//! (`sso_session` or the legacy `sso_*` keys), `credential_process`, or static keys. Each role of the chain is
//! assumed with the credentials of the one below it.

use crate::runtime::credentials::{
    credentials_from_profile, Credentials, CredentialsError, EnvironmentCredentialsProvider,
    ProvideCredentials, ProvideCredentialsFuture,
};
use crate::runtime::credentials_context::ProviderContext;
use crate::runtime::credentials_ecs::EcsCredentialsProvider;
use crate::runtime::credentials_imds::ImdsCredentialsProvider;
use crate::runtime::credentials_process::ProcessCredentialsProvider;
use crate::runtime::credentials_sso::{SsoCredentialsProvider, SsoSettings};
use crate::runtime::credentials_sts::{AssumeRoleParams, StsClient};
use crate::runtime::credentials_web_identity::{WebIdentityCredentialsProvider, WebIdentitySettings};
use crate::runtime::profile::ProfileSet;

/// Where the chain starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseSource {
    /// `aws_access_key_id` / `aws_secret_access_key` of this profile.
    StaticKeys {
        /// The profile holding them.
        profile: String,
    },
    /// `credential_process`.
    Process {
        /// The profile naming the command (the command itself is not kept here: it is read when run).
        profile: String,
    },
    /// `sso_session` or `sso_*`.
    Sso(SsoSettings),
    /// `web_identity_token_file` with `role_arn`.
    WebIdentity {
        /// The token file.
        token_file: String,
        /// The role it is exchanged for.
        role_arn: String,
        /// `role_session_name`.
        session_name: Option<String>,
    },
    /// `credential_source`.
    Named(NamedSource),
}

/// The values `credential_source` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedSource {
    /// `Environment`: the `AWS_ACCESS_KEY_ID` family of variables.
    Environment,
    /// `Ec2InstanceMetadata`: IMDS.
    Ec2InstanceMetadata,
    /// `EcsContainer`: the container credentials endpoint.
    EcsContainer,
}

/// The resolved plan: a base, then roles to assume in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChain {
    /// Where the first credentials come from.
    pub base: BaseSource,
    /// Roles assumed one after the other, the first with the base's credentials.
    pub roles: Vec<RoleStep>,
}

/// One `AssumeRole`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleStep {
    /// The profile that names the role.
    pub profile: String,
    /// `role_arn`.
    pub role_arn: String,
    /// `role_session_name`.
    pub session_name: Option<String>,
    /// `external_id`.
    pub external_id: Option<String>,
    /// `duration_seconds`.
    pub duration_seconds: Option<u32>,
}

/// Resolves the chain of `profile` (see the module docs). `Err` with `NotLoaded` when the profile holds no
/// credentials of any kind (the default chain then moves on); other errors are configuration mistakes.
pub fn resolve_chain(profiles: &ProfileSet, profile: &str) -> Result<ProfileChain, CredentialsError> {
    let mut visited: Vec<String> = Vec::new();
    let mut roles = Vec::new();
    let mut name = profile.to_owned();
    let base = loop {
        if !profiles.has_profile(&name) {
            return Err(CredentialsError::invalid_configuration(format!(
                "profile `{name}` is not defined{}",
                if visited.is_empty() { String::new() } else { format!(" (source_profile of `{}`)", visited.join("` -> `")) }
            )));
        }
        if visited.contains(&name) {
            visited.push(name);
            return Err(CredentialsError::invalid_configuration(format!(
                "profiles form a source_profile loop: `{}`",
                visited.join("` -> `")
            )));
        }
        visited.push(name.clone());
        let get = |key: &str| profiles.get(&name, key).map(str::to_owned);
        // Past the first profile, static keys end the chain (aws-sdk-rust does the same).
        if visited.len() > 1 && get("aws_access_key_id").is_some() {
            break static_keys(profiles, &name)?;
        }
        let Some(role_arn) = get("role_arn") else {
            break base_source(profiles, &name)?;
        };
        if get("web_identity_token_file").is_some() {
            break base_source(profiles, &name)?;
        }
        let duration_seconds = match get("duration_seconds") {
            Some(text) => Some(text.parse::<u32>().map_err(|_| {
                CredentialsError::invalid_configuration(format!(
                    "profile `{name}`: duration_seconds `{text}` is not a number of seconds"
                ))
            })?),
            None => None,
        };
        roles.push(RoleStep {
            profile: name.clone(),
            role_arn,
            session_name: get("role_session_name"),
            external_id: get("external_id"),
            duration_seconds,
        });
        match (get("source_profile"), get("credential_source")) {
            (Some(_), Some(_)) => {
                return Err(CredentialsError::invalid_configuration(format!(
                    "profile `{name}` sets both source_profile and credential_source"
                )))
            }
            (None, None) => {
                return Err(CredentialsError::invalid_configuration(format!(
                    "profile `{name}` has role_arn but neither source_profile nor credential_source"
                )))
            }
            (None, Some(source)) => break BaseSource::Named(named_source(&name, &source)?),
            // A profile that is its own source uses its own static keys for the first role.
            (Some(source), None) if source == name => break static_keys(profiles, &name)?,
            (Some(source), None) => name = source,
        }
    };
    roles.reverse();
    Ok(ProfileChain { base, roles })
}

fn named_source(profile: &str, value: &str) -> Result<NamedSource, CredentialsError> {
    match value {
        "Environment" => Ok(NamedSource::Environment),
        "Ec2InstanceMetadata" => Ok(NamedSource::Ec2InstanceMetadata),
        "EcsContainer" => Ok(NamedSource::EcsContainer),
        other => Err(CredentialsError::invalid_configuration(format!(
            "profile `{profile}`: unknown credential_source `{other}` (expected Environment, \
             Ec2InstanceMetadata or EcsContainer)"
        ))),
    }
}

/// The base of a profile that assumes no role (or is the last of a chain).
fn base_source(profiles: &ProfileSet, name: &str) -> Result<BaseSource, CredentialsError> {
    let get = |key: &str| profiles.get(name, key).map(str::to_owned);
    if let Some(source) = get("credential_source") {
        return Ok(BaseSource::Named(named_source(name, &source)?));
    }
    if let Some(token_file) = get("web_identity_token_file") {
        let role_arn = get("role_arn").ok_or_else(|| {
            CredentialsError::invalid_configuration(format!(
                "profile `{name}` has web_identity_token_file but no role_arn"
            ))
        })?;
        return Ok(BaseSource::WebIdentity {
            token_file,
            role_arn,
            session_name: get("role_session_name"),
        });
    }
    if let Some(sso) = sso_settings(profiles, name)? {
        return Ok(BaseSource::Sso(sso));
    }
    if get("credential_process").is_some() {
        return Ok(BaseSource::Process { profile: name.to_owned() });
    }
    static_keys(profiles, name)
}

fn static_keys(profiles: &ProfileSet, name: &str) -> Result<BaseSource, CredentialsError> {
    let has = |key: &str| profiles.get(name, key).is_some();
    match (has("aws_access_key_id"), has("aws_secret_access_key")) {
        (true, true) => Ok(BaseSource::StaticKeys { profile: name.to_owned() }),
        (false, false) => Err(CredentialsError::not_loaded(format!("profile `{name}` holds no credentials"))),
        (true, false) => Err(CredentialsError::invalid_configuration(format!(
            "profile `{name}` has aws_access_key_id but no aws_secret_access_key"
        ))),
        (false, true) => Err(CredentialsError::invalid_configuration(format!(
            "profile `{name}` has aws_secret_access_key but no aws_access_key_id"
        ))),
    }
}

/// SSO settings of a profile: `sso_session` (with its section) or the four legacy keys; `None` when neither.
fn sso_settings(profiles: &ProfileSet, name: &str) -> Result<Option<SsoSettings>, CredentialsError> {
    let get = |key: &str| profiles.get(name, key).map(str::to_owned);
    let missing = |what: &str| {
        CredentialsError::invalid_configuration(format!("profile `{name}`: SSO configuration lacks {what}"))
    };
    if let Some(session) = get("sso_session") {
        if !profiles.has_sso_session(&session) {
            return Err(CredentialsError::invalid_configuration(format!(
                "profile `{name}`: sso-session `{session}` is not defined"
            )));
        }
        let from_session = |key: &str| -> Result<String, CredentialsError> {
            let value = profiles
                .sso_session(&session, key)
                .map(str::to_owned)
                .ok_or_else(|| missing(&format!("{key} in [sso-session {session}]")))?;
            match get(key) {
                Some(own) if own != value => Err(CredentialsError::invalid_configuration(format!(
                    "profile `{name}`: {key} differs from the one of sso-session `{session}`"
                ))),
                _ => Ok(value),
            }
        };
        return Ok(Some(SsoSettings {
            start_url: from_session("sso_start_url")?,
            sso_region: from_session("sso_region")?,
            account_id: get("sso_account_id").ok_or_else(|| missing("sso_account_id"))?,
            role_name: get("sso_role_name").ok_or_else(|| missing("sso_role_name"))?,
            session_name: Some(session),
        }));
    }
    let keys = ["sso_start_url", "sso_region", "sso_account_id", "sso_role_name"];
    if keys.iter().all(|k| get(k).is_none()) {
        return Ok(None);
    }
    let need = |key: &str| get(key).ok_or_else(|| missing(key));
    Ok(Some(SsoSettings {
        start_url: need("sso_start_url")?,
        sso_region: need("sso_region")?,
        account_id: need("sso_account_id")?,
        role_name: need("sso_role_name")?,
        session_name: None,
    }))
}

/// The credentials of the selected profile (see the module docs); reads the files at each call (wrap in a
/// cache).
#[derive(Debug)]
pub struct ProfileChainProvider {
    ctx: ProviderContext,
}

impl ProfileChainProvider {
    /// For the profile `ctx` selects.
    pub fn new(ctx: ProviderContext) -> Self {
        ProfileChainProvider { ctx }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let profiles = self.ctx.profiles().await;
        let name = self.ctx.profile_name();
        if !profiles.has_profile(name) {
            let known: Vec<&str> = profiles.profile_names().collect();
            let message = format!(
                "profile `{name}` is not defined in {} or {} (profiles found: {})",
                shown(self.ctx.files().config.as_deref()),
                shown(self.ctx.files().credentials.as_deref()),
                if known.is_empty() { "none".to_owned() } else { known.join(", ") }
            );
            return Err(if self.ctx.profile_explicit {
                CredentialsError::invalid_configuration(message)
            } else {
                CredentialsError::not_loaded(message)
            });
        }
        let chain = resolve_chain(&profiles, name)?;
        let mut credentials = self.base(&profiles, &chain.base).await?;
        let region = profiles.get(name, "region").map(str::to_owned);
        for role in &chain.roles {
            let sts = StsClient::new(&self.ctx, &profiles, region.as_deref())?;
            let params = AssumeRoleParams {
                role_arn: role.role_arn.clone(),
                session_name: role.session_name.clone(),
                external_id: role.external_id.clone(),
                duration_seconds: role.duration_seconds,
            };
            credentials = sts.assume_role(&credentials, &params).await.map_err(|e| {
                CredentialsError::of_kind(e.kind(), format!("profile `{}`: assuming {}", role.profile, role.role_arn))
                    .caused_by(e)
            })?;
        }
        Ok(credentials)
    }

    async fn base(&self, profiles: &ProfileSet, base: &BaseSource) -> Result<Credentials, CredentialsError> {
        let ctx = self.ctx.clone();
        match base {
            BaseSource::StaticKeys { profile } => credentials_from_profile(profiles, profile)
                .ok_or_else(|| CredentialsError::not_loaded(format!("profile `{profile}` holds no credentials"))),
            BaseSource::Process { profile } => {
                let command = profiles.get(profile, "credential_process").unwrap_or_default();
                ProcessCredentialsProvider::new(command).provide_credentials().await
            }
            BaseSource::Sso(settings) => SsoCredentialsProvider::new(ctx, settings.clone()).provide_credentials().await,
            BaseSource::WebIdentity { token_file, role_arn, session_name } => {
                let settings = WebIdentitySettings {
                    token_file: token_file.clone(),
                    role: AssumeRoleParams {
                        role_arn: role_arn.clone(),
                        session_name: session_name.clone(),
                        ..AssumeRoleParams::default()
                    },
                };
                WebIdentityCredentialsProvider::new(ctx, settings).provide_credentials().await
            }
            BaseSource::Named(NamedSource::Environment) => {
                let env = ctx.env().clone();
                EnvironmentCredentialsProvider::with_lookup(move |n| env.get(n))
                    .provide_credentials()
                    .await
                    // Named explicitly by the profile: missing variables are a mistake, not "try the next source".
                    .map_err(|e| CredentialsError::invalid_configuration(format!("credential_source Environment: {e}")))
            }
            BaseSource::Named(NamedSource::Ec2InstanceMetadata) => ImdsCredentialsProvider::new(ctx).provide_credentials().await,
            BaseSource::Named(NamedSource::EcsContainer) => EcsCredentialsProvider::new(ctx).provide_credentials().await,
        }
    }
}

fn shown(path: Option<&std::path::Path>) -> String {
    path.map(|p| format!("`{}`", p.display())).unwrap_or_else(|| "(no file)".to_owned())
}

impl ProvideCredentials for ProfileChainProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::credentials::CredentialsErrorKind;

    const CONFIG: &str = "\
[profile static]
aws_access_key_id = AKSTATIC
aws_secret_access_key = SKSTATIC
[profile role]
role_arn = arn:aws:iam::123456789012:role/first
source_profile = middle
role_session_name = sess
external_id = ext
duration_seconds = 900
[profile middle]
role_arn = arn:aws:iam::123456789012:role/second
source_profile = static
[profile self]
role_arn = arn:aws:iam::123456789012:role/self
source_profile = self
aws_access_key_id = AKSELF
aws_secret_access_key = SKSELF
[profile loop-a]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = loop-b
[profile loop-b]
role_arn = arn:aws:iam::123456789012:role/b
source_profile = loop-a
[profile from-ec2]
role_arn = arn:aws:iam::123456789012:role/ec2
credential_source = Ec2InstanceMetadata
[profile bad-source]
role_arn = arn:aws:iam::123456789012:role/x
credential_source = Mainframe
[profile both]
role_arn = arn:aws:iam::123456789012:role/x
credential_source = Environment
source_profile = static
[profile neither]
role_arn = arn:aws:iam::123456789012:role/x
[profile process]
credential_process = /bin/get-creds --secret-flag
[profile web]
role_arn = arn:aws:iam::123456789012:role/web
web_identity_token_file = /var/token
[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Reader
[profile sso-legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 111122223333
sso_role_name = Reader
[profile sso-half]
sso_start_url = https://legacy.awsapps.com/start
[profile sso-missing-session]
sso_session = nowhere
sso_account_id = 1
sso_role_name = r
[profile half-keys]
aws_access_key_id = AKHALF
[profile empty]
region = us-east-1
[profile missing-source]
role_arn = arn:aws:iam::123456789012:role/x
source_profile = ghost
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-2
";

    fn chain(profile: &str) -> Result<ProfileChain, CredentialsError> {
        resolve_chain(&ProfileSet::parse(CONFIG, ""), profile)
    }

    fn kind(profile: &str) -> (CredentialsErrorKind, String) {
        let e = chain(profile).expect_err(profile);
        (e.kind(), e.to_string())
    }

    #[test]
    fn role_chains_resolve_base_first() {
        let c = chain("role").expect("chain");
        assert_eq!(c.base, BaseSource::StaticKeys { profile: "static".into() });
        let arns: Vec<_> = c.roles.iter().map(|r| r.role_arn.as_str()).collect();
        assert_eq!(arns, ["arn:aws:iam::123456789012:role/second", "arn:aws:iam::123456789012:role/first"]);
        assert_eq!(
            (c.roles[1].session_name.as_deref(), c.roles[1].external_id.as_deref(), c.roles[1].duration_seconds),
            (Some("sess"), Some("ext"), Some(900))
        );
        let own = chain("self").expect("self");
        assert_eq!((own.base, own.roles.len()), (BaseSource::StaticKeys { profile: "self".into() }, 1));
        assert_eq!(chain("from-ec2").expect("ec2").base, BaseSource::Named(NamedSource::Ec2InstanceMetadata));
    }

    #[test]
    fn base_sources() {
        assert_eq!(chain("process").expect("p").base, BaseSource::Process { profile: "process".into() });
        assert_eq!(
            chain("web").expect("web"),
            ProfileChain {
                base: BaseSource::WebIdentity {
                    token_file: "/var/token".into(),
                    role_arn: "arn:aws:iam::123456789012:role/web".into(),
                    session_name: None
                },
                roles: vec![]
            }
        );
        match chain("sso").expect("sso").base {
            BaseSource::Sso(s) => assert_eq!(
                (s.start_url.as_str(), s.sso_region.as_str(), s.session_name.as_deref()),
                ("https://corp.awsapps.com/start", "us-east-2", Some("corp"))
            ),
            other => panic!("{other:?}"),
        }
        match chain("sso-legacy").expect("legacy").base {
            BaseSource::Sso(s) => assert_eq!((s.sso_region.as_str(), s.session_name), ("eu-west-1", None)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn mistakes_are_named() {
        use CredentialsErrorKind::*;
        let (k, m) = kind("loop-a");
        assert_eq!(k, InvalidConfiguration);
        assert!(m.contains("`loop-a` -> `loop-b` -> `loop-a`"), "{m}");
        for (profile, needle) in [
            ("bad-source", "unknown credential_source `Mainframe`"),
            ("both", "both source_profile and credential_source"),
            ("neither", "neither source_profile nor credential_source"),
            ("sso-half", "lacks sso_region"),
            ("sso-missing-session", "sso-session `nowhere` is not defined"),
            ("half-keys", "no aws_secret_access_key"),
            ("missing-source", "profile `ghost` is not defined"),
        ] {
            let (k, m) = kind(profile);
            assert_eq!(k, InvalidConfiguration, "{profile}: {m}");
            assert!(m.contains(needle), "{profile}: {m}");
        }
        let (k, _) = kind("empty");
        assert_eq!(k, NotLoaded);
        // The process command line is not part of the plan's Debug output.
        assert!(!format!("{:?}", chain("process").expect("p")).contains("secret-flag"));
    }
}
