//! Requests that reach the server are SigV4-signed correctly: the signature is recomputed here from the
//! recorded bytes with an independent implementation (hmac + sha2), not with the runtime's signer.

mod support;

use aws_lite_runtime::runtime::client::Handle;
use aws_lite_runtime::runtime::http::Request;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use support::*;

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// URI-encodes every byte except unreserved characters (and `/` when `keep_slash`).
fn uri_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

struct Authorization {
    access_key: String,
    scope: String,
    signed_headers: Vec<String>,
    signature: String,
}

fn parse_authorization(value: &str) -> Authorization {
    let rest = value
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .expect("sigv4 algorithm");
    let mut credential = "";
    let mut signed = "";
    let mut signature = "";
    for part in rest.split(", ") {
        let (key, val) = part.split_once('=').expect("key=value");
        match key {
            "Credential" => credential = val,
            "SignedHeaders" => signed = val,
            "Signature" => signature = val,
            other => panic!("unexpected authorization part {other}"),
        }
    }
    let (access_key, scope) = credential.split_once('/').expect("credential has a scope");
    Authorization {
        access_key: access_key.to_owned(),
        scope: scope.to_owned(),
        signed_headers: signed.split(';').map(str::to_owned).collect(),
        signature: signature.to_owned(),
    }
}

/// Recomputes the signature of a recorded request (non-S3 rules: the path is encoded twice).
fn expected_signature(request: &Recorded, auth: &Authorization) -> String {
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    let canonical_uri = uri_encode(path, true);
    let mut query_pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    query_pairs.sort();
    let canonical_headers: String = auth
        .signed_headers
        .iter()
        .map(|name| {
            // Values are trimmed and inner runs of spaces collapse to one.
            let values: Vec<String> = request
                .headers
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect();
            assert!(!values.is_empty(), "signed header {name} was not sent");
            format!("{name}:{}\n", values.join(","))
        })
        .collect();
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method,
        canonical_uri,
        query_pairs.join("&"),
        canonical_headers,
        auth.signed_headers.join(";"),
        sha256_hex(&request.body)
    );
    let amz_date = request.header("x-amz-date").expect("x-amz-date");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{}\n{}",
        auth.scope,
        sha256_hex(canonical_request.as_bytes())
    );
    let mut scope_parts = auth.scope.split('/');
    let date = scope_parts.next().expect("date");
    let region = scope_parts.next().expect("region");
    let service = scope_parts.next().expect("service");
    let k_date = hmac(format!("AWS4{SECRET_KEY}").as_bytes(), date);
    let k_region = hmac(&k_date, region);
    let k_service = hmac(&k_region, service);
    let k_signing = hmac(&k_service, "aws4_request");
    hex::encode(hmac(&k_signing, &string_to_sign))
}

#[tokio::test]
async fn requests_carry_a_valid_sigv4_signature() {
    let server = StubServer::always(respond(200, "{}")).await;
    let handle = Handle::new(&config_for(&server).build(), &SERVICE);
    let body = br#"{"Name":"thing","Value":[1,2,3]}"#.to_vec();
    let request = Request::new("PUT", "/things/a%3Ab/items?z=last&a=first".to_owned())
        .header("Content-Type", "application/json")
        .header("X-Custom", "  padded  value ")
        .body(body.clone());
    let response = handle
        .invoke(&OPERATION, request)
        .await
        .expect("call succeeds");
    assert_eq!(response.status(), 200);

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let recorded = &requests[0];
    assert_eq!(recorded.body, body);
    assert_eq!(recorded.target, "/things/a%3Ab/items?z=last&a=first");
    let auth = parse_authorization(recorded.header("authorization").expect("signed"));
    assert_eq!(auth.access_key, ACCESS_KEY);
    let amz_date = recorded.header("x-amz-date").expect("x-amz-date");
    assert_eq!(
        auth.scope,
        format!("{}/us-west-2/testsvc/aws4_request", &amz_date[..8])
    );
    for required in [
        "host",
        "x-amz-date",
        "x-amz-security-token",
        "content-type",
        "content-length",
        "x-custom",
    ] {
        assert!(
            auth.signed_headers.iter().any(|h| h == required),
            "{required} not signed: {:?}",
            auth.signed_headers
        );
    }
    for unsigned in [
        "user-agent",
        "amz-sdk-request",
        "amz-sdk-invocation-id",
        "authorization",
    ] {
        assert!(
            !auth.signed_headers.iter().any(|h| h == unsigned),
            "{unsigned} must not be signed"
        );
    }
    assert_eq!(recorded.header("x-amz-security-token"), Some(SESSION_TOKEN));
    assert_eq!(auth.signature, expected_signature(recorded, &auth));
}

