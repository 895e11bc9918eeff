//! A concise summary of what a refresh changes in an existing slice: a comparison of the two written
//! documents (both canonical JSON AST from `generator::model::write`).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

const DOCUMENTATION: &str = "smithy.api#documentation";

/// One line per change, or an empty list when the models are equal. Documentation changes are
/// counted, not listed, since they come from our own docs file.
pub fn summarize(old: &Value, new: &Value) -> Vec<String> {
    let empty = Map::new();
    let old_shapes = old
        .get("shapes")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let new_shapes = new
        .get("shapes")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut lines = Vec::new();
    let mut docs_changed = 0;
    for (id, shape) in new_shapes {
        match old_shapes.get(id) {
            None => lines.push(format!("+ shape {id} ({})", shape.get("type").and_then(Value::as_str).unwrap_or(""))),
            Some(old_shape) => shape_changes(id, old_shape, shape, &mut lines, &mut docs_changed),
        }
    }
    for id in old_shapes.keys().filter(|id| !new_shapes.contains_key(*id)) {
        lines.push(format!("- shape {id}"));
    }
    if old.get("metadata") != new.get("metadata") {
        lines.push("~ metadata changed".to_string());
    }
    if docs_changed > 0 {
        lines.push(format!(
            "~ documentation changed on {docs_changed} shape(s)/member(s)"
        ));
    }
    lines
}

fn shape_changes(
    id: &str,
    old: &Value,
    new: &Value,
    lines: &mut Vec<String>,
    docs_changed: &mut usize,
) {
    let old_members: Vec<(&str, &Value)> = members(old);
    let new_members: Vec<(&str, &Value)> = members(new);
    for (name, member) in &new_members {
        match old_members.iter().find(|(old_name, _)| old_name == name) {
            None => lines.push(format!("+ member {id}${name}")),
            Some((_, old_member)) => node_changes(
                &format!("{id}${name}"),
                old_member,
                member,
                lines,
                docs_changed,
            ),
        }
    }
    for (name, _) in &old_members {
        if !new_members.iter().any(|(new_name, _)| new_name == name) {
            lines.push(format!("- member {id}${name}"));
        }
    }
    node_changes(id, old, new, lines, docs_changed);
}

/// Traits and non-member properties (type, target, input, output, errors, operations...).
fn node_changes(
    id: &str,
    old: &Value,
    new: &Value,
    lines: &mut Vec<String>,
    docs_changed: &mut usize,
) {
    let keys: BTreeSet<&String> = keys(old).chain(keys(new)).collect();
    for key in keys {
        if matches!(
            key.as_str(),
            "traits" | "members" | "member" | "key" | "value"
        ) {
            continue;
        }
        if old.get(key) != new.get(key) {
            lines.push(format!("~ {id}: `{key}` changed"));
        }
    }
    let empty = Map::new();
    let old_traits = old
        .get("traits")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let new_traits = new
        .get("traits")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let trait_ids: BTreeSet<&String> = old_traits.keys().chain(new_traits.keys()).collect();
    for trait_id in trait_ids {
        let (before, after) = (old_traits.get(trait_id), new_traits.get(trait_id));
        if before == after {
            continue;
        }
        if trait_id == DOCUMENTATION {
            *docs_changed += 1;
            continue;
        }
        let change = match (before, after) {
            (None, _) => "+ trait",
            (_, None) => "- trait",
            _ => "~ trait",
        };
        lines.push(format!("{change} {trait_id} on {id}"));
    }
}

fn keys(value: &Value) -> impl Iterator<Item = &String> {
    value
        .as_object()
        .into_iter()
        .flat_map(|object| object.keys())
}

/// Members as written in the JSON AST: `members` of structures, unions and enums, `member` of lists,
/// `key` and `value` of maps.
fn members(shape: &Value) -> Vec<(&str, &Value)> {
    let mut out: Vec<(&str, &Value)> = shape
        .get("members")
        .and_then(Value::as_object)
        .map(|members| members.iter().map(|(name, m)| (name.as_str(), m)).collect())
        .unwrap_or_default();
    for name in ["member", "key", "value"] {
        if let Some(member) = shape.get(name) {
            out.push((name, member));
        }
    }
    out
}
