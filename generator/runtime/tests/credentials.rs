//! Every source of the default credentials chain against loopback stubs (IMDS, container endpoint, STS, SSO
//! portal, SSO OIDC) and temporary HOME profile trees, through a signed call of the runtime client. Secrets,
//! tokens and file contents must never show in Debug output or in tracing.

mod support;

use aws_lite_runtime::runtime::client::Handle;
use aws_lite_runtime::runtime::config::Config;
use aws_lite_runtime::runtime::http::Request;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use support::*;

// ---- helpers -------------------------------------------------------------------------------------------

/// A temporary HOME with `.aws/config` (and optionally `.aws/credentials`), removed on drop.
struct Home(PathBuf);

impl Home {
    fn new(config: &str, credentials: &str) -> Home {
        let dir = std::env::temp_dir().join(format!("aws-lite-creds-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(dir.join(".aws/sso/cache")).expect("home");
        std::fs::write(dir.join(".aws/config"), config).expect("config");
        std::fs::write(dir.join(".aws/credentials"), credentials).expect("credentials");
        Home(dir)
    }
    fn path(&self) -> &Path {
        &self.0
    }
    fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.0.join(relative);
        std::fs::write(&path, text).expect("write");
        path
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Everything tracing emitted while installed (span fields and event fields, Debug-formatted).
#[derive(Clone, Default)]
struct TraceCapture(Arc<Mutex<String>>);

struct Fields<'a>(&'a Mutex<String>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let mut out = self.0.lock().expect("capture");
        let _ = write!(out, "{}={:?} ", field.name(), value);
    }
}

impl tracing::Subscriber for TraceCapture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        span.record(&mut Fields(&self.0));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Fields(&self.0));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        event.record(&mut Fields(&self.0));
        self.0.lock().expect("capture").push('\n');
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

impl TraceCapture {
    fn text(&self) -> String {
        self.0.lock().expect("capture").clone()
    }
}

/// Fails when any of `secrets` shows in `text`.
fn assert_hidden(what: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "{what} shows `{secret}`:\n{text}");
    }
}

/// Makes one signed call of the test service (its endpoint is `AWS_ENDPOINT_URL_TEST_SERVICE`).
async fn signed_call(config: &Config) -> Result<(), String> {
    let handle = Handle::new(config, &SERVICE);
    handle
        .invoke(&OPERATION, Request::new("GET", "/".to_owned()))
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The access key, credential-scope region and session token a recorded request was signed with.
fn signature_of(request: &Recorded) -> (String, String, Option<String>) {
    let auth = request.header("authorization").expect("signed");
    let credential = auth
        .split("Credential=")
        .nth(1)
        .and_then(|c| c.split(',').next())
        .expect("credential");
    let parts: Vec<&str> = credential.split('/').collect();
    (
        parts[0].to_owned(),
        parts[2].to_owned(),
        request.header("x-amz-security-token").map(str::to_owned),
    )
}

fn form_value(body: &[u8], key: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == key).then(|| percent_decode(v))
    })
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("utf-8")
}

fn sts_answer(action: &str, key: &str, secret: &str, token: &str, account: &str) -> String {
    format!(
        "<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><{action}Result>\
         <AssumedRoleUser><Arn>arn:aws:sts::{account}:assumed-role/r/s</Arn></AssumedRoleUser>\
         <Credentials><AccessKeyId>{key}</AccessKeyId><SecretAccessKey>{secret}</SecretAccessKey>\
         <SessionToken>{token}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>\
         </{action}Result></{action}Response>"
    )
}

fn xml(status: u16, body: String) -> Action {
    Action::Respond {
        status,
        headers: vec![("Content-Type".into(), "text/xml".into())],
        body: body.into_bytes(),
    }
}

/// The service stub every test signs a call to.
async fn service() -> StubServer {
    StubServer::always(respond(200, "{}")).await
}

/// Variables every test sets: the service endpoint, and IMDS off unless the test points it at a stub.
fn base_env(service: &StubServer) -> Vec<(String, String)> {
    vec![
        ("AWS_ENDPOINT_URL_TEST_SERVICE".into(), service.url()),
        ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ("AWS_MAX_ATTEMPTS".into(), "1".into()),
    ]
}

