//! A small STS client for the credential sources: `AssumeRole` (SigV4-signed with the source credentials) and
//! `AssumeRoleWithWebIdentity` (unsigned). awsQuery: a form-encoded POST to `/`, an XML answer.
//! The endpoint is regional (`https://sts.<region>.<partition suffix>`) unless `AWS_ENDPOINT_URL_STS`,
//! `AWS_ENDPOINT_URL` or the profile's `[services]` `sts` entry say otherwise.

use crate::runtime::credentials::{Credentials, CredentialsError, CredentialsErrorKind};
use crate::runtime::credentials_context::ProviderContext;
use crate::runtime::credentials_http::{
    account_from_arn, empty_request, finish, parse_rfc3339, status_kind, CredentialsHttp,
};
use crate::runtime::endpoint_lib::{partition, uri_encode};
use crate::runtime::profile::ProfileSet;
use crate::runtime::sign::{sign_headers, SigningScope};
use std::time::{Duration, SystemTime};

const API_VERSION: &str = "2011-06-15";
/// The region STS is called in when nothing configures one (as aws-sdk-rust does).
pub const DEFAULT_STS_REGION: &str = "us-east-1";
const CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// XML nesting deeper than this is not an STS answer.
const MAX_XML_DEPTH: usize = 16;

/// Where and how STS is called.
#[derive(Debug, Clone)]
pub struct StsClient {
    endpoint: String,
    region: String,
    http: CredentialsHttp,
}

/// The parameters of one `AssumeRole` (or `AssumeRoleWithWebIdentity`) call.
#[derive(Debug, Clone, Default)]
pub struct AssumeRoleParams {
    /// `role_arn`.
    pub role_arn: String,
    /// `role_session_name`; a generated `aws-lite-<millis>` when `None`.
    pub session_name: Option<String>,
    /// `external_id`.
    pub external_id: Option<String>,
    /// `duration_seconds`.
    pub duration_seconds: Option<u32>,
}

impl StsClient {
    /// The client for `region` (else the context's, else `us-east-1`) with the configured endpoint override.
    pub fn new(ctx: &ProviderContext, profiles: &ProfileSet, region: Option<&str>) -> Result<Self, CredentialsError> {
        let region = region.or(ctx.region()).unwrap_or(DEFAULT_STS_REGION).to_owned();
        let endpoint = match ctx.endpoint_override(profiles, "STS", "sts") {
            Some(url) => url,
            None => {
                let suffix = partition(&region)
                    .map(|p| p.dns_suffix)
                    .unwrap_or_else(|| "amazonaws.com".to_owned());
                format!("https://sts.{region}.{suffix}")
            }
        };
        Ok(StsClient {
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            region,
            http: ctx.http(CONNECT_TIMEOUT, READ_TIMEOUT)?,
        })
    }

    /// The endpoint calls go to.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// `AssumeRole` signed with `source`; the answer's assumed-role ARN fills the account id.
    pub async fn assume_role(
        &self,
        source: &Credentials,
        params: &AssumeRoleParams,
    ) -> Result<Credentials, CredentialsError> {
        let mut form = common_form("AssumeRole", params);
        if let Some(id) = &params.external_id {
            form.push(("ExternalId", id.clone()));
        }
        self.call("AssumeRole", &form, Some(source)).await
    }

    /// `AssumeRoleWithWebIdentity` with `token` (an OIDC token; sent, never logged).
    pub async fn assume_role_with_web_identity(
        &self,
        token: &str,
        params: &AssumeRoleParams,
    ) -> Result<Credentials, CredentialsError> {
        let mut form = common_form("AssumeRoleWithWebIdentity", params);
        form.push(("WebIdentityToken", token.to_owned()));
        self.call("AssumeRoleWithWebIdentity", &form, None).await
    }

