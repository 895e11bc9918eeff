//! EC2 instance metadata (IMDSv2): a session token from `PUT /latest/api/token`, then the instance profile's
//! role name and its credentials, or the instance's region. Short time limits, since most machines are not
//! EC2 instances and this source is the last one tried.
//!
//! Settings: `AWS_EC2_METADATA_DISABLED`, `AWS_EC2_METADATA_SERVICE_ENDPOINT` (profile
//! `ec2_metadata_service_endpoint`), `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` (`IPv4` or `IPv6`, profile
//! `ec2_metadata_service_endpoint_mode`), `AWS_EC2_INSTANCE_PROFILE_NAME` (profile `ec2_instance_profile_name`).

use crate::runtime::credentials::{
    Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials, ProvideCredentialsFuture,
};
use crate::runtime::credentials_context::ProviderContext;
use crate::runtime::credentials_http::{
    empty_request, finish, json_str, parse_rfc3339, status_kind, CredentialsHttp,
};
use crate::runtime::profile::ProfileSet;
use std::time::{Duration, Instant};

const IPV4_ENDPOINT: &str = "http://169.254.169.254";
const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";
const TOKEN_TTL_SECONDS: u64 = 21_600;
/// aws-sdk-rust waits 1 s to connect and 1 s for the answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
const READ_TIMEOUT: Duration = Duration::from_secs(1);
/// Transient failures (timeouts, 5xx) are tried this many times in all.
const ATTEMPTS: u32 = 2;
const WHAT: &str = "EC2 instance metadata";

/// A client of the instance metadata service that keeps its session token until shortly before it expires.
#[derive(Debug)]
pub struct ImdsClient {
    endpoint: String,
    http: CredentialsHttp,
    token: tokio::sync::Mutex<Option<(SessionToken, Instant)>>,
}

/// The IMDS session token; `Debug` hides it.
struct SessionToken(String);

impl std::fmt::Debug for SessionToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("** redacted **")
    }
}

