//! Finds the service, the operations bound to it (directly or through resources) and the closure of
//! shapes that the selected operations reach.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::ast::{self, Shapes};
use super::error::ImportError;
use super::suggest::near_matches;

/// An operation bound to the service; `resource` is set when upstream binds it through a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundOperation {
    pub id: String,
    pub resource: Option<String>,
}

/// The single service shape of the model.
pub fn find_service(shapes: &Shapes) -> Result<(String, Value), ImportError> {
    let mut services = shapes
        .iter()
        .filter(|(_, shape)| ast::shape_type(shape) == "service");
    match (services.next(), services.next()) {
        (Some((id, shape)), None) => Ok((id.clone(), shape.clone())),
        (None, _) => Err(ImportError::Model {
            message: "no service shape".to_string(),
        }),
        (Some((first, _)), Some((second, _))) => Err(ImportError::Model {
            message: format!(
                "more than one service shape (`{first}`, `{second}`); import expects one per file"
            ),
        }),
    }
}

/// Every operation bound to the service, keyed by local name.
pub fn bound_operations(shapes: &Shapes, service: &Value) -> BTreeMap<String, BoundOperation> {
    let mut out = BTreeMap::new();
    for id in target_list(service, "operations") {
        out.insert(
            ast::local_name(&id).to_string(),
            BoundOperation { id, resource: None },
        );
    }
    let mut seen = BTreeSet::new();
    let mut resources = target_list(service, "resources");
    while let Some(resource_id) = resources.pop() {
        if !seen.insert(resource_id.clone()) {
            continue;
        }
        let Some(resource) = shapes.get(&resource_id) else {
            continue;
        };
        let single = ["create", "put", "read", "update", "delete", "list"];
        let mut operations: Vec<String> = single
            .iter()
            .filter_map(|key| resource.get(*key).and_then(ast::target))
            .map(str::to_string)
            .collect();
        operations.extend(target_list(resource, "operations"));
        operations.extend(target_list(resource, "collectionOperations"));
        for id in operations {
            let resource = Some(resource_id.clone());
            out.entry(ast::local_name(&id).to_string())
                .or_insert(BoundOperation { id, resource });
        }
        resources.extend(target_list(resource, "resources"));
    }
    out
}

fn target_list(shape: &Value, key: &str) -> Vec<String> {
    shape
        .get(key)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(ast::target)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Resolves requested names (local names, or full shape ids) to bound operations, in request
/// order without duplicates.
pub fn select_operations(
    bound: &BTreeMap<String, BoundOperation>,
    service_id: &str,
    requested: &[String],
) -> Result<Vec<BoundOperation>, ImportError> {
    if requested.is_empty() {
        return Err(ImportError::NoOperations);
    }
    let mut selected: Vec<BoundOperation> = Vec::new();
    for name in requested {
        let found = bound
            .get(name.as_str())
            .or_else(|| bound.values().find(|op| op.id == *name));
        let Some(operation) = found else {
            let candidates: Vec<&str> = bound.keys().map(String::as_str).collect();
            return Err(ImportError::UnknownOperation {
                name: name.clone(),
                service: service_id.to_string(),
                near: near_matches(name, &candidates),
            });
        };
        if !selected.contains(operation) {
            selected.push(operation.clone());
        }
    }
    Ok(selected)
}

/// All non-prelude shapes reachable from `roots` through input, output, errors and member targets.
pub fn closure<'a>(
    shapes: &Shapes,
    roots: impl IntoIterator<Item = &'a str>,
) -> Result<BTreeSet<String>, ImportError> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<(String, String)> = roots
        .into_iter()
        .map(|id| (id.to_string(), id.to_string()))
        .collect();
    while let Some((id, referrer)) = stack.pop() {
        if ast::is_prelude(&id) || seen.contains(&id) {
            continue;
        }
        let Some(shape) = shapes.get(&id) else {
            return Err(ImportError::MissingTarget {
                shape: referrer,
                target: id,
            });
        };
        seen.insert(id.clone());
        for target in ast::references(shape) {
            stack.push((target.to_string(), id.clone()));
        }
    }
    Ok(seen)
}
