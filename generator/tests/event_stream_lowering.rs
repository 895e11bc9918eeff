//! Lowering of event streams: `@streaming` union members become the sender and receiver types, event members
//! get their message bindings, the stream's modeled errors join the operation's errors; in awsJson the stream is the
//! HTTP body and the other members stay JSON (for the initial messages).
use generator::ir::{lower_service, Binding, Ty};
use generator::model::{load, ShapeId, SourceFile};
use serde_json::json;

fn model(protocol: &str) -> generator::model::Model {
    let shapes = json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Chat"}],
                       "traits": {protocol: {}}},
            "ex#Chat": {"type": "operation", "input": {"target": "ex#ChatInput"}, "output": {"target": "ex#ChatOutput"},
                        "traits": {"smithy.api#http": {"method": "POST", "uri": "/chat"}}},
            "ex#ChatInput": {"type": "structure", "traits": {"smithy.api#input": {}}, "members": {
                "room": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "x-room"}},
                "events": {"target": "ex#Events", "traits": {"smithy.api#httpPayload": {}}}}},
            "ex#ChatOutput": {"type": "structure", "traits": {"smithy.api#output": {}}, "members": {
                "events": {"target": "ex#Events", "traits": {"smithy.api#httpPayload": {}}}}},
            "ex#Events": {"type": "union", "traits": {"smithy.api#streaming": {}}, "members": {
                "said": {"target": "ex#Said"},
                "kicked": {"target": "ex#Kicked"}}},
            "ex#Said": {"type": "structure", "members": {
                "who": {"target": "smithy.api#String", "traits": {"smithy.api#eventHeader": {}}},
                "text": {"target": "smithy.api#Blob", "traits": {"smithy.api#eventPayload": {}}}}},
            "ex#Kicked": {"type": "structure", "traits": {"smithy.api#error": "client"}, "members": {
                "message": {"target": "smithy.api#String"}}}
        }
    });
    load(&[SourceFile { name: "chat.json".into(), text: shapes.to_string() }]).expect("the model loads")
}

fn service_id() -> ShapeId {
    ShapeId::parse("ex#Svc").expect("shape id")
}

#[test]
fn streaming_members_events_and_errors_are_lowered() {
    let svc = lower_service(&model("aws.protocols#restJson1"), &service_id(), None).expect("lowers");
    let op = &svc.operations[0];
    let input = op.input.fields.iter().find(|f| f.wire_name == "events").expect("input stream");
    assert!(matches!(&input.ty, Ty::EventSender(p) if p.name == "Events"), "{:?}", input.ty);
    let output = op.output.fields.iter().find(|f| f.wire_name == "events").expect("output stream");
    match &output.ty {
        Ty::EventReceiver { union, error } => {
            assert_eq!(union.name, "Events");
            assert_eq!(error, &op.error_enum);
        }
        other => panic!("expected a receiver, got {other:?}"),
    }
    assert!(op.errors.iter().any(|e| e.info.code == "Kicked"), "the stream's error is an operation error");
    assert!(svc.unions.iter().any(|u| u.path.name == "Events" && u.streaming));
    let said = svc.structs.iter().find(|s| s.path.name == "Said").expect("event structure");
    let binding = |name: &str| said.fields.iter().find(|f| f.wire_name == name).map(|f| f.binding.clone());
    assert_eq!(binding("who"), Some(Binding::EventHeader));
    assert_eq!(binding("text"), Some(Binding::EventPayload));
}

#[test]
fn aws_json_streams_are_the_body_and_the_other_members_stay_json() {
    let svc = lower_service(&model("aws.protocols#awsJson1_1"), &service_id(), None).expect("lowers");
    let op = &svc.operations[0];
    let binding = |fields: &[generator::ir::Field], name: &str| {
        fields.iter().find(|f| f.wire_name == name).map(|f| (f.binding.clone(), f.ty.clone()))
    };
    assert!(matches!(binding(&op.input.fields, "events"), Some((Binding::Payload, Ty::EventSender(_)))));
    assert!(matches!(binding(&op.output.fields, "events"), Some((Binding::Payload, Ty::EventReceiver { .. }))));
    // HTTP binding traits mean nothing in awsJson: the room goes into the initial-request message's JSON.
    assert_eq!(binding(&op.input.fields, "room").map(|(b, _)| b), Some(Binding::Body));
}