fn with(mut env: Vec<(String, String)>, more: &[(&str, &str)]) -> Vec<(String, String)> {
    for (k, v) in more {
        env.retain(|(name, _)| name != k);
        env.push(((*k).to_owned(), (*v).to_owned()));
    }
    env
}

async fn load(env: Vec<(String, String)>, home: &Home) -> Config {
    Config::loader().env(env).home(Some(home.path())).load().await.expect("config loads")
}

// ---- sources ---------------------------------------------------------------------------------------------

const IMDS_SECRET: &str = "imds-secret-access-key";
const IMDS_TOKEN: &str = "imds-session-token-for-role";
const IMDS_API_TOKEN: &str = "imds-api-token-XYZ";

fn imds_script(n: usize, request: &Recorded) -> Action {
    let _ = n;
    match (request.method.as_str(), request.target.as_str()) {
        ("PUT", "/latest/api/token") if request.header("x-aws-ec2-metadata-token-ttl-seconds") == Some("21600") => {
            respond(200, IMDS_API_TOKEN)
        }
        (_, _) if request.header("x-aws-ec2-metadata-token") != Some(IMDS_API_TOKEN) => respond(401, ""),
        ("GET", "/latest/meta-data/placement/region") => respond(200, "ap-southeast-2"),
        ("GET", "/latest/meta-data/iam/security-credentials/") => respond(200, "instance-role\n"),
        ("GET", "/latest/meta-data/iam/security-credentials/instance-role") => respond(
            200,
            &format!(
                r#"{{"Code":"Success","AccessKeyId":"ASIAIMDS","SecretAccessKey":"{IMDS_SECRET}","Token":"{IMDS_TOKEN}","Expiration":"2099-01-01T00:00:00Z","AccountId":"999988887777"}}"#
            ),
        ),
        _ => respond(404, ""),
    }
}

#[tokio::test]
async fn imds_gives_region_and_credentials_and_they_are_cached() {
    let trace = TraceCapture::default();
    let _guard = tracing::subscriber::set_default(trace.clone());
    let imds = StubServer::start(imds_script).await;
    let svc = service().await;
    let home = Home::new("", "");
    let env = with(
        base_env(&svc),
        &[("AWS_EC2_METADATA_DISABLED", "false"), ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url())],
    );
    let config = load(env, &home).await;
    assert_eq!(config.region(), Some("ap-southeast-2"), "region from IMDS");
    signed_call(&config).await.expect("first call");
    signed_call(&config).await.expect("second call");
    let calls = svc.requests();
    assert_eq!(signature_of(&calls[0]), ("ASIAIMDS".into(), "ap-southeast-2".into(), Some(IMDS_TOKEN.into())));
    assert_eq!(signature_of(&calls[1]).0, "ASIAIMDS");
    // Region lookup: token + region; credentials: token (cached? a new client) + role list + role. Not again for
    // the second call.
    let credential_requests = imds.requests().iter().filter(|r| r.target.contains("security-credentials")).count();
    assert_eq!(credential_requests, 2, "credentials are fetched once and cached");
    let creds = config.credentials_provider().expect("chain").provide_credentials().await.expect("creds");
    assert_eq!(creds.account_id(), Some("999988887777"));
    assert_hidden("Debug of the config", &format!("{config:?}"), &[IMDS_SECRET, IMDS_TOKEN, IMDS_API_TOKEN]);
    assert_hidden("Debug of the credentials", &format!("{creds:?}"), &[IMDS_SECRET, IMDS_TOKEN]);
    // The capture works: the chain's debug events are in it.
    assert!(trace.text().contains("source=\"Ec2InstanceMetadata\""), "{}", trace.text());
    assert_hidden("tracing", &trace.text(), &[IMDS_SECRET, IMDS_TOKEN, IMDS_API_TOKEN]);
}

