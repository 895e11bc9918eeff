//! Deterministic output: shapes sorted by id, shape keys in one fixed order, traits sorted by id,
//! member order as upstream (it is the serialisation order), two-space pretty JSON.

use serde_json::{Map, Value};

use super::ast::Shapes;

const SHAPE_KEY_ORDER: [&str; 16] = [
    "type",
    "version",
    "operations",
    "resources",
    "errors",
    "rename",
    "input",
    "output",
    "identifiers",
    "properties",
    "member",
    "key",
    "value",
    "members",
    "target",
    "traits",
];

pub fn model_document(shapes: &Shapes, metadata: Value) -> Value {
    let mut sorted: Vec<(&String, &Value)> = shapes.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    let shapes: Map<String, Value> = sorted
        .into_iter()
        .map(|(id, shape)| (id.clone(), canonical_node(shape)))
        .collect();
    let mut document = Map::new();
    document.insert("smithy".to_string(), Value::String("2.0".to_string()));
    document.insert("metadata".to_string(), metadata);
    document.insert("shapes".to_string(), Value::Object(shapes));
    Value::Object(document)
}

/// Orders a shape or member: known keys first in a fixed order, then any other key by name.
fn canonical_node(node: &Value) -> Value {
    let Some(object) = node.as_object() else {
        return node.clone();
    };
    let mut keys: Vec<&String> = object.keys().collect();
    keys.sort_by_key(|key| {
        (
            SHAPE_KEY_ORDER
                .iter()
                .position(|k| k == key)
                .unwrap_or(SHAPE_KEY_ORDER.len()),
            key.as_str(),
        )
    });
    let mut out = Map::new();
    for key in keys {
        let Some(value) = object.get(key) else {
            continue;
        };
        let value = match key.as_str() {
            "traits" => sorted_object(value),
            "members" => map_values(value, canonical_node),
            "member" | "key" | "value" => canonical_node(value),
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

fn sorted_object(value: &Value) -> Value {
    let Some(object) = value.as_object() else {
        return value.clone();
    };
    let mut entries: Vec<(&String, &Value)> = object.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

fn map_values(value: &Value, f: fn(&Value) -> Value) -> Value {
    let Some(object) = value.as_object() else {
        return value.clone();
    };
    Value::Object(object.iter().map(|(k, v)| (k.clone(), f(v))).collect())
}

/// Pretty JSON with a final newline.
pub fn to_text(document: &Value) -> String {
    let mut text = serde_json::to_string_pretty(document).unwrap_or_default();
    text.push('\n');
    text
}