    async fn call(
        &self,
        action: &str,
        form: &[(&str, String)],
        signer: Option<&Credentials>,
    ) -> Result<Credentials, CredentialsError> {
        let what = format!("STS {action} ({})", self.endpoint);
        let body = form
            .iter()
            .map(|(k, v)| format!("{k}={}", uri_encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let uri = format!("{}/", self.endpoint);
        let parsed: http::Uri = uri.parse().map_err(|_| {
            CredentialsError::invalid_configuration(format!("{what}: invalid endpoint"))
        })?;
        let host = match (parsed.host(), parsed.port_u16()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            _ => return Err(CredentialsError::invalid_configuration(format!("{what}: endpoint has no host"))),
        };
        const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";
        let mut request = empty_request("POST", &uri)?
            .header("host", host.as_str())
            .header("content-type", CONTENT_TYPE);
        if let Some(credentials) = signer {
            let scope = SigningScope {
                signing_name: "sts",
                region: &self.region,
                time: SystemTime::now(),
                disable_double_encoding: false,
                region_set: None,
            };
            let headers = [("host", host.as_str()), ("content-type", CONTENT_TYPE)];
            let signed = sign_headers("POST", &uri, headers.into_iter(), body.as_bytes(), credentials, &scope)
                .map_err(|e| CredentialsError::invalid_configuration(format!("{what}: cannot sign")).caused_by(e))?;
            for (name, value) in signed {
                request = request.header(name, value);
            }
        }
        let response = self.http.send(&what, finish(request, body)?).await?;
        let text = std::str::from_utf8(response.body())
            .map_err(|_| CredentialsError::new(format!("{what}: the answer is not UTF-8")))?;
        if response.status() != 200 {
            return Err(error_from(&what, response.status(), text));
        }
        parse_credentials(action, text).map_err(|reason| CredentialsError::new(format!("{what}: {reason}")))
    }
}

fn common_form(action: &'static str, params: &AssumeRoleParams) -> Vec<(&'static str, String)> {
    let session_name = params.session_name.clone().unwrap_or_else(default_session_name);
    let mut form = vec![
        ("Action", action.to_owned()),
        ("Version", API_VERSION.to_owned()),
        ("RoleArn", params.role_arn.clone()),
        ("RoleSessionName", session_name),
    ];
    if let Some(seconds) = params.duration_seconds {
        form.push(("DurationSeconds", seconds.to_string()));
    }
    form
}

/// `aws-lite-<milliseconds since the epoch>`, like aws-sdk-rust's `aws-sdk-rust-<millis>`.
pub fn default_session_name() -> String {
    let millis = SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    format!("aws-lite-{millis}")
}

/// An STS error answer (`<ErrorResponse><Error><Code>..<Message>..`) as a credentials error: throttling,
/// `IDPCommunicationError` and 5xx may pass, the rest will not.
fn error_from(what: &str, status: u16, text: &str) -> CredentialsError {
    let fields = xml_fields(text).unwrap_or_default();
    let find = |name: &str| {
        fields
            .iter()
            .find(|(path, _)| path.ends_with(&format!("Error/{name}")))
            .map(|(_, v)| v.as_str())
    };
    let code = find("Code").unwrap_or("");
    let message = find("Message").unwrap_or("");
    let kind = match code {
        "Throttling" | "ThrottlingException" | "RequestLimitExceeded" | "IDPCommunicationError" => {
            CredentialsErrorKind::Transient
        }
        _ => status_kind(status),
    };
    CredentialsError::of_kind(kind, format!("{what}: HTTP {status} {code}: {message}"))
}

/// The credentials of a successful answer to `action`.
fn parse_credentials(action: &str, text: &str) -> Result<Credentials, String> {
    let fields = xml_fields(text)?;
    let prefix = format!("{action}Response/{action}Result/");
    let get = |path: &str| {
        let full = format!("{prefix}{path}");
        fields.iter().find(|(p, _)| *p == full).map(|(_, v)| v.as_str())
    };
    let need = |path: &str| get(path).filter(|v| !v.is_empty()).ok_or_else(|| format!("the answer has no {path}"));
    let expiration = need("Credentials/Expiration")?;
    let expiry = parse_rfc3339(expiration).ok_or_else(|| format!("invalid Expiration `{expiration}`"))?;
    let credentials = Credentials::new(
        need("Credentials/AccessKeyId")?,
        need("Credentials/SecretAccessKey")?,
        Some(need("Credentials/SessionToken")?.to_owned()),
        Some(expiry),
    );
    Ok(match get("AssumedRoleUser/Arn").and_then(account_from_arn) {
        Some(account) => credentials.with_account_id(account),
        None => credentials,
    })
}

/// Every text-bearing element of an XML document as (`Parent/Child/Leaf` by local names, unescaped text).
/// Errors name what is wrong, never the document's content.
fn xml_fields(text: &str) -> Result<Vec<(String, String)>, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut fields = Vec::new();
    let mut current = String::new();
    loop {
        let event = reader.read_event().map_err(|e| format!("malformed XML at byte {}: {}", reader.error_position(), kind_of(&e)))?;
        match event {
            Event::Start(start) => {
                if path.len() >= MAX_XML_DEPTH {
                    return Err("XML nested too deeply".to_owned());
                }
                let name = start.local_name();
                path.push(AsRef::<str>::as_ref(&name).to_owned());
                current.clear();
            }
            Event::Text(t) => current.push_str(&t.xml10_content()),
            Event::CData(c) => current.push_str(&c.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => current.push(c),
                Ok(None) => match quick_xml::escape::resolve_predefined_entity(&r) {
                    Some(s) => current.push_str(s),
                    None => return Err("unknown XML entity".to_owned()),
                },
                Err(_) => return Err("invalid XML character reference".to_owned()),
            },
            Event::End(_) => {
                if !current.is_empty() {
                    fields.push((path.join("/"), std::mem::take(&mut current)));
                }
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !path.is_empty() {
        return Err("XML ends inside an element".to_owned());
    }
    Ok(fields)
}

/// The error's kind without its text (which may quote the document).
fn kind_of(e: &quick_xml::Error) -> &'static str {
    match e {
        quick_xml::Error::Syntax(_) => "syntax error",
        quick_xml::Error::IllFormed(_) => "ill-formed document",
        quick_xml::Error::Encoding(_) => "bad encoding",
        quick_xml::Error::Escape(_) => "bad escape",
        _ => "parse error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/session</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:session</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAASSUMED</AccessKeyId>
      <SecretAccessKey>assumed&amp;secret</SecretAccessKey>
      <SessionToken><![CDATA[token&more]]></SessionToken>
      <Expiration>2030-07-15T23:28:33.359Z</Expiration>
    </Credentials>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe</RequestId></ResponseMetadata>
</AssumeRoleResponse>"#;

    #[test]
    fn parses_assume_role_answers() {
        let c = parse_credentials("AssumeRole", OK).expect("credentials");
        assert_eq!(c.access_key_id(), "ASIAASSUMED");
        assert_eq!(c.secret_access_key(), "assumed&secret");
        assert_eq!(c.session_token(), Some("token&more"));
        assert_eq!(c.account_id(), Some("123456789012"));
        assert!(c.expiry().is_some());
        let wrong_action = parse_credentials("AssumeRoleWithWebIdentity", OK).expect_err("other action");
        assert!(wrong_action.contains("no Credentials/Expiration"), "{wrong_action}");
    }

    #[test]
    fn hostile_documents_fail_cleanly() {
        for bad in [
            "<a><b>secret-value</a>",
            "not xml at all secret-value <",
            "<a>&unknown;</a>",
            "<a><b>",
            &"<x>".repeat(100),
        ] {
            let err = parse_credentials("AssumeRole", bad).expect_err(bad);
            assert!(!err.contains("secret-value"), "{err}");
        }
    }

    #[test]
    fn error_answers_are_classified() {
        let body = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error></ErrorResponse>";
        let e = error_from("STS AssumeRole", 403, body);
        assert_eq!(e.kind(), CredentialsErrorKind::ProviderError);
        assert!(e.to_string().contains("AccessDenied: not allowed"), "{e}");
        let throttled = error_from("STS", 400, "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>");
        assert!(throttled.is_transient());
        assert!(error_from("STS", 503, "garbage").is_transient());
    }

    #[test]
    fn regional_endpoints() {
        use crate::runtime::credentials_context::Env;
        let ctx = ProviderContext::new(Env::default(), None);
        let profiles = ProfileSet::default();
        assert_eq!(StsClient::new(&ctx, &profiles, Some("eu-west-1")).expect("sts").endpoint(), "https://sts.eu-west-1.amazonaws.com");
        assert_eq!(StsClient::new(&ctx, &profiles, Some("cn-north-1")).expect("sts").endpoint(), "https://sts.cn-north-1.amazonaws.com.cn");
        assert_eq!(StsClient::new(&ctx, &profiles, None).expect("sts").endpoint(), "https://sts.us-east-1.amazonaws.com");
        let local = ProviderContext::new(Env::from_vars([("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:4566/")]), None);
        assert_eq!(StsClient::new(&local, &profiles, None).expect("sts").endpoint(), "http://127.0.0.1:4566");
        let form = common_form("AssumeRole", &AssumeRoleParams { role_arn: "arn:aws:iam::1:role/a b".into(), ..Default::default() });
        assert!(form.iter().any(|(k, v)| *k == "RoleSessionName" && v.starts_with("aws-lite-")));
    }
}