#[tokio::test]
async fn imds_without_instance_profile_is_reported_in_the_chain_error() {
    let imds = StubServer::start(|_, r: &Recorded| match r.method.as_str() {
        "PUT" => respond(200, "tok"),
        _ => respond(404, ""),
    })
    .await;
    let svc = service().await;
    let home = Home::new("", "");
    let env = with(
        base_env(&svc),
        &[
            ("AWS_EC2_METADATA_DISABLED", "false"),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.url()),
            ("AWS_REGION", "us-east-1"),
        ],
    );
    let config = load(env, &home).await;
    let err = signed_call(&config).await.expect_err("no credentials anywhere");
    for source in [
        "Environment: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are not set",
        "Profile: profile `default` is not defined",
        "WebIdentityToken: AWS_WEB_IDENTITY_TOKEN_FILE is not set",
        "EcsContainer: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI are not set",
        "Ec2InstanceMetadata: EC2 instance metadata: the instance has no instance profile",
    ] {
        assert!(err.contains(source), "missing `{source}` in: {err}");
    }
    assert!(svc.requests().is_empty(), "nothing is sent without credentials");
}

#[tokio::test]
async fn imds_disabled_is_listed_too() {
    let svc = service().await;
    let home = Home::new("", "");
    let config = load(with(base_env(&svc), &[("AWS_REGION", "us-east-1")]), &home).await;
    let err = signed_call(&config).await.expect_err("nothing configured");
    assert!(err.contains("Ec2InstanceMetadata: EC2 instance metadata is disabled"), "{err}");
}

const ECS_SECRET: &str = "ecs-secret-access-key";
const ECS_AUTH: &str = "ecs-authorization-token-value";

#[tokio::test]
async fn container_credentials_with_token_file() {
    let trace = TraceCapture::default();
    let _guard = tracing::subscriber::set_default(trace.clone());
    let ecs = StubServer::start(|_, r: &Recorded| {
        if r.target == "/v1/credentials" && r.header("authorization") == Some(ECS_AUTH) {
            respond(
                200,
                &format!(
                    r#"{{"AccessKeyId":"ASIAECS","SecretAccessKey":"{ECS_SECRET}","Token":"ecs-token","Expiration":"2099-01-01T00:00:00Z","AccountId":"121212121212"}}"#
                ),
            )
        } else {
            respond(403, r#"{"code":"AccessDenied","message":"bad token"}"#)
        }
    })
    .await;
    let svc = service().await;
    let home = Home::new("", "");
    let token_file = home.write("ecs-token", &format!("{ECS_AUTH}\n"));
    let uri = format!("{}/v1/credentials", ecs.url());
    let env = with(
        base_env(&svc),
        &[
            ("AWS_REGION", "eu-west-1"),
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &uri),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file.to_str().expect("utf-8")),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-because-the-file-wins"),
        ],
    );
    let config = load(env.clone(), &home).await;
    signed_call(&config).await.expect("call");
    assert_eq!(signature_of(&svc.requests()[0]), ("ASIAECS".into(), "eu-west-1".into(), Some("ecs-token".into())));
    let creds = config.credentials_provider().expect("p").provide_credentials().await.expect("c");
    assert_eq!(creds.account_id(), Some("121212121212"));

    // A wrong token: the container endpoint's refusal stops the chain with its code.
    std::fs::write(&token_file, "wrong").expect("rewrite");
    let refused = load(env, &home).await;
    let err = signed_call(&refused).await.expect_err("refused");
    assert!(err.contains("EcsContainer: container credentials: HTTP 403 AccessDenied"), "{err}");
    assert_hidden("tracing", &trace.text(), &[ECS_SECRET, ECS_AUTH]);
    assert_hidden("error", &err, &[ECS_AUTH, "wrong"]);
}

