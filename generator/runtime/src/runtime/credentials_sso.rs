//! IAM Identity Center (SSO): the access token `aws sso login` left in `~/.aws/sso/cache/<sha1>.json` is
//! exchanged for role credentials at the SSO portal (`GetRoleCredentials`). With an `[sso-session]`, a token
//! near expiry is refreshed through SSO OIDC `CreateToken` with the cached refresh token, and the cache file is
//! rewritten; legacy profiles (`sso_start_url` in the profile) cannot refresh, as in the AWS SDKs.
//! Endpoints: `AWS_ENDPOINT_URL_SSO` / `[services]` `sso`, `AWS_ENDPOINT_URL_SSO_OIDC` / `sso_oidc`.

use crate::runtime::credentials::{
    Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
};
use crate::runtime::credentials_context::ProviderContext;
use crate::runtime::credentials_http::{empty_request, finish, json_str, parse_rfc3339, status_kind};
use crate::runtime::datetime::{DateTime, Format};
use crate::runtime::endpoint_lib::{partition, uri_encode};
use crate::runtime::sha1::sha1_hex;
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// A token this close to expiry is refreshed (the AWS SDKs use five minutes).
const REFRESH_WINDOW: Duration = Duration::from_secs(300);

/// What a profile says about its SSO role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SsoSettings {
    /// `sso_start_url`.
    pub start_url: String,
    /// `sso_region`: where the portal and OIDC endpoints are.
    pub sso_region: String,
    /// `sso_account_id`.
    pub account_id: String,
    /// `sso_role_name`.
    pub role_name: String,
    /// The `[sso-session]` name; `None` for the legacy form (no refresh).
    pub session_name: Option<String>,
}

/// Fetches role credentials with the cached SSO token at each call (wrap in a cache).
#[derive(Debug)]
pub struct SsoCredentialsProvider {
    ctx: ProviderContext,
    settings: SsoSettings,
    /// One token refresh (and cache file write) at a time.
    token_lock: tokio::sync::Mutex<()>,
}

/// The cached token file, as a JSON object kept whole so a rewrite preserves fields we do not use.
struct CachedToken {
    doc: serde_json::Map<String, serde_json::Value>,
    access_token: String,
    expires_at: SystemTime,
}

impl SsoCredentialsProvider {
    /// A provider for `settings`.
    pub fn new(ctx: ProviderContext, settings: SsoSettings) -> Self {
        SsoCredentialsProvider {
            ctx,
            settings,
            token_lock: tokio::sync::Mutex::new(()),
        }
    }

    fn cache_file(&self) -> Result<PathBuf, CredentialsError> {
        let home = self.ctx.home().ok_or_else(|| {
            CredentialsError::invalid_configuration("SSO: no home directory to find ~/.aws/sso/cache in")
        })?;
        let key = self.settings.session_name.as_deref().unwrap_or(&self.settings.start_url);
        Ok(home.join(".aws").join("sso").join("cache").join(format!("{}.json", sha1_hex(key.as_bytes()))))
    }

    fn login_hint(&self) -> String {
        match &self.settings.session_name {
            Some(session) => format!("run `aws sso login --sso-session {session}`"),
            None => format!("run `aws sso login --profile {}`", self.ctx.profile_name()),
        }
    }

    async fn read_token(&self, path: &PathBuf) -> Result<CachedToken, CredentialsError> {
        let text = tokio::fs::read_to_string(path).await.map_err(|e| {
            CredentialsError::new(format!(
                "SSO: no cached token at `{}` ({})",
                path.display(),
                self.login_hint()
            ))
            .caused_by(e)
        })?;
        let invalid = || CredentialsError::new(format!("SSO: the cached token `{}` is not valid JSON", path.display()));
        let doc = match serde_json::from_str::<serde_json::Value>(&text).map_err(|_| invalid())? {
            serde_json::Value::Object(map) => map,
            _ => return Err(invalid()),
        };
        let value = serde_json::Value::Object(doc.clone());
        let access_token = json_str(&value, "accessToken", "SSO token cache")?.to_owned();
        let expires_text = json_str(&value, "expiresAt", "SSO token cache")?;
        let expires_at = parse_rfc3339(expires_text)
            .ok_or_else(|| CredentialsError::new(format!("SSO: invalid expiresAt `{expires_text}` in the token cache")))?;
        Ok(CachedToken { doc, access_token, expires_at })
    }

