//! Headers bound to `@sensitive` members (on the member or its target; input and output; prefix maps) are listed
//! in the operation's static facts, so the runtime can redact them in logs.
use generator::model::{load, SourceFile};
use generator::{CrateSettings, Settings};
use serde_json::json;

#[test]
fn sensitive_header_bindings_reach_the_operation_meta() {
    let shapes = json!({
        "smithy": "2.0",
        "shapes": {
            "ex#Svc": {"type": "service", "version": "2024-01-01", "operations": [{"target": "ex#Put"}],
                       "traits": {"aws.protocols#restJson1": {}, "aws.api#service": {"sdkId": "Ex"},
                                  "aws.auth#sigv4": {"name": "ex"}}},
            "ex#Put": {"type": "operation", "input": {"target": "ex#PutInput"}, "output": {"target": "ex#PutOutput"},
                       "traits": {"smithy.api#http": {"method": "PUT", "uri": "/put"}}},
            "ex#Secret": {"type": "string", "traits": {"smithy.api#sensitive": {}}},
            "ex#Meta": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "smithy.api#String"},
                        "traits": {"smithy.api#sensitive": {}}},
            "ex#PutInput": {"type": "structure", "traits": {"smithy.api#input": {}}, "members": {
                "apiKey": {"target": "smithy.api#String",
                           "traits": {"smithy.api#httpHeader": "X-Api-Key", "smithy.api#sensitive": {}}},
                "plain": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "x-plain"}},
                "meta": {"target": "ex#Meta", "traits": {"smithy.api#httpPrefixHeaders": "X-Meta-"}}}},
            "ex#PutOutput": {"type": "structure", "traits": {"smithy.api#output": {}}, "members": {
                "token": {"target": "ex#Secret", "traits": {"smithy.api#httpHeader": "x-token-out"}},
                "visible": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "x-visible"}}}}
        }
    });
    let model = load(&[SourceFile { name: "ex.json".into(), text: shapes.to_string() }]).expect("the model loads");
    let settings = Settings {
        crate_settings: CrateSettings { crate_name: "ex".into(), service_features: false },
        operations: None,
    };
    let plan = generator::generate(&[model], &settings).unwrap_or_else(|e| panic!("{e}"));
    let (_, text) = plan
        .iter()
        .find(|(path, _)| path.to_string_lossy().ends_with("operation/put.rs"))
        .expect("the operation module");
    let compact: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        compact.contains(r#"sensitive_headers: &["x-api-key", "x-meta-*", "x-token-out"]"#),
        "{}",
        compact.lines().find(|l| l.contains("sensitive_headers")).unwrap_or(&compact[..compact.len().min(400)])
    );
}