#[tokio::test]
async fn standard_headers_are_set() {
    let server = StubServer::always(respond(200, "{}")).await;
    let config = config_for(&server).app_name("unit-tests").build();
    let handle = Handle::new(&config, &SERVICE);
    let request = Request::new("POST", "/".to_owned())
        .header("X-Amz-Target", "Svc.Op")
        .body(b"{}".to_vec());
    handle
        .invoke(&OPERATION, request)
        .await
        .expect("call succeeds");
    let recorded = &server.requests()[0];
    assert_eq!(
        recorded.header("host"),
        Some(server.addr.to_string().as_str())
    );
    assert_eq!(recorded.header("content-length"), Some("2"));
    assert_eq!(recorded.header("amz-sdk-request"), Some("attempt=1; max=3"));
    assert_eq!(recorded.header("x-amz-target"), Some("Svc.Op"));
    let ua = recorded.header("user-agent").expect("user agent");
    assert!(
        ua.contains("api/testservice/2024-01-01") && ua.ends_with("app/unit-tests"),
        "{ua}"
    );
    assert_eq!(recorded.header("x-amz-user-agent"), Some(ua));
    let invocation_id = recorded
        .header("amz-sdk-invocation-id")
        .expect("invocation id");
    assert_eq!(invocation_id.len(), 36);
}

#[tokio::test]
async fn unsigned_operations_send_no_authorization() {
    let server = StubServer::always(respond(200, "{}")).await;
    let config = aws_lite_runtime::runtime::config::Config::builder()
        .endpoint_url(server.url())
        .build();
    let handle = Handle::new(&config, &SERVICE);
    let response = handle
        .invoke(
            &UNSIGNED_OPERATION,
            Request::new("GET", "/public".to_owned()),
        )
        .await;
    assert_eq!(
        response
            .expect("unsigned call needs neither region nor credentials")
            .status(),
        200
    );
    let recorded = &server.requests()[0];
    assert_eq!(recorded.header("authorization"), None);
    assert_eq!(
        recorded.header("content-length"),
        None,
        "GET without a body sends no content-length"
    );
}

#[tokio::test]
async fn endpoint_base_path_is_joined() {
    let server = StubServer::always(respond(200, "{}")).await;
    let config = config_for(&server)
        .endpoint_url(format!("{}/base/", server.url()))
        .build();
    let handle = Handle::new(&config, &SERVICE);
    handle
        .invoke(&OPERATION, Request::new("GET", "/items?x=1".to_owned()))
        .await
        .expect("call succeeds");
    let recorded = &server.requests()[0];
    assert_eq!(recorded.target, "/base/items?x=1");
    let auth = parse_authorization(recorded.header("authorization").expect("signed"));
    assert_eq!(auth.signature, expected_signature(recorded, &auth));
}

/// A service whose endpoint rules ask for another signing name and region, and add a header.
static OVERRIDING_SERVICE: aws_lite_runtime::runtime::client::ServiceMeta =
    aws_lite_runtime::runtime::client::ServiceMeta {
        resolve_endpoint: resolve_with_auth_scheme,
        ..SERVICE
    };

fn resolve_with_auth_scheme(
    built_ins: &aws_lite_runtime::runtime::endpoint::BuiltIns,
) -> Result<
    aws_lite_runtime::runtime::endpoint::Endpoint,
    aws_lite_runtime::runtime::endpoint::ResolveError,
> {
    let mut properties = serde_json::Map::new();
    properties.insert(
        "authSchemes".to_owned(),
        serde_json::json!([{"name": "sigv4", "signingName": "othername", "signingRegion": "eu-central-1"}]),
    );
    Ok(aws_lite_runtime::runtime::endpoint::Endpoint {
        url: built_ins.endpoint.clone().unwrap_or_default(),
        headers: vec![(
            "x-endpoint-header".to_owned(),
            vec!["from-rules".to_owned()],
        )],
        properties,
    })
}

#[tokio::test]
async fn endpoint_auth_scheme_overrides_signing_scope() {
    let server = StubServer::always(respond(200, "{}")).await;
    let handle = Handle::new(&config_for(&server).build(), &OVERRIDING_SERVICE);
    handle
        .invoke(
            &OPERATION,
            Request::new("POST", "/".to_owned()).body(b"{}".to_vec()),
        )
        .await
        .expect("call");
    let recorded = &server.requests()[0];
    assert_eq!(recorded.header("x-endpoint-header"), Some("from-rules"));
    let auth = parse_authorization(recorded.header("authorization").expect("signed"));
    assert!(
        auth.scope.ends_with("/eu-central-1/othername/aws4_request"),
        "{}",
        auth.scope
    );
    assert_eq!(auth.signature, expected_signature(recorded, &auth));
}

#[test]
fn invoke_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let config = aws_lite_runtime::runtime::config::Config::builder().build();
    let handle = Handle::new(&config, &SERVICE);
    let future = handle.invoke(&OPERATION, Request::new("GET", "/".to_owned()));
    assert_send(&future);
}