impl ImdsClient {
    /// Resolves the endpoint from the environment and profile; `NotLoaded` when IMDS is disabled.
    pub fn from_context(ctx: &ProviderContext, profiles: &ProfileSet) -> Result<Self, CredentialsError> {
        let setting = |var: &str, key: &str| {
            ctx.env()
                .get(var)
                .or_else(|| profiles.get(ctx.profile_name(), key).map(str::to_owned))
        };
        if ctx
            .env()
            .get("AWS_EC2_METADATA_DISABLED")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        {
            return Err(CredentialsError::not_loaded(
                "EC2 instance metadata is disabled (AWS_EC2_METADATA_DISABLED=true)",
            ));
        }
        let endpoint = match setting("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint") {
            Some(endpoint) => endpoint,
            None => match setting(
                "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
                "ec2_metadata_service_endpoint_mode",
            ) {
                None => IPV4_ENDPOINT.to_owned(),
                Some(mode) if mode.eq_ignore_ascii_case("ipv4") => IPV4_ENDPOINT.to_owned(),
                Some(mode) if mode.eq_ignore_ascii_case("ipv6") => IPV6_ENDPOINT.to_owned(),
                Some(mode) => {
                    return Err(CredentialsError::invalid_configuration(format!(
                        "invalid EC2 metadata endpoint mode `{mode}` (expected IPv4 or IPv6)"
                    )))
                }
            },
        };
        Ok(ImdsClient {
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            http: ctx.http(CONNECT_TIMEOUT, READ_TIMEOUT)?,
            token: tokio::sync::Mutex::new(None),
        })
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    async fn send_with_retries(
        &self,
        request: impl Fn() -> Result<http::Request<bytes::Bytes>, CredentialsError>,
    ) -> Result<crate::runtime::http::Response, CredentialsError> {
        let mut attempt = 1;
        loop {
            let result = self.http.send(WHAT, request()?).await;
            let retry = match &result {
                Ok(response) => response.status() >= 500,
                Err(e) => e.is_transient(),
            };
            if !retry || attempt >= ATTEMPTS {
                return result;
            }
            attempt += 1;
        }
    }

    async fn session_token(&self) -> Result<String, CredentialsError> {
        let mut cached = self.token.lock().await;
        if let Some((token, until)) = cached.as_ref() {
            if Instant::now() < *until {
                return Ok(token.0.clone());
            }
        }
        let uri = format!("{}/latest/api/token", self.endpoint);
        let response = self
            .send_with_retries(|| {
                finish(
                    empty_request("PUT", &uri)?
                        .header("x-aws-ec2-metadata-token-ttl-seconds", TOKEN_TTL_SECONDS.to_string()),
                    "",
                )
            })
            .await?;
        if response.status() != 200 {
            let kind = match response.status() {
                403 => CredentialsErrorKind::ProviderError,
                s => status_kind(s),
            };
            return Err(CredentialsError::of_kind(
                kind,
                format!("{WHAT}: token request answered HTTP {}", response.status()),
            ));
        }
        let token = std::str::from_utf8(response.body())
            .ok()
            .map(str::trim)
            .filter(|t| !t.is_empty() && http::HeaderValue::from_str(t).is_ok())
            .ok_or_else(|| CredentialsError::new(format!("{WHAT}: the session token is not valid text")))?
            .to_owned();
        // Renew two minutes early so a request never carries an expired token.
        let until = Instant::now() + Duration::from_secs(TOKEN_TTL_SECONDS - 120);
        *cached = Some((SessionToken(token.clone()), until));
        Ok(token)
    }

    /// `GET` a metadata path (e.g. `/latest/meta-data/placement/region`); `Ok(None)` on 404.
    pub async fn get(&self, path: &str) -> Result<Option<String>, CredentialsError> {
        let token = self.session_token().await?;
        let uri = format!("{}{path}", self.endpoint);
        let response = self
            .send_with_retries(|| {
                finish(empty_request("GET", &uri)?.header("x-aws-ec2-metadata-token", token.as_str()), "")
            })
            .await?;
        match response.status() {
            200 => String::from_utf8(response.body().to_vec())
                .map(Some)
                .map_err(|_| CredentialsError::new(format!("{WHAT}: `{path}` is not UTF-8"))),
            404 => Ok(None),
            status => Err(CredentialsError::of_kind(
                status_kind(status),
                format!("{WHAT}: `{path}` answered HTTP {status}"),
            )),
        }
    }

    /// The instance's region (`/latest/meta-data/placement/region`).
    pub async fn region(&self) -> Result<Option<String>, CredentialsError> {
        Ok(self
            .get("/latest/meta-data/placement/region")
            .await?
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty()))
    }
}

/// Credentials of the instance profile.
#[derive(Debug)]
pub struct ImdsCredentialsProvider {
    ctx: ProviderContext,
    client: tokio::sync::OnceCell<ImdsClient>,
}