#[tokio::test]
async fn container_full_uri_to_a_remote_http_host_is_refused() {
    let svc = service().await;
    let home = Home::new("", "");
    let env = with(
        base_env(&svc),
        &[("AWS_REGION", "eu-west-1"), ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://192.0.2.10/creds")],
    );
    let err = signed_call(&load(env, &home).await).await.expect_err("refused");
    assert!(err.contains("`192.0.2.10` is not an allowed host"), "{err}");
}

const BASE_SECRET: &str = "base-profile-secret-key";
const ROLE_SECRET: &str = "assumed-role-secret-key";
const ROLE_TOKEN: &str = "assumed-role-session-token";

#[tokio::test]
async fn profile_role_chain_assumes_each_role_with_the_previous_credentials() {
    let trace = TraceCapture::default();
    let _guard = tracing::subscriber::set_default(trace.clone());
    let sts = StubServer::start(|_, r: &Recorded| {
        let signer = r.header("authorization").map(|a| a.split("Credential=").nth(1).unwrap_or("").split('/').next().unwrap_or("").to_owned());
        match (form_value(&r.body, "Action").as_deref(), form_value(&r.body, "RoleArn").as_deref(), signer.as_deref()) {
            (Some("AssumeRole"), Some("arn:aws:iam::111111111111:role/middle"), Some("AKBASE")) => {
                xml(200, sts_answer("AssumeRole", "ASIAMIDDLE", "middle-secret", "middle-token", "111111111111"))
            }
            (Some("AssumeRole"), Some("arn:aws:iam::222222222222:role/top"), Some("ASIAMIDDLE")) => {
                xml(200, sts_answer("AssumeRole", "ASIATOP", ROLE_SECRET, ROLE_TOKEN, "222222222222"))
            }
            _ => xml(403, "<ErrorResponse><Error><Code>AccessDenied</Code><Message>unexpected</Message></Error></ErrorResponse>".into()),
        }
    })
    .await;
    let svc = service().await;
    let config_file = "\
[profile top]
role_arn = arn:aws:iam::222222222222:role/top
source_profile = middle
role_session_name = top-session
external_id = ext-123
region = us-west-2
[profile middle]
role_arn = arn:aws:iam::111111111111:role/middle
source_profile = base
[profile loop]
role_arn = arn:aws:iam::1:role/x
source_profile = loop2
[profile loop2]
role_arn = arn:aws:iam::1:role/y
source_profile = loop
";
    let credentials_file = format!("[base]\naws_access_key_id = AKBASE\naws_secret_access_key = {BASE_SECRET}\n");
    let home = Home::new(config_file, &credentials_file);
    let env = with(base_env(&svc), &[("AWS_PROFILE", "top"), ("AWS_ENDPOINT_URL_STS", &sts.url())]);
    let config = load(env.clone(), &home).await;
    assert_eq!(config.region(), Some("us-west-2"));
    signed_call(&config).await.expect("call");
    assert_eq!(
        signature_of(&svc.requests()[0]),
        ("ASIATOP".into(), "us-west-2".into(), Some(ROLE_TOKEN.into()))
    );
    let calls = sts.requests();
    assert_eq!(calls.len(), 2, "two AssumeRole calls");
    let first = &calls[0];
    assert_eq!(first.header("content-type"), Some("application/x-www-form-urlencoded"));
    assert!(first.header("authorization").expect("signed").contains("/us-west-2/sts/aws4_request"), "regional STS scope");
    assert_eq!(form_value(&first.body, "Version").as_deref(), Some("2011-06-15"));
    assert!(form_value(&first.body, "RoleSessionName").expect("name").starts_with("aws-lite-"));
    assert_eq!(form_value(&calls[1].body, "RoleSessionName").as_deref(), Some("top-session"));
    assert_eq!(form_value(&calls[1].body, "ExternalId").as_deref(), Some("ext-123"));
    let creds = config.credentials_provider().expect("p").provide_credentials().await.expect("c");
    assert_eq!(creds.account_id(), Some("222222222222"), "from the assumed-role ARN");

    let looping = load(with(env, &[("AWS_PROFILE", "loop")]), &home).await;
    let err = signed_call(&looping).await.expect_err("loop");
    assert!(err.contains("Profile: profiles form a source_profile loop: `loop` -> `loop2` -> `loop`"), "{err}");
    assert!(trace.text().contains("source=\"Profile\""), "{}", trace.text());
    assert_hidden("tracing", &trace.text(), &[BASE_SECRET, ROLE_SECRET, ROLE_TOKEN, "middle-secret", "middle-token"]);
    assert_hidden("Debug of the config", &format!("{config:?}"), &[BASE_SECRET, ROLE_SECRET, ROLE_TOKEN]);
}

#[tokio::test]
async fn sts_refusal_stops_the_chain_with_its_code() {
    let sts = StubServer::always(xml(
        403,
        "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to assume</Message></Error></ErrorResponse>".into(),
    ))
    .await;
    let svc = service().await;
    let home = Home::new(
        "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = default\n\
         aws_access_key_id = AKSELF\naws_secret_access_key = self-secret\n\
         [profile from-env]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\n",
        "",
    );
    let env = with(base_env(&svc), &[("AWS_ENDPOINT_URL_STS", &sts.url()), ("AWS_REGION", "eu-west-1")]);
    let err = signed_call(&load(env.clone(), &home).await).await.expect_err("refused");
    assert!(err.contains("Profile: profile `default`: assuming arn:aws:iam::1:role/r: STS AssumeRole"), "{err}");
    assert!(err.contains("HTTP 403 AccessDenied: not authorized to assume"), "{err}");
    assert!(!err.contains("Ec2InstanceMetadata"), "a configured source that fails stops the chain: {err}");
    assert_eq!(sts.requests().len(), 1);
    assert!(signature_of(&sts.requests()[0]).0 == "AKSELF", "a profile that is its own source signs with its keys");

    // credential_source = Environment with no keys: a configuration error, not "try the next source".
    let err = signed_call(&load(with(env, &[("AWS_PROFILE", "from-env")]), &home).await).await.expect_err("no keys");
    assert!(err.contains("credential_source Environment: AWS_ACCESS_KEY_ID"), "{err}");
    assert_eq!(sts.requests().len(), 1, "STS is not called without source credentials");
}

#[tokio::test]
async fn web_identity_from_the_environment() {
    let trace = TraceCapture::default();
    let _guard = tracing::subscriber::set_default(trace.clone());
    const OIDC_TOKEN: &str = "eyJ-web-identity-oidc-token";
    let sts = StubServer::start(|_, r: &Recorded| {
        let ok = form_value(&r.body, "Action").as_deref() == Some("AssumeRoleWithWebIdentity")
            && form_value(&r.body, "WebIdentityToken").as_deref() == Some(OIDC_TOKEN)
            && form_value(&r.body, "RoleSessionName").as_deref() == Some("pod-session")
            && r.header("authorization").is_none();
        if ok {
            xml(200, sts_answer("AssumeRoleWithWebIdentity", "ASIAWEB", "web-secret", "web-token", "333333333333"))
        } else {
            xml(400, "<ErrorResponse><Error><Code>InvalidIdentityToken</Code><Message>bad</Message></Error></ErrorResponse>".into())
        }
    })
    .await;
    let svc = service().await;
    let home = Home::new("", "");
    let token_file = home.write("web-token", OIDC_TOKEN);
    let env = with(
        base_env(&svc),
        &[
            ("AWS_REGION", "ca-central-1"),
            ("AWS_ENDPOINT_URL_STS", &sts.url()),
            ("AWS_WEB_IDENTITY_TOKEN_FILE", token_file.to_str().expect("utf-8")),
            ("AWS_ROLE_ARN", "arn:aws:iam::333333333333:role/pod"),
            ("AWS_ROLE_SESSION_NAME", "pod-session"),
        ],
    );
    let config = load(env, &home).await;
    signed_call(&config).await.expect("call");
    assert_eq!(signature_of(&svc.requests()[0]), ("ASIAWEB".into(), "ca-central-1".into(), Some("web-token".into())));
    assert_eq!(form_value(&sts.requests()[0].body, "RoleArn").as_deref(), Some("arn:aws:iam::333333333333:role/pod"));
    assert_hidden("tracing", &trace.text(), &[OIDC_TOKEN, "web-secret", "web-token"]);
}

#[tokio::test]
async fn web_identity_from_a_profile() {
    let sts = StubServer::always(xml(
        200,
        sts_answer("AssumeRoleWithWebIdentity", "ASIAPROFWEB", "s", "t", "444444444444"),
    ))
    .await;
    let svc = service().await;
    let home = Home::new("", "");
    let token_file = home.write("token", "profile-oidc-token");
    std::fs::write(
        home.path().join(".aws/config"),
        format!(
            "[default]\nregion = us-east-2\nrole_arn = arn:aws:iam::444444444444:role/w\nweb_identity_token_file = {}\n",
            token_file.display()
        ),
    )
    .expect("config");
    let config = load(with(base_env(&svc), &[("AWS_ENDPOINT_URL_STS", &sts.url())]), &home).await;
    signed_call(&config).await.expect("call");
    assert_eq!(signature_of(&svc.requests()[0]).0, "ASIAPROFWEB");
    assert_eq!(form_value(&sts.requests()[0].body, "WebIdentityToken").as_deref(), Some("profile-oidc-token"));
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process_profile() {
    let trace = TraceCapture::default();
    let _guard = tracing::subscriber::set_default(trace.clone());
    let svc = service().await;
    let home = Home::new("", "");
    let script = home.write(
        "creds.sh",
        r#"printf '{"Version":1,"AccessKeyId":"AKPROCESS","SecretAccessKey":"process-secret","SessionToken":"process-token","AccountId":"555555555555"}'"#,
    );
    std::fs::write(
        home.path().join(".aws/config"),
        format!("[profile tool]\nregion = eu-south-1\ncredential_process = sh {}\n", script.display()),
    )
    .expect("config");
    let config = load(with(base_env(&svc), &[("AWS_PROFILE", "tool")]), &home).await;
    signed_call(&config).await.expect("call");
    assert_eq!(signature_of(&svc.requests()[0]), ("AKPROCESS".into(), "eu-south-1".into(), Some("process-token".into())));
    let creds = config.credentials_provider().expect("p").provide_credentials().await.expect("c");
    assert_eq!(creds.account_id(), Some("555555555555"));
    assert_hidden("tracing", &trace.text(), &["process-secret", "process-token"]);
}

/// SSO portal and OIDC on one stub: `/token` refreshes, `/federation/credentials` exchanges.
async fn sso_stub(expected_bearer: &'static str) -> StubServer {
    StubServer::start(move |_, r: &Recorded| {
        if r.method == "POST" && r.target == "/token" {
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
            if body["grantType"] == "refresh_token" && body["refreshToken"] == "cached-refresh-token" && body["clientId"] == "client-id" {
                respond(200, r#"{"accessToken":"refreshed-access-token","expiresIn":3600,"refreshToken":"next-refresh-token","tokenType":"Bearer"}"#)
            } else {
                respond(400, r#"{"error":"invalid_grant"}"#)
            }
        } else if r.target == "/federation/credentials?account_id=666666666666&role_name=Reader"
            && r.header("x-amz-sso_bearer_token") == Some(expected_bearer)
        {
            respond(200, r#"{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"sso-role-secret","sessionToken":"sso-role-token","expiration":4070908800000}}"#)
        } else {
            respond(401, r#"{"__type":"UnauthorizedException","message":"Session token not found or invalid"}"#)
        }
    })
    .await
}

const SSO_CONFIG: &str = "\
[profile sso]
sso_session = corp
sso_account_id = 666666666666
sso_role_name = Reader
region = us-east-1
[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 666666666666
sso_role_name = Reader
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-2
";

#[tokio::test]
async fn sso_session_refreshes_an_expired_token_and_rewrites_the_cache() {
    let trace = TraceCapture::default();
    let _guard = tracing::subscriber::set_default(trace.clone());
    let stub = sso_stub("refreshed-access-token").await;
    let svc = service().await;
    let home = Home::new(SSO_CONFIG, "");
    let cache = home.path().join(format!(".aws/sso/cache/{}.json", sha1_hex("corp")));
    std::fs::write(
        &cache,
        r#"{"startUrl":"https://corp.awsapps.com/start","region":"us-east-2","accessToken":"expired-access-token","expiresAt":"2020-01-01T00:00:00Z","clientId":"client-id","clientSecret":"client-secret-value","registrationExpiresAt":"2099-01-01T00:00:00Z","refreshToken":"cached-refresh-token"}"#,
    )
    .expect("cache");
    let env = with(
        base_env(&svc),
        &[("AWS_PROFILE", "sso"), ("AWS_ENDPOINT_URL_SSO", &stub.url()), ("AWS_ENDPOINT_URL_SSO_OIDC", &stub.url())],
    );
    let config = load(env, &home).await;
    signed_call(&config).await.expect("call");
    assert_eq!(signature_of(&svc.requests()[0]), ("ASIASSO".into(), "us-east-1".into(), Some("sso-role-token".into())));
    let rewritten: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&cache).expect("cache")).expect("json");
    assert_eq!(rewritten["accessToken"], "refreshed-access-token");
    assert_eq!(rewritten["refreshToken"], "next-refresh-token");
    assert_eq!(rewritten["clientSecret"], "client-secret-value", "other fields are kept");
    let creds = config.credentials_provider().expect("p").provide_credentials().await.expect("c");
    assert_eq!(creds.account_id(), Some("666666666666"));
    assert_hidden(
        "tracing",
        &trace.text(),
        &["refreshed-access-token", "cached-refresh-token", "client-secret-value", "sso-role-secret", "sso-role-token"],
    );
}

#[tokio::test]
async fn legacy_sso_uses_a_valid_token_and_reports_an_expired_one() {
    let stub = sso_stub("legacy-valid-token").await;
    let svc = service().await;
    let home = Home::new(SSO_CONFIG, "");
    let cache = home.path().join(format!(".aws/sso/cache/{}.json", sha1_hex("https://legacy.awsapps.com/start")));
    std::fs::write(&cache, r#"{"accessToken":"legacy-valid-token","expiresAt":"2099-01-01T00:00:00Z"}"#).expect("cache");
    let env = with(
        base_env(&svc),
        &[("AWS_PROFILE", "legacy"), ("AWS_REGION", "eu-west-1"), ("AWS_ENDPOINT_URL_SSO", &stub.url())],
    );
    let config = load(env.clone(), &home).await;
    signed_call(&config).await.expect("call");
    assert_eq!(signature_of(&svc.requests()[0]).0, "ASIASSO");

    std::fs::write(&cache, r#"{"accessToken":"legacy-old-token","expiresAt":"2020-01-01T00:00:00Z"}"#).expect("cache");
    let expired = load(env, &home).await;
    let err = signed_call(&expired).await.expect_err("expired");
    assert!(err.contains("SSO: the cached token has expired (run `aws sso login --profile legacy`)"), "{err}");
    assert_hidden("error", &err, &["legacy-old-token"]);
}

#[tokio::test]
async fn unknown_profile_and_adaptive_retry_are_errors() {
    let svc = service().await;
    let home = Home::new("[profile real]\nregion = us-east-1\n", "");
    let err = Config::loader()
        .env(with(base_env(&svc), &[("AWS_PROFILE", "nope"), ("AWS_RETRY_MODE", "adaptive")]))
        .home(Some(home.path()))
        .load()
        .await
        .expect_err("invalid");
    let text = err.to_string();
    assert!(text.contains("profile `nope` is not defined (profiles found: real)"), "{text}");
    assert!(text.contains("AWS_RETRY_MODE: `adaptive` is not supported (supported: standard)"), "{text}");
}

#[tokio::test]
async fn static_profile_keys_and_file_contents_stay_out_of_debug() {
    let svc = service().await;
    let home = Home::new(
        "[profile p]\nregion = us-west-1\n",
        "[p]\naws_access_key_id = AKPROFILE\naws_secret_access_key = profile-file-secret\naws_session_token = profile-file-token\naws_account_id = 777777777777\n",
    );
    let config = load(with(base_env(&svc), &[("AWS_PROFILE", "p")]), &home).await;
    signed_call(&config).await.expect("call");
    assert_eq!(signature_of(&svc.requests()[0]), ("AKPROFILE".into(), "us-west-1".into(), Some("profile-file-token".into())));
    let creds = config.credentials_provider().expect("p").provide_credentials().await.expect("c");
    assert_eq!(creds.account_id(), Some("777777777777"));
    let shown = format!("{config:?} {creds:?} {:?}", config.credentials_provider());
    assert_hidden("Debug", &shown, &["profile-file-secret", "profile-file-token"]);
    let profiles = aws_lite_runtime::runtime::profile::ProfileSet::parse("", &std::fs::read_to_string(home.path().join(".aws/credentials")).expect("read"));
    assert_hidden("Debug of the profile set", &format!("{profiles:?}"), &["profile-file-secret", "profile-file-token", "AKPROFILE"]);
}

fn sha1_hex(text: &str) -> String {
    aws_lite_runtime::runtime::sha1::sha1_hex(text.as_bytes())
}
