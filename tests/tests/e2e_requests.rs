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

/// Success bodies shaped like the services' parse into the outputs (timestamps as epoch seconds, enums,
/// nested structures, unknown members ignored).
#[tokio::test]
async fn success_outputs_parse() {
    use e2e_support::{replicate_instance_input, start_copy_job_input};
    let stub = StubServer::start(vec![Reply::json(
        200,
        r#"{"CopyJobId":"job-9","CreationDate":1700000000.5,"IsParent":false,"NewField":{"x":1}}"#,
    )])
    .await
    .expect("stub");
    let config = stub_config(stub.url(), "us-east-1").build();
    let out = bounded(calls::start_copy_job(&config, &start_copy_job_input()))
        .await
        .expect("ok");
    assert_eq!(out.copy_job_id(), Some("job-9"));
    assert_eq!(
        out.creation_date().map(|d| d.as_secs_f64()),
        Some(1700000000.5)
    );
    assert!(!out.is_parent);

    let stub = StubServer::start(vec![Reply::json(
        200,
        r#"{"Id":"4b1a9a3c-1f2e-4d5c-8b7a-0123456789ab","Arn":"arn:aws:connect:us-west-2:123456789012:instance/4b1a9a3c-1f2e-4d5c-8b7a-0123456789ab"}"#,
    )])
    .await
    .expect("stub");
    let config = stub_config(stub.url(), "us-east-1").build();
    let out = bounded(calls::replicate_instance(
        &config,
        &replicate_instance_input(),
    ))
    .await
    .expect("ok");
    assert_eq!(out.id(), Some("4b1a9a3c-1f2e-4d5c-8b7a-0123456789ab"));
    assert!(out
        .arn()
        .is_some_and(|a| a.starts_with("arn:aws:connect:us-west-2")));

    let stub = StubServer::start(vec![Reply::json(
        200,
        r#"{"botId":"ABCDEFGHIJ","replicaRegion":"us-west-2","sourceRegion":"us-east-1","creationDateTime":1700000000,"botReplicaStatus":"Enabling"}"#,
    )])
    .await
    .expect("stub");
    let config = stub_config(stub.url(), "us-east-1").build();
    let input = serde_json::json!({"botId": "ABCDEFGHIJ", "replicaRegion": "us-west-2"});
    let out = bounded(calls::create_bot_replica(&config, &input))
        .await
        .expect("ok");
    assert_eq!(out.bot_id(), Some("ABCDEFGHIJ"));
    assert_eq!(out.source_region(), Some("us-east-1"));
    assert_eq!(
        out.creation_date_time().map(|d| d.as_secs_f64()),
        Some(1700000000.0)
    );
    assert_eq!(
        out.bot_replica_status(),
        Some(&aws_lite::lexmodelsv2::types::BotReplicaStatus::Enabling)
    );

    let stub = StubServer::start(vec![Reply::Respond {
        status: 200,
        headers: vec![("content-type".into(), "application/x-amz-json-1.1".into())],
        body: br#"{"Backup":{"BackupId":"backup-0fedcba9876543210","Lifecycle":"PENDING","Type":"USER_INITIATED","CreationTime":1.7E9,"SourceBackupId":"backup-0123456789abcdef0","SourceBackupRegion":"us-east-1","Tags":[{"Key":"Name","Value":"copy"}],"SizeInBytes":1073741824}}"#.to_vec(),
    }])
    .await
    .expect("stub");
    let config = stub_config(stub.url(), "us-west-2").build();
    let input = serde_json::json!({"SourceBackupId": "backup-0123456789abcdef0", "SourceRegion": "us-east-1"});
    let out = bounded(calls::copy_backup(&config, &input))
        .await
        .expect("ok");
    let backup = out.backup().expect("backup");
    assert_eq!(backup.backup_id(), Some("backup-0fedcba9876543210"));
    assert_eq!(backup.lifecycle().map(|l| l.as_str()), Some("PENDING"));
    assert_eq!(backup.source_backup_region(), Some("us-east-1"));
    assert_eq!(backup.size_in_bytes, Some(1073741824));
    assert_eq!(backup.creation_time().map(|d| d.as_secs_f64()), Some(1.7e9));
    assert_eq!(backup.tags().map(|t| t.len()), Some(1));

    let stub = StubServer::start(vec![Reply::json(
        200,
        r#"{"Id":"rsj-1234567890abc","Arn":"arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/engagement/eng-abcdefghij1234/resource-snapshot-job/rsj-1234567890abc"}"#,
    )])
    .await
    .expect("stub");
    let config = stub_config(stub.url(), "us-east-1").build();
    let input = serde_json::json!({
        "Catalog": "AWS", "EngagementIdentifier": "eng-abcdefghij1234", "ResourceType": "Opportunity",
        "ResourceIdentifier": "O1234567", "ResourceSnapshotTemplateIdentifier": "MyTemplate01"
    });
    let out = bounded(calls::create_resource_snapshot_job(&config, &input))
        .await
        .expect("ok");
    assert_eq!(out.id(), Some("rsj-1234567890abc"));
}

/// The examples' configuration path: region, keys and a per-service endpoint override from environment
/// variables reach the stub, and the global override does not win over the service one.
#[tokio::test]
async fn environment_config_reaches_the_stub() {
    let stub = StubServer::start(vec![Reply::json(200, "{}")])
        .await
        .expect("stub");
    let env = [
        ("AWS_REGION", "eu-west-1"),
        ("AWS_ACCESS_KEY_ID", e2e_support::ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:1"),
        ("AWS_ENDPOINT_URL_LEX_MODELS_V2", stub.url()),
        ("AWS_MAX_ATTEMPTS", "1"),
    ];
    let config = aws_lite::Config::from_env_with(env, None);
    let input = serde_json::json!({"botId": "ABCDEFGHIJ", "replicaRegion": "us-west-2"});
    bounded(calls::create_bot_replica(&config, &input))
        .await
        .expect("sent to the service override");
    let got = &stub.requests()[0];
    let signature = sigv4::verify(got, SECRET_KEY).expect("verifies");
    assert_eq!(
        (signature.region.as_str(), signature.service.as_str()),
        ("eu-west-1", "lex")
    );
}