impl ImdsCredentialsProvider {
    /// Reads its settings from `ctx` at the first call.
    pub fn new(ctx: ProviderContext) -> Self {
        ImdsCredentialsProvider {
            ctx,
            client: tokio::sync::OnceCell::new(),
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let profiles = self.ctx.profiles().await;
        let client = self
            .client
            .get_or_try_init(|| async { ImdsClient::from_context(&self.ctx, &profiles) })
            .await?;
        let configured_role = self
            .ctx
            .env()
            .get("AWS_EC2_INSTANCE_PROFILE_NAME")
            .or_else(|| {
                profiles
                    .get(self.ctx.profile_name(), "ec2_instance_profile_name")
                    .map(str::to_owned)
            });
        const BASE: &str = "/latest/meta-data/iam/security-credentials/";
        let role = match configured_role {
            Some(role) => role,
            None => client
                .get(BASE)
                .await?
                .and_then(|list| list.lines().next().map(|l| l.trim().to_owned()))
                .filter(|r| !r.is_empty())
                .ok_or_else(|| {
                    CredentialsError::not_loaded(format!("{WHAT}: the instance has no instance profile"))
                })?,
        };
        if role.contains(['/', '?', '#']) {
            return Err(CredentialsError::invalid_configuration(format!(
                "{WHAT}: invalid instance profile name `{role}`"
            )));
        }
        let body = client
            .get(&format!("{BASE}{role}"))
            .await?
            .ok_or_else(|| CredentialsError::new(format!("{WHAT}: role `{role}` has no credentials")))?;
        parse_credentials_document(&body, WHAT)
    }
}

/// The JSON document IMDS and the container endpoint return: `AccessKeyId`, `SecretAccessKey`, `Token`,
/// `Expiration` and optionally `AccountId`; with `Code` other than `Success` it is an error.
pub(crate) fn parse_credentials_document(body: &str, what: &str) -> Result<Credentials, CredentialsError> {
    let doc: serde_json::Value = serde_json::from_str(body)
        .map_err(|_| CredentialsError::new(format!("{what}: the credentials response is not JSON")))?;
    if let Some(code) = doc.get("Code").and_then(serde_json::Value::as_str) {
        if code != "Success" {
            let message = doc.get("Message").and_then(serde_json::Value::as_str).unwrap_or("");
            return Err(CredentialsError::new(format!("{what}: {code}: {message}")));
        }
    }
    let expiry = match doc.get("Expiration").and_then(serde_json::Value::as_str) {
        Some(text) => Some(parse_rfc3339(text).ok_or_else(|| {
            CredentialsError::new(format!("{what}: invalid Expiration `{text}`"))
        })?),
        None => None,
    };
    let credentials = Credentials::new(
        json_str(&doc, "AccessKeyId", what)?,
        json_str(&doc, "SecretAccessKey", what)?,
        Some(json_str(&doc, "Token", what)?.to_owned()),
        expiry,
    );
    Ok(
        match doc.get("AccountId").and_then(serde_json::Value::as_str).filter(|a| !a.is_empty()) {
            Some(account) => credentials.with_account_id(account),
            None => credentials,
        },
    )
}

impl ProvideCredentials for ImdsCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::credentials_context::Env;

    #[test]
    fn documents_parse_and_errors_do_not_echo_secrets() {
        let ok = r#"{"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"imds-secret","Token":"imds-token","Expiration":"2030-01-01T00:00:00Z","AccountId":"111122223333"}"#;
        let c = parse_credentials_document(ok, WHAT).expect("credentials");
        assert_eq!((c.access_key_id(), c.session_token(), c.account_id()), ("ASIAIMDS", Some("imds-token"), Some("111122223333")));
        let failed = parse_credentials_document(r#"{"Code":"AssumeRoleUnauthorizedAccess","Message":"nope"}"#, WHAT)
            .expect_err("error code");
        assert!(failed.to_string().contains("AssumeRoleUnauthorizedAccess"), "{failed}");
        let missing = parse_credentials_document(r#"{"AccessKeyId":"A","SecretAccessKey":"hidden-secret"}"#, WHAT)
            .expect_err("no token");
        assert!(!missing.to_string().contains("hidden-secret"), "{missing}");
        let not_json = parse_credentials_document("hidden-secret", WHAT).expect_err("garbage");
        assert!(!not_json.to_string().contains("hidden-secret"));
    }

    #[test]
    fn endpoint_settings() {
        let profiles = ProfileSet::default();
        let client = |vars: Vec<(&str, &str)>| ImdsClient::from_context(&ProviderContext::new(Env::from_vars(vars), None), &profiles);
        assert_eq!(client(vec![]).expect("default").endpoint(), IPV4_ENDPOINT);
        assert_eq!(
            client(vec![("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")]).expect("v6").endpoint(),
            IPV6_ENDPOINT
        );
        assert_eq!(
            client(vec![("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1234/")]).expect("custom").endpoint(),
            "http://127.0.0.1:1234"
        );
        let bad = client(vec![("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5")]).expect_err("bad mode");
        assert_eq!(bad.kind(), CredentialsErrorKind::InvalidConfiguration);
        let off = client(vec![("AWS_EC2_METADATA_DISABLED", "TRUE")]).expect_err("disabled");
        assert!(off.is_not_loaded());
    }
}