    /// A token good for at least the refresh window if one can be had, else the cached one while it is valid.
    async fn token(&self) -> Result<String, CredentialsError> {
        let _guard = self.token_lock.lock().await;
        let path = self.cache_file()?;
        let cached = self.read_token(&path).await?;
        let now = SystemTime::now();
        if cached.expires_at > now + REFRESH_WINDOW {
            return Ok(cached.access_token);
        }
        let refreshed = match &self.settings.session_name {
            Some(_) => self.refresh(&path, &cached).await,
            None => Err(CredentialsError::new("SSO: legacy profiles cannot refresh tokens")),
        };
        match refreshed {
            Ok(token) => Ok(token),
            Err(_) if cached.expires_at > now => Ok(cached.access_token),
            Err(e) => Err(CredentialsError::new(format!("SSO: the cached token has expired ({})", self.login_hint())).caused_by(e)),
        }
    }

    /// SSO OIDC `CreateToken` with the refresh token; rewrites the cache file.
    async fn refresh(&self, path: &PathBuf, cached: &CachedToken) -> Result<String, CredentialsError> {
        let doc = serde_json::Value::Object(cached.doc.clone());
        let field = |name: &str| json_str(&doc, name, "SSO token cache").map(str::to_owned);
        let (client_id, client_secret, refresh_token) = (field("clientId")?, field("clientSecret")?, field("refreshToken")?);
        if let Some(registration) = doc.get("registrationExpiresAt").and_then(|v| v.as_str()).and_then(parse_rfc3339) {
            if registration <= SystemTime::now() {
                return Err(CredentialsError::new("SSO: the OIDC client registration has expired"));
            }
        }
        let profiles = self.ctx.profiles().await;
        let endpoint = self
            .ctx
            .endpoint_override(&profiles, "SSO_OIDC", "sso_oidc")
            .unwrap_or_else(|| regional("oidc", &self.settings.sso_region));
        let body = serde_json::json!({
            "clientId": client_id,
            "clientSecret": client_secret,
            "grantType": "refresh_token",
            "refreshToken": refresh_token,
        });
        let what = "SSO OIDC CreateToken";
        let request = finish(
            empty_request("POST", &format!("{}/token", endpoint.trim_end_matches('/')))?
                .header("content-type", "application/json"),
            body.to_string(),
        )?;
        let response = self.ctx.http(CONNECT_TIMEOUT, READ_TIMEOUT)?.send(what, request).await?;
        if response.status() != 200 {
            return Err(CredentialsError::of_kind(
                status_kind(response.status()),
                format!("{what}: HTTP {}{}", response.status(), error_code(response.body())),
            ));
        }
        let answer: serde_json::Value = serde_json::from_slice(response.body())
            .map_err(|_| CredentialsError::new(format!("{what}: the answer is not JSON")))?;
        let access_token = json_str(&answer, "accessToken", what)?.to_owned();
        let expires_in = answer
            .get("expiresIn")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| CredentialsError::new(format!("{what}: the answer has no expiresIn")))?;
        let expires_at = SystemTime::now() + Duration::from_secs(expires_in);
        let mut updated = cached.doc.clone();
        updated.insert("accessToken".into(), access_token.clone().into());
        updated.insert("expiresAt".into(), rfc3339(expires_at).into());
        if let Some(next) = answer.get("refreshToken").and_then(|v| v.as_str()).filter(|t| !t.is_empty()) {
            updated.insert("refreshToken".into(), next.into());
        }
        // Write beside, then rename: a reader never sees half a file.
        let text = serde_json::Value::Object(updated).to_string();
        let temporary = path.with_extension(format!("tmp-{}", std::process::id()));
        let written = async {
            tokio::fs::write(&temporary, text).await?;
            tokio::fs::rename(&temporary, path).await
        }
        .await;
        if let Err(e) = written {
            tracing::warn!(path = %path.display(), error = %e, "could not update the SSO token cache");
            let _ = tokio::fs::remove_file(&temporary).await;
        }
        Ok(access_token)
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let token = self.token().await?;
        let profiles = self.ctx.profiles().await;
        let endpoint = self
            .ctx
            .endpoint_override(&profiles, "SSO", "sso")
            .unwrap_or_else(|| regional("portal.sso", &self.settings.sso_region));
        let uri = format!(
            "{}/federation/credentials?account_id={}&role_name={}",
            endpoint.trim_end_matches('/'),
            uri_encode(&self.settings.account_id),
            uri_encode(&self.settings.role_name)
        );
        let what = "SSO GetRoleCredentials";
        let request = finish(empty_request("GET", &uri)?.header("x-amz-sso_bearer_token", token), "")?;
        let response = self.ctx.http(CONNECT_TIMEOUT, READ_TIMEOUT)?.send(what, request).await?;
        if response.status() != 200 {
            return Err(CredentialsError::of_kind(
                status_kind(response.status()),
                format!("{what}: HTTP {}{}", response.status(), error_code(response.body())),
            ));
        }
        let answer: serde_json::Value = serde_json::from_slice(response.body())
            .map_err(|_| CredentialsError::new(format!("{what}: the answer is not JSON")))?;
        let role = answer
            .get("roleCredentials")
            .ok_or_else(|| CredentialsError::new(format!("{what}: the answer has no roleCredentials")))?;
        let expiry = role
            .get("expiration")
            .and_then(serde_json::Value::as_u64)
            .map(|millis| UNIX_EPOCH + Duration::from_millis(millis));
        Ok(Credentials::new(
            json_str(role, "accessKeyId", what)?,
            json_str(role, "secretAccessKey", what)?,
            Some(json_str(role, "sessionToken", what)?.to_owned()),
            expiry,
        )
        .with_account_id(self.settings.account_id.clone()))
    }
}

