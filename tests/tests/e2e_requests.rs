//! End to end against a loopback server: each of the five operations sends what botocore sends for the same
//! input (method, encoded path, protocol headers, JSON body, SigV4 scope), and idempotency tokens are generated
//! when missing and reused on retries.

mod e2e_support;

use e2e_support::{bounded, calls, is_uuid_v4, reference_cases, sigv4, stub_config, SECRET_KEY};
use serde_json::Value;
use tests::stub_server::{RecordedRequest, Reply, StubServer};

/// Case insensitive header comparison against the reference; volatile headers are not in the reference.
fn assert_protocol_headers(name: &str, got: &RecordedRequest, reference: &Value) {
    let expected_type = reference["headers"]["Content-Type"].as_str();
    assert_eq!(
        got.header("content-type"),
        expected_type,
        "{name}: Content-Type"
    );
    assert_eq!(
        got.header("x-amz-target"),
        reference["x_amz_target"].as_str(),
        "{name}: X-Amz-Target"
    );
    let body_len = got.body.len().to_string();
    assert_eq!(
        got.header("content-length"),
        Some(body_len.as_str()),
        "{name}: Content-Length"
    );
}

#[tokio::test]
async fn five_operations_send_what_botocore_sends() {
    let Some(cases) = reference_cases() else {
        return;
    };
    assert_eq!(cases.len(), 5, "the reference holds one case per operation");
    for case in &cases {
        let operation = case["operation"].as_str().unwrap_or_default();
        let region = case["region"].as_str().unwrap_or_default();
        let reference = &case["request"];
        let stub = StubServer::start(vec![Reply::json(200, "{}")])
            .await
            .expect("stub");
        let config = stub_config(stub.url(), region).build();

        let outcome = bounded(calls::send_reference(&config, operation, &case["input"])).await;
        assert_eq!(outcome, Ok(()), "{operation}");
        let requests = stub.requests();
        assert_eq!(requests.len(), 1, "{operation}: one attempt");
        let got = &requests[0];

        assert_eq!(
            Some(got.method.as_str()),
            reference["method"].as_str(),
            "{operation}: method"
        );
        let expected_path = match reference["query"].as_str() {
            Some(q) if !q.is_empty() => format!("{}?{q}", reference["path"].as_str().unwrap_or("")),
            _ => reference["path"].as_str().unwrap_or("").to_owned(),
        };
        assert_eq!(got.path, expected_path, "{operation}: path and query");
        assert_protocol_headers(operation, got, reference);
        let body: Value = serde_json::from_slice(&got.body)
            .unwrap_or_else(|e| panic!("{operation}: body is not JSON ({e})"));
        assert_eq!(body, reference["body"], "{operation}: body");
        let stub_host = stub.url().trim_start_matches("http://");
        assert_eq!(
            got.header("host"),
            Some(stub_host),
            "{operation}: Host is the overriding endpoint"
        );

        let signature = sigv4::verify(got, SECRET_KEY)
            .unwrap_or_else(|e| panic!("{operation}: SigV4 does not verify: {e}"));
        assert_eq!(signature.access_key, e2e_support::ACCESS_KEY);
        assert_eq!(
            Some(signature.region.as_str()),
            reference["signing"]["region"].as_str(),
            "{operation}: signing region"
        );
        assert_eq!(
            Some(signature.service.as_str()),
            reference["signing"]["service"].as_str(),
            "{operation}: signing name"
        );
        for header in ["host", "x-amz-date", "content-type"] {
            assert!(
                signature.signed_headers.iter().any(|h| h == header),
                "{operation}: {header} is signed"
            );
        }
        if got.header("x-amz-target").is_some() {
            assert!(
                signature.signed_headers.iter().any(|h| h == "x-amz-target"),
                "{operation}: X-Amz-Target is signed"
            );
        }
    }
}

#[tokio::test]
async fn session_token_is_sent_and_signed() {
    let stub = StubServer::start(vec![Reply::json(200, "{}")])
        .await
        .expect("stub");
    let config = stub_config(stub.url(), "us-west-2")
        .credentials(aws_lite::Credentials::new(
            e2e_support::ACCESS_KEY,
            SECRET_KEY,
            Some(e2e_support::SESSION_TOKEN.to_owned()),
            None,
        ))
        .build();
    let input = serde_json::json!({"SourceBackupId": "backup-0123456789abcdef0"});
    bounded(calls::copy_backup(&config, &input))
        .await
        .expect("success");
    let got = &stub.requests()[0];
    assert_eq!(
        got.header("x-amz-security-token"),
        Some(e2e_support::SESSION_TOKEN)
    );
    let signature = sigv4::verify(got, SECRET_KEY).expect("verifies");
    assert!(signature
        .signed_headers
        .iter()
        .any(|h| h == "x-amz-security-token"));
}

