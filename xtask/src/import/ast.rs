//! Small accessors over the Smithy JSON AST held as `serde_json` values.

use serde_json::{Map, Value};

use super::error::ImportError;

/// `shape id -> shape`, in file order (serde_json with `preserve_order`).
pub type Shapes = Map<String, Value>;

const PRELUDE_NAMESPACE: &str = "smithy.api#";

pub fn is_prelude(id: &str) -> bool {
    id.starts_with(PRELUDE_NAMESPACE)
}

/// `com.example#Shape` -> `com.example`.
pub fn namespace(id: &str) -> &str {
    id.split_once('#').map_or(id, |(ns, _)| ns)
}

/// `com.example#Shape` -> `Shape`.
pub fn local_name(id: &str) -> &str {
    id.split_once('#').map_or(id, |(_, name)| name)
}

pub fn shape_type(shape: &Value) -> &str {
    shape.get("type").and_then(Value::as_str).unwrap_or("")
}

/// The `target` of a `{"target": ...}` reference.
pub fn target(reference: &Value) -> Option<&str> {
    reference.get("target").and_then(Value::as_str)
}

/// The shapes map of a whole model file.
pub fn shapes_of(model: &Value) -> Result<&Shapes, ImportError> {
    model
        .get("shapes")
        .and_then(Value::as_object)
        .ok_or_else(|| ImportError::Model {
            message: "no top-level `shapes` object".to_string(),
        })
}

/// Member definitions of a shape, keyed by member name: `members` of structures, unions and enums,
/// `member` of lists, `key`/`value` of maps.
pub fn members(shape: &Value) -> Vec<(&str, &Value)> {
    let mut out = Vec::new();
    if let Some(members) = shape.get("members").and_then(Value::as_object) {
        out.extend(members.iter().map(|(name, member)| (name.as_str(), member)));
    }
    for name in ["member", "key", "value"] {
        if let Some(member) = shape.get(name) {
            out.push((name, member));
        }
    }
    out
}

/// Mutable access to one member, wherever the shape type keeps it.
pub fn member_mut<'a>(shape: &'a mut Value, name: &str) -> Option<&'a mut Value> {
    let in_members = shape
        .get("members")
        .and_then(Value::as_object)
        .is_some_and(|m| m.contains_key(name));
    if in_members {
        return shape.get_mut("members")?.get_mut(name);
    }
    match name {
        "member" | "key" | "value" => shape.get_mut(name),
        _ => None,
    }
}

/// Shape ids a shape refers to directly: operation input, output and errors, and member targets.
/// Mixins are resolved before this is used, so they are not followed.
pub fn references(shape: &Value) -> Vec<&str> {
    let mut out = Vec::new();
    for key in ["input", "output"] {
        if let Some(id) = shape.get(key).and_then(target) {
            out.push(id);
        }
    }
    if let Some(errors) = shape.get("errors").and_then(Value::as_array) {
        out.extend(errors.iter().filter_map(target));
    }
    out.extend(
        members(shape)
            .into_iter()
            .filter_map(|(_, member)| target(member)),
    );
    out
}

/// The traits object of a shape or member, created when absent.
pub fn traits_mut(shape_or_member: &mut Value) -> Option<&mut Map<String, Value>> {
    let object = shape_or_member.as_object_mut()?;
    object
        .entry("traits")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

/// Splits `ns#Shape$member` into the shape id and the member name.
pub fn split_member_id(id: &str) -> (&str, Option<&str>) {
    match id.split_once('$') {
        Some((shape, member)) => (shape, Some(member)),
        None => (id, None),
    }
}