/// `https://<service>.<region>.<partition suffix>`.
fn regional(service: &str, region: &str) -> String {
    let suffix = partition(region).map(|p| p.dns_suffix).unwrap_or_else(|| "amazonaws.com".into());
    format!("https://{service}.{region}.{suffix}")
}

/// ` (<error code>)` of a JSON error answer, from the `x-amzn-errortype`-style `__type` or `error` field.
fn error_code(body: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|d| {
            ["__type", "error", "code"]
                .iter()
                .find_map(|k| d.get(*k).and_then(|v| v.as_str()).map(str::to_owned))
        })
        .map(|c| format!(" ({c})"))
        .unwrap_or_default()
}

fn rfc3339(time: SystemTime) -> String {
    let secs = time.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
    DateTime::from_secs(i64::try_from(secs).unwrap_or(i64::MAX))
        .fmt(Format::DateTime)
        .unwrap_or_default()
}

impl ProvideCredentials for SsoCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::credentials_context::Env;

    #[test]
    fn endpoints_and_cache_names() {
        assert_eq!(regional("portal.sso", "eu-west-1"), "https://portal.sso.eu-west-1.amazonaws.com");
        assert_eq!(regional("oidc", "cn-north-1"), "https://oidc.cn-north-1.amazonaws.com.cn");
        let ctx = ProviderContext::new(Env::default(), Some(std::path::Path::new("/home/u")));
        let settings = SsoSettings {
            start_url: "https://d-123.awsapps.com/start".into(),
            sso_region: "us-east-1".into(),
            account_id: "123456789012".into(),
            role_name: "Admin".into(),
            session_name: Some("admin".into()),
        };
        let provider = SsoCredentialsProvider::new(ctx.clone(), settings.clone());
        assert_eq!(
            provider.cache_file().expect("path"),
            PathBuf::from("/home/u/.aws/sso/cache/d033e22ae348aeb5660fc2140aec35850c4da997.json")
        );
        let legacy = SsoCredentialsProvider::new(ctx, SsoSettings { session_name: None, ..settings });
        assert!(legacy.cache_file().expect("path").ends_with(format!("{}.json", sha1_hex(b"https://d-123.awsapps.com/start"))));
        assert_eq!(rfc3339(UNIX_EPOCH + Duration::from_secs(1_893_553_445)), "2030-01-02T03:04:05Z");
    }
}
