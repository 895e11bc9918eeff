//! Makes the model self-contained before slicing: `apply` blocks are folded into their targets and
//! mixins are copied into the shapes that use them, so the slice needs neither.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::ast::{self, Shapes};
use super::error::ImportError;

const MIXIN_TRAIT: &str = "smithy.api#mixin";

/// Folds `apply` shapes into their targets and resolves all mixins; mixin shapes stay in the map
/// (unreferenced after this) and `apply` shapes are removed.
pub fn flatten(shapes: &mut Shapes) -> Result<(), ImportError> {
    let applies = take_applies(shapes);
    // Applied traits on a mixin's members must reach the shapes using the mixin, so apply what
    // can be applied first; traits on members that only exist through a mixin wait until after.
    let mut pending = Vec::new();
    for (target, traits) in applies {
        if !apply_traits(shapes, &target, &traits) {
            pending.push((target, traits));
        }
    }
    resolve_mixins(shapes)?;
    for (target, traits) in pending {
        if !apply_traits(shapes, &target, &traits) {
            return Err(ImportError::ApplyTarget { target });
        }
    }
    Ok(())
}

fn take_applies(shapes: &mut Shapes) -> Vec<(String, Map<String, Value>)> {
    let ids: Vec<String> = shapes
        .iter()
        .filter(|(_, shape)| ast::shape_type(shape) == "apply")
        .map(|(id, _)| id.clone())
        .collect();
    ids.into_iter()
        .filter_map(|id| {
            let shape = shapes.shift_remove(&id)?;
            let traits = shape
                .get("traits")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            Some((id, traits))
        })
        .collect()
}

/// Returns false when the target shape or member does not exist (yet).
fn apply_traits(shapes: &mut Shapes, target: &str, traits: &Map<String, Value>) -> bool {
    let (shape_id, member) = ast::split_member_id(target);
    let Some(shape) = shapes.get_mut(shape_id) else {
        return false;
    };
    let node = match member {
        Some(member) => match ast::member_mut(shape, member) {
            Some(node) => node,
            None => return false,
        },
        None => shape,
    };
    match ast::traits_mut(node) {
        Some(existing) => {
            for (id, value) in traits {
                existing.insert(id.clone(), value.clone());
            }
            true
        }
        None => false,
    }
}

fn resolve_mixins(shapes: &mut Shapes) -> Result<(), ImportError> {
    let with_mixins: Vec<String> = shapes
        .iter()
        .filter(|(_, shape)| shape.get("mixins").is_some())
        .map(|(id, _)| id.clone())
        .collect();
    for id in with_mixins {
        let mut visiting = BTreeSet::new();
        resolve_one(shapes, &id, &mut visiting)?;
    }
    Ok(())
}

/// Resolves the mixins of `id` (depth first) and stores the flattened shape back.
fn resolve_one(
    shapes: &mut Shapes,
    id: &str,
    visiting: &mut BTreeSet<String>,
) -> Result<(), ImportError> {
    let Some(shape) = shapes.get(id) else {
        return Err(ImportError::Model {
            message: format!("mixin `{id}` is not defined"),
        });
    };
    let Some(mixins) = shape.get("mixins").and_then(Value::as_array) else {
        return Ok(());
    };
    if !visiting.insert(id.to_string()) {
        return Err(ImportError::MixinCycle {
            shape: id.to_string(),
        });
    }
    let mixin_ids: Vec<String> = mixins
        .iter()
        .filter_map(ast::target)
        .map(str::to_string)
        .collect();
    for mixin in &mixin_ids {
        if !shapes.contains_key(mixin) {
            return Err(ImportError::MissingTarget {
                shape: id.to_string(),
                target: mixin.clone(),
            });
        }
        resolve_one(shapes, mixin, visiting)?;
    }
    visiting.remove(id);

    let mut merged = Value::Object(Map::new());
    for mixin in &mixin_ids {
        if let Some(mixin_shape) = shapes.get(mixin) {
            merge_from_mixin(&mut merged, mixin_shape);
        }
    }
    let local = shapes.get(id).cloned().unwrap_or(Value::Null);
    merge_local(&mut merged, &local);
    shapes.insert(id.to_string(), merged);
    Ok(())
}

/// Copies what a (resolved) mixin contributes: everything but its `mixin` trait and local traits.
fn merge_from_mixin(into: &mut Value, mixin: &Value) {
    let local_traits: BTreeSet<&str> = mixin
        .pointer("/traits/smithy.api#mixin/localTraits")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut inherited = mixin.clone();
    if let Some(traits) = inherited.get_mut("traits").and_then(Value::as_object_mut) {
        traits.retain(|trait_id, _| {
            trait_id != MIXIN_TRAIT && !local_traits.contains(trait_id.as_str())
        });
    }
    merge_shape(into, &inherited);
}

/// Local definitions win over inherited ones; `mixins` itself disappears.
fn merge_local(into: &mut Value, local: &Value) {
    let mut local = local.clone();
    if let Some(object) = local.as_object_mut() {
        object.shift_remove("mixins");
    }
    merge_shape(into, &local);
}

fn merge_shape(into: &mut Value, from: &Value) {
    let (Some(into), Some(from)) = (into.as_object_mut(), from.as_object()) else {
        return;
    };
    for (key, value) in from {
        match key.as_str() {
            "traits" => merge_objects(into, key, value),
            "members" => merge_members(into, value),
            "member" | "key" | "value" => merge_member(into, key, value),
            "errors" | "operations" | "resources" => merge_target_lists(into, key, value),
            _ => {
                into.insert(key.clone(), value.clone());
            }
        }
    }
}

fn merge_objects(into: &mut Map<String, Value>, key: &str, value: &Value) {
    let entry = into
        .entry(key.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if let (Some(entry), Some(value)) = (entry.as_object_mut(), value.as_object()) {
        for (k, v) in value {
            entry.insert(k.clone(), v.clone());
        }
    }
}

fn merge_members(into: &mut Map<String, Value>, members: &Value) {
    let Some(members) = members.as_object() else {
        return;
    };
    let entry = into
        .entry("members".to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(entry) = entry.as_object_mut() {
        for (name, member) in members {
            merge_member(entry, name, member);
        }
    }
}

/// A member redeclared locally keeps the inherited target and adds or overrides traits.
fn merge_member(into: &mut Map<String, Value>, name: &str, member: &Value) {
    match into.get_mut(name) {
        Some(existing) => {
            if let (Some(existing), Some(member)) = (existing.as_object_mut(), member.as_object()) {
                for (key, value) in member {
                    if key == "traits" {
                        merge_objects(existing, key, value);
                    } else if !existing.contains_key(key) {
                        existing.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        None => {
            into.insert(name.to_string(), member.clone());
        }
    }
}

fn merge_target_lists(into: &mut Map<String, Value>, key: &str, value: &Value) {
    let entry = into
        .entry(key.to_string())
        .or_insert_with(|| Value::Array(Vec::new()));
    if let (Some(entry), Some(value)) = (entry.as_array_mut(), value.as_array()) {
        for item in value {
            if !entry.contains(item) {
                entry.push(item.clone());
            }
        }
    }
}
