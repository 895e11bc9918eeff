//! Web identity (EKS IAM roles for service accounts, GitHub OIDC, ...): an OIDC token read from a file and
//! exchanged at STS `AssumeRoleWithWebIdentity`. From the environment (`AWS_WEB_IDENTITY_TOKEN_FILE`,
//! `AWS_ROLE_ARN`, optional `AWS_ROLE_SESSION_NAME`) or a profile (`web_identity_token_file`, `role_arn`,
//! `role_session_name`). The token file is read at every refresh: the platform rotates it.

use crate::runtime::credentials::{
    Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
};
use crate::runtime::credentials_context::ProviderContext;
use crate::runtime::credentials_sts::{AssumeRoleParams, StsClient};

/// Where the token is and which role it is exchanged for.
#[derive(Debug, Clone)]
pub struct WebIdentitySettings {
    /// The file holding the OIDC token.
    pub token_file: String,
    /// The role to assume, with its session name.
    pub role: AssumeRoleParams,
}

/// Exchanges the token for role credentials at each call (wrap in a cache).
#[derive(Debug)]
pub struct WebIdentityCredentialsProvider {
    ctx: ProviderContext,
    /// `None`: read the settings from the environment at each call.
    settings: Option<WebIdentitySettings>,
}

impl WebIdentityCredentialsProvider {
    /// From `AWS_WEB_IDENTITY_TOKEN_FILE` / `AWS_ROLE_ARN` / `AWS_ROLE_SESSION_NAME` in `ctx`'s environment.
    pub fn from_env(ctx: ProviderContext) -> Self {
        WebIdentityCredentialsProvider { ctx, settings: None }
    }

    /// With explicit settings (from a profile).
    pub fn new(ctx: ProviderContext, settings: WebIdentitySettings) -> Self {
        WebIdentityCredentialsProvider {
            ctx,
            settings: Some(settings),
        }
    }

    fn env_settings(&self) -> Result<WebIdentitySettings, CredentialsError> {
        let env = self.ctx.env();
        let Some(token_file) = env.get("AWS_WEB_IDENTITY_TOKEN_FILE") else {
            return Err(CredentialsError::not_loaded("AWS_WEB_IDENTITY_TOKEN_FILE is not set"));
        };
        let role_arn = env.get("AWS_ROLE_ARN").ok_or_else(|| {
            CredentialsError::invalid_configuration(
                "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not",
            )
        })?;
        Ok(WebIdentitySettings {
            token_file,
            role: AssumeRoleParams {
                role_arn,
                session_name: env.get("AWS_ROLE_SESSION_NAME"),
                ..AssumeRoleParams::default()
            },
        })
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let settings = match &self.settings {
            Some(settings) => settings.clone(),
            None => self.env_settings()?,
        };
        let token = tokio::fs::read_to_string(&settings.token_file).await.map_err(|e| {
            CredentialsError::invalid_configuration(format!(
                "cannot read the web identity token file `{}`",
                settings.token_file
            ))
            .caused_by(e)
        })?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CredentialsError::invalid_configuration(format!(
                "the web identity token file `{}` is empty",
                settings.token_file
            )));
        }
        let profiles = self.ctx.profiles().await;
        let sts = StsClient::new(&self.ctx, &profiles, None)?;
        sts.assume_role_with_web_identity(token, &settings.role).await
    }
}

impl ProvideCredentials for WebIdentityCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ProvideCredentialsFuture::new(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::credentials::CredentialsErrorKind;
    use crate::runtime::credentials_context::Env;

    #[tokio::test]
    async fn settings_from_the_environment() {
        let provider = |vars: Vec<(&str, &str)>| {
            WebIdentityCredentialsProvider::from_env(ProviderContext::new(Env::from_vars(vars), None))
        };
        let unset = provider(vec![]).provide_credentials().await.expect_err("unset");
        assert!(unset.is_not_loaded());
        let no_role = provider(vec![("AWS_WEB_IDENTITY_TOKEN_FILE", "/tmp/x")])
            .provide_credentials()
            .await
            .expect_err("no role");
        assert_eq!(no_role.kind(), CredentialsErrorKind::InvalidConfiguration);
        let missing_file = provider(vec![
            ("AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent/aws-lite/token"),
            ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/r"),
        ])
        .provide_credentials()
        .await
        .expect_err("no file");
        assert!(missing_file.to_string().contains("/nonexistent/aws-lite/token"), "{missing_file}");
    }
}
