//! Removes upstream prose: the project writes its own documentation (see `docs.rs`).

use serde_json::{Map, Value};

/// Traits that carry nothing but upstream prose or examples.
const PROSE_TRAITS: [&str; 3] = [
    "smithy.api#documentation",
    "smithy.api#externalDocumentation",
    "smithy.api#examples",
];

/// Endpoint test cases keep their `documentation` field: it is a mechanical label of the
/// parameters ("For region X with FIPS enabled ..."), which endpoint tests use as their name.
const KEEPS_LABELS: &str = "smithy.rules#endpointTests";

/// Strips prose from a shape's traits and from its members' traits.
pub fn strip_shape(shape: &mut Value) {
    strip_traits_of(shape);
    if let Some(members) = shape.get_mut("members").and_then(Value::as_object_mut) {
        for member in members.values_mut() {
            strip_traits_of(member);
        }
    }
    for key in ["member", "key", "value"] {
        if let Some(member) = shape.get_mut(key) {
            strip_traits_of(member);
        }
    }
}

fn strip_traits_of(node: &mut Value) {
    let Some(object) = node.as_object_mut() else {
        return;
    };
    let Some(traits) = object.get_mut("traits").and_then(Value::as_object_mut) else {
        return;
    };
    strip_traits(traits);
    if traits.is_empty() {
        object.shift_remove("traits");
    }
}

/// Drops the prose traits and any `*documentation` field nested in other trait values
/// (endpoint rule-set parameters, IAM condition keys and actions).
pub fn strip_traits(traits: &mut Map<String, Value>) {
    traits.retain(|id, _| !PROSE_TRAITS.contains(&id.as_str()));
    for (id, value) in traits.iter_mut() {
        if id != KEEPS_LABELS {
            strip_nested(value);
        }
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
