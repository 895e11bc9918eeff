//! Container credentials (ECS tasks, EKS Pod Identity, any local credentials server):
//! `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on `http://169.254.170.2`), or `AWS_CONTAINER_CREDENTIALS_FULL_URI`
//! with an optional `Authorization` header from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read at each call, it
//! wins) or `AWS_CONTAINER_AUTHORIZATION_TOKEN`. A full URI must be https, or http to a loopback address, the
//! ECS address `169.254.170.2` or the EKS addresses `169.254.170.23` / `fd00:ec2::23`: credentials are never sent
//! in clear text to anywhere else.

use crate::runtime::credentials::{
    Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
};
use crate::runtime::credentials_context::ProviderContext;
use crate::runtime::credentials_http::{empty_request, finish, status_kind};
use crate::runtime::credentials_imds::parse_credentials_document;
use std::net::IpAddr;
use std::time::Duration;

const ECS_HOST: &str = "http://169.254.170.2";
/// aws-sdk-rust: 2 s to connect, 5 s for the answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const READ_TIMEOUT: Duration = Duration::from_secs(5);
const WHAT: &str = "container credentials";

/// Reads the container endpoint settings from the context at each call.
#[derive(Debug)]
pub struct EcsCredentialsProvider {
    ctx: ProviderContext,
}

impl EcsCredentialsProvider {
    /// A provider over `ctx`'s environment.
    pub fn new(ctx: ProviderContext) -> Self {
        EcsCredentialsProvider { ctx }
    }

    /// The URI to call: `NotLoaded` when neither variable is set, an error for a URI to a host not allowed.
    async fn uri(&self) -> Result<http::Uri, CredentialsError> {
        let env = self.ctx.env();
        let text = match (
            env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
            env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
        ) {
            (Some(relative), _) => {
                let relative = if relative.starts_with('/') { relative } else { format!("/{relative}") };
                format!("{ECS_HOST}{relative}")
            }
            (None, Some(full)) => full,
            (None, None) => {
                return Err(CredentialsError::not_loaded(
                    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI are not set",
                ))
            }
        };
        let uri: http::Uri = text.parse().map_err(|_| {
            CredentialsError::invalid_configuration(format!("{WHAT}: invalid URI `{text}`"))
        })?;
        let relative = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI").is_some();
        if !relative {
            check_allowed(&uri).await?;
        }
        Ok(uri)
    }

    async fn authorization(&self) -> Result<Option<String>, CredentialsError> {
        let env = self.ctx.env();
        let token = match env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            Some(path) => Some(tokio::fs::read_to_string(&path).await.map_err(|e| {
                CredentialsError::invalid_configuration(format!(
                    "{WHAT}: cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE `{path}`"
                ))
                .caused_by(e)
            })?),
            None => env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
        };
        let Some(token) = token.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        if token.contains(['\r', '\n']) || http::HeaderValue::from_str(&token).is_err() {
            return Err(CredentialsError::invalid_configuration(format!(
                "{WHAT}: the authorization token is not a valid header value"
            )));
        }
        Ok(Some(token))
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let uri = self.uri().await?;
        let mut request = empty_request("GET", &uri.to_string())?.header("accept", "application/json");
        if let Some(token) = self.authorization().await? {
            request = request.header("authorization", token);
        }
        let http = self.ctx.http(CONNECT_TIMEOUT, READ_TIMEOUT)?;
        let response = http.send(WHAT, finish(request, "")?).await?;
        let body = std::str::from_utf8(response.body()).unwrap_or("");
        if response.status() != 200 {
            // Error bodies are `{"code": .., "message": ..}`; show the code only (it is not secret).
            let code = serde_json::from_str::<serde_json::Value>(body)
                .ok()
                .and_then(|d| {
                    d.get("code")
                        .or_else(|| d.get("Code"))
                        .and_then(|c| c.as_str().map(str::to_owned))
                })
                .unwrap_or_default();
            return Err(CredentialsError::of_kind(
                status_kind(response.status()),
                format!("{WHAT}: HTTP {} {code}", response.status()),
            ));
        }
        parse_credentials_document(body, WHAT)
    }
}

/// https anywhere; http only to loopback (a name must resolve to loopback addresses only) or the ECS/EKS hosts.
async fn check_allowed(uri: &http::Uri) -> Result<(), CredentialsError> {
    let host = uri.host().unwrap_or("").trim_start_matches('[').trim_end_matches(']');
    let refuse = || {
        CredentialsError::invalid_configuration(format!(
            "{WHAT}: `{host}` is not an allowed host for AWS_CONTAINER_CREDENTIALS_FULL_URI \
             (https, or http to loopback, 169.254.170.2, 169.254.170.23 or fd00:ec2::23)"
        ))
    };
    match uri.scheme_str() {
        Some("https") => return Ok(()),
        Some("http") => {}
        _ => return Err(refuse()),
    }
    if let Ok(ip) = host.parse::<IpAddr>() {
        return if is_allowed_ip(ip) { Ok(()) } else { Err(refuse()) };
    }
    let port = uri.port_u16().unwrap_or(80);
    let addresses: Vec<_> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|e| refuse().caused_by(e))?
        .collect();
    if !addresses.is_empty() && addresses.iter().all(|a| a.ip().is_loopback()) {
        Ok(())
    } else {
        Err(refuse())
    }
}

fn is_allowed_ip(ip: IpAddr) -> bool {
    const ECS: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(169, 254, 170, 2));
    const EKS: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(169, 254, 170, 23));
    const EKS_V6: IpAddr = IpAddr::V6(std::net::Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23));
    ip.is_loopback() || ip == ECS || ip == EKS || ip == EKS_V6
}

impl ProvideCredentials for EcsCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::credentials::CredentialsErrorKind;

    async fn check(uri: &str) -> Result<(), CredentialsError> {
        check_allowed(&uri.parse().expect("uri")).await
    }

    #[tokio::test]
    async fn only_allowed_hosts() {
        for ok in [
            "https://creds.example.com/x",
            "http://127.0.0.1:8080/creds",
            "http://127.1.2.3/",
            "http://[::1]:80/",
            "http://169.254.170.2/v2/creds",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
            "http://localhost:1/",
        ] {
            assert!(check(ok).await.is_ok(), "{ok}");
        }
        for refused in ["http://10.0.0.1/", "http://169.254.169.254/", "ftp://127.0.0.1/", "http://[fd00:ec2::254]/"] {
            let err = check(refused).await.expect_err(refused);
            assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration, "{refused}");
        }
    }

    #[tokio::test]
    async fn unset_is_not_loaded_and_bad_tokens_are_refused() {
        use crate::runtime::credentials_context::Env;
        let none = EcsCredentialsProvider::new(ProviderContext::new(Env::default(), None));
        assert!(none.provide_credentials().await.expect_err("unset").is_not_loaded());
        let bad = EcsCredentialsProvider::new(ProviderContext::new(
            Env::from_vars([
                ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/creds"),
                ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "abc\r\ninjected: yes"),
            ]),
            None,
        ));
        let err = bad.provide_credentials().await.expect_err("header injection");
        assert_eq!(err.kind(), CredentialsErrorKind::InvalidConfiguration, "{err}");
        assert!(!err.to_string().contains("injected"), "{err}");
    }
}