/// The checker itself: the known answer of the AWS SigV4 test suite's `get-vanilla` case, and a tampered
/// request that must fail.
#[test]
fn sigv4_checker_matches_the_spec_vector_and_rejects_tampering() {
    let request = RecordedRequest {
        method: "GET".into(),
        path: "/".into(),
        headers: vec![
            ("host".into(), "example.amazonaws.com".into()),
            ("x-amz-date".into(), "20150830T123600Z".into()),
            (
                "authorization".into(),
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                 SignedHeaders=host;x-amz-date, \
                 Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
                    .into(),
            ),
        ],
        body: Vec::new(),
    };
    let signature = sigv4::verify(&request, SECRET_KEY).expect("spec vector verifies");
    assert_eq!(signature.service, "service");
    let mut tampered = request.clone();
    tampered.path = "/other".into();
    assert!(sigv4::verify(&tampered, SECRET_KEY).is_err());
    assert!(sigv4::verify(&request, "wrong secret").is_err());
}

/// Every operation with an idempotency token fills it with a fresh UUID v4 when the caller leaves it out.
#[tokio::test]
async fn missing_idempotency_token_becomes_a_uuid_v4() {
    let Some(cases) = reference_cases() else {
        return;
    };
    for case in &cases {
        let operation = case["operation"].as_str().unwrap_or_default();
        let Some(member) = calls::token_member(operation) else {
            continue;
        };
        let mut input = case["input"].clone();
        input.as_object_mut().map(|o| o.remove(member));
        let stub = StubServer::start(vec![Reply::json(200, "{}")])
            .await
            .expect("stub");
        let config =
            stub_config(stub.url(), case["region"].as_str().unwrap_or("us-east-1")).build();
        let mut tokens = Vec::new();
        for _ in 0..2 {
            bounded(calls::send_reference(&config, operation, &input))
                .await
                .unwrap_or_else(|e| panic!("{operation}: {e}"));
        }
        for got in stub.requests() {
            let body: Value = serde_json::from_slice(&got.body).expect("JSON body");
            let token = body[member].as_str().unwrap_or_default().to_owned();
            assert!(
                is_uuid_v4(&token),
                "{operation}: {member} = {token:?} is not a UUID v4"
            );
            tokens.push(token);
        }
        assert_eq!(tokens.len(), 2);
        assert_ne!(
            tokens[0], tokens[1],
            "{operation}: each call gets its own token"
        );
    }
}

/// One call = one token: retries of a generated token send the same value.
#[tokio::test]
async fn generated_token_is_reused_on_every_retry() {
    let Some(cases) = reference_cases() else {
        return;
    };
    for case in &cases {
        let operation = case["operation"].as_str().unwrap_or_default();
        let Some(member) = calls::token_member(operation) else {
            continue;
        };
        let mut input = case["input"].clone();
        input.as_object_mut().map(|o| o.remove(member));
        let stub = StubServer::start(vec![
            Reply::json(500, r#"{"message":"boom"}"#),
            Reply::json(503, r#"{"message":"busy"}"#),
            Reply::json(200, "{}"),
        ])
        .await
        .expect("stub");
        let config =
            stub_config(stub.url(), case["region"].as_str().unwrap_or("us-east-1")).build();
        bounded(calls::send_reference(&config, operation, &input))
            .await
            .unwrap_or_else(|e| panic!("{operation}: {e}"));
        let requests = stub.requests();
        assert_eq!(requests.len(), 3, "{operation}: two retries then success");
        let tokens: Vec<String> = requests
            .iter()
            .map(|r| {
                let body: Value = serde_json::from_slice(&r.body).expect("JSON body");
                body[member].as_str().unwrap_or_default().to_owned()
            })
            .collect();
        assert!(is_uuid_v4(&tokens[0]), "{operation}: {tokens:?}");
        assert!(
            tokens.iter().all(|t| *t == tokens[0]),
            "{operation}: token changed across attempts: {tokens:?}"
        );
        for (i, r) in requests.iter().enumerate() {
            sigv4::verify(r, SECRET_KEY)
                .unwrap_or_else(|e| panic!("{operation} attempt {}: {e}", i + 1));
            let expected = format!("attempt={}; max=3", i + 1);
            assert_eq!(
                r.header("amz-sdk-request"),
                Some(expected.as_str()),
                "{operation}"
            );
        }
        let invocation_ids: Vec<_> = requests
            .iter()
            .map(|r| r.header("amz-sdk-invocation-id").map(str::to_owned))
            .collect();
        assert!(
            invocation_ids
                .iter()
                .all(|id| id.is_some() && *id == invocation_ids[0]),
            "{operation}: one invocation id per call"
        );
    }
}
