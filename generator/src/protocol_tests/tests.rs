//! Emission of protocol test cases from a small awsJson1_0 model.
use super::emit_operation_tests;
use crate::model::{load, SourceFile};
use serde_json::json;

fn emitted() -> String {
    let model = json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {
                "type": "service", "version": "2020-01-01", "operations": [{"target": "ex#Greet"}],
                "traits": {"aws.protocols#awsJson1_0": {}}
            },
            "ex#Greet": {
                "type": "operation", "input": {"target": "ex#GreetInput"}, "output": {"target": "ex#GreetOutput"},
                "errors": [{"target": "ex#Oops"}],
                "traits": {
                    "smithy.test#httpRequestTests": [
                        {"id": "ClientCase", "protocol": "aws.protocols#awsJson1_0", "method": "POST", "uri": "/",
                         "params": {"name": "hi", "tags": null}, "body": "{\"name\":\"hi\"}", "bodyMediaType": "application/json"},
                        {"id": "ServerCase", "protocol": "aws.protocols#awsJson1_0", "method": "POST", "uri": "/",
                         "appliesTo": "server"}
                    ],
                    "smithy.test#eventStreamTests": [
                        {"id": "StreamCase", "protocol": "aws.protocols#awsJson1_0", "initialRequestParams": {"name": "hi"},
                         "initialRequest": {"method": "POST", "uri": "/"}},
                        {"id": "ServerStreamCase", "protocol": "aws.protocols#awsJson1_0", "appliesTo": "server"}
                    ],
                    "smithy.test#httpResponseTests": [
                        {"id": "OutputCase", "protocol": "aws.protocols#awsJson1_0", "code": 200, "body": "{}",
                         "params": {"count": 3}, "appliesTo": "client"}
                    ]
                }
            },
            "ex#GreetInput": {"type": "structure", "members": {
                "name": {"target": "smithy.api#String"}, "tags": {"target": "ex#Tags"}}, "traits": {"smithy.api#input": {}}},
            "ex#Tags": {"type": "list", "member": {"target": "smithy.api#String"}},
            "ex#GreetOutput": {"type": "structure", "members": {"count": {"target": "smithy.api#Integer"}}},
            "ex#Oops": {
                "type": "structure", "members": {"message": {"target": "smithy.api#String"}},
                "traits": {
                    "smithy.api#error": "client",
                    "smithy.test#httpResponseTests": [
                        {"id": "OopsCase", "protocol": "aws.protocols#awsJson1_0", "code": 400,
                         "headers": {"X-Amzn-Errortype": "Oops"}, "body": "{\"message\":\"no\"}",
                         "params": {"message": "no"},
                         "vendorParamsShape": "aws.protocoltests.config#ErrorCodeParams",
                         "vendorParams": {"code": "Custom", "type": "Sender"}}
                    ]
                }
            }
        }
    });
    let source = SourceFile { name: "ex.json".into(), text: model.to_string() };
    let model = load(&[source]).expect("the model loads");
    let svc = crate::ir::lower_service(&model, &crate::model::ShapeId::parse("ex#Svc").expect("shape id"), None).expect("lowers");
    let op = svc.operations.first().expect("one operation");
    emit_operation_tests(&svc, op).to_string()
}

#[test]
fn emits_client_cases_of_operations_and_errors() {
    let text = emitted();
    assert!(text.contains("fn ClientCase_request"), "{text}");
    assert!(text.contains("fn OutputCase_response"), "{text}");
    assert!(text.contains("fn OopsCase_response"), "{text}");
    assert!(!text.contains("ServerCase"), "server cases are not ours: {text}");
    // Event stream cases are emitted by name; an initial-request case checks the request and the messages sent.
    assert!(text.contains("fn StreamCase_event_stream"), "{text}");
    assert!(text.contains("sent_event_messages"), "{text}");
    assert!(!text.contains("ServerStreamCase"), "{text}");
    assert!(!text.contains("cannot express"), "every parameter is expressible: {text}");
    // The error case goes through the operation's error parser and matches the modelled variant.
    assert!(text.contains("parse_error"), "{text}");
    assert!(text.contains("Oops (got)"), "{text}");
    // ErrorCodeParams vendor parameters are asserted: the code and type other SDKs report.
    assert!(text.contains(r#"error . code () , :: std :: option :: Option :: Some ("Custom")"#), "{text}");
    assert!(text.contains(r#"error_type () , :: std :: option :: Option :: Some ("Sender")"#), "{text}");
}
