//! Removes upstream prose: the project writes its own documentation (see `docs.rs`).

use std::collections::BTreeMap;

use generator::model::Shape;
use serde_json::Value;

/// Traits that carry nothing but upstream prose or examples.
const PROSE_TRAITS: [&str; 3] = [
    "smithy.api#documentation",
    "smithy.api#externalDocumentation",
    "smithy.api#examples",
];

/// Endpoint test cases are named by their `documentation` field (generated tests take their names from it):
/// the upstream label is replaced by one of ours, made from the case's parameters.
const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";

/// Strips prose from a shape's traits and from its members' traits.
pub fn strip_shape(shape: &mut Shape) {
    strip_traits(&mut shape.traits.0);
    for member in &mut shape.members {
        strip_traits(&mut member.traits.0);
    }
}

/// Drops the prose traits and any `*documentation` field nested in other trait values
/// (endpoint rule-set parameters, IAM condition keys and actions).
fn strip_traits(traits: &mut BTreeMap<String, Value>) {
    traits.retain(|id, _| !PROSE_TRAITS.contains(&id.as_str()));
    for (id, value) in traits.iter_mut() {
        if id == ENDPOINT_TESTS {
            relabel_endpoint_tests(value);
        } else {
            strip_nested(value);
        }
    }
}

/// `documentation` of each endpoint test case := its parameters, e.g. `Region=us-east-1, UseFIPS=true`
/// (`no parameters` when it has none); a repeated label gets ` (2)`, ` (3)`...
fn relabel_endpoint_tests(value: &mut Value) {
    let Some(cases) = value.get_mut("testCases").and_then(Value::as_array_mut) else { return };
    let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for case in cases.iter_mut() {
        let Some(case) = case.as_object_mut() else { continue };
        let params: Vec<String> = case
            .get("params")
            .and_then(Value::as_object)
            .map(|p| {
                p.iter()
                    .map(|(k, v)| match v {
                        Value::String(s) => format!("{k}={s}"),
                        other => format!("{k}={other}"),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let base = if params.is_empty() { "no parameters".to_string() } else { params.join(", ") };
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        let label = if *n == 1 { base } else { format!("{base} ({n})") };
        case.insert("documentation".to_string(), Value::String(label));
    }
}

fn strip_nested(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.retain(|key, _| !key.to_ascii_lowercase().ends_with("documentation"));
            object.values_mut().for_each(strip_nested);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nested),
        _ => {}
    }
}
