//! The project's own documentation, kept in `models/docs/<service>.json` and merged into the slice
//! as `smithy.api#documentation` traits.
//!
//! File format: `{"shapes": {"<shape id>" | "<shape id>$<member>": "text"}, "endpointParameters":
//! {"<parameter>": "text"}}`.

use std::collections::{BTreeMap, BTreeSet};

use generator::model::{Model, ShapeId, ShapeKind};
use serde_json::Value;

use super::error::ImportError;
use super::fixes::split_member_id;

const DOCUMENTATION: &str = "smithy.api#documentation";
const RULE_SET: &str = "smithy.rules#endpointRuleSet";

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocsFile {
    pub shapes: BTreeMap<String, String>,
    pub endpoint_parameters: BTreeMap<String, String>,
}

/// What merging the docs did: `stale` names entries whose target is not in the slice, `missing`
/// names slice items that should be documented and are not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocsReport {
    pub applied: usize,
    pub stale: Vec<String>,
    pub missing: Vec<String>,
}

impl DocsFile {
    pub fn parse(value: &Value, path: &str) -> Result<DocsFile, ImportError> {
        let invalid = |message: String| ImportError::Json {
            path: path.to_string(),
            message,
        };
        let object = value
            .as_object()
            .ok_or_else(|| invalid("expected a JSON object".to_string()))?;
        for key in object.keys() {
            if key != "shapes" && key != "endpointParameters" {
                return Err(invalid(format!(
                    "unknown key `{key}` (expected `shapes`, `endpointParameters`)"
                )));
            }
        }
        Ok(DocsFile {
            shapes: string_map(object.get("shapes"), "shapes").map_err(invalid)?,
            endpoint_parameters: string_map(object.get("endpointParameters"), "endpointParameters")
                .map_err(invalid)?,
        })
    }
}

fn string_map(value: Option<&Value>, what: &str) -> Result<BTreeMap<String, String>, String> {
    let Some(value) = value else {
        return Ok(BTreeMap::new());
    };
    let object = value
        .as_object()
        .ok_or_else(|| format!("`{what}` must be an object of strings"))?;
    object
        .iter()
        .map(|(key, text)| match text.as_str() {
            Some(text) => Ok((key.clone(), text.to_string())),
            None => Err(format!("`{what}.{key}` must be a string")),
        })
        .collect()
}

/// Ids that must carry our documentation: the service, the selected operations, their input and
/// output structures with every member, every error structure and every enum shape.
pub fn required_ids(slice: &Model, service_id: &ShapeId, operations: &[ShapeId]) -> BTreeSet<String> {
    let mut ids = BTreeSet::from([service_id.to_string()]);
    for operation_id in operations {
        ids.insert(operation_id.to_string());
        let Some(operation) = slice.shape(operation_id) else {
            continue;
        };
        let io = operation.operation.input.iter().chain(&operation.operation.output);
        for id in io.filter(|id| !id.is_prelude()) {
            let Some(shape) = slice.shape(id) else {
                continue;
            };
            ids.insert(id.to_string());
            ids.extend(shape.members.iter().map(|member| id.member(&member.name)));
        }
    }
    for shape in slice.shapes.values() {
        if shape.is_error() || matches!(shape.kind, ShapeKind::Enum | ShapeKind::IntEnum) {
            ids.insert(shape.id.to_string());
        }
    }
    ids
}

/// Writes the docs into the slice and reports stale and missing entries.
pub fn merge(
    slice: &mut Model,
    service_id: &ShapeId,
    docs: &DocsFile,
    required: &BTreeSet<String>,
) -> DocsReport {
    let mut report = DocsReport::default();
    for (id, text) in &docs.shapes {
        if set_shape_doc(slice, id, text) {
            report.applied += 1;
        } else {
            report.stale.push(id.clone());
        }
    }
    report.missing.extend(
        required
            .iter()
            .filter(|id| !docs.shapes.contains_key(*id))
            .cloned(),
    );

    let parameters = slice
        .shapes
        .get_mut(service_id)
        .and_then(|service| service.traits.0.get_mut(RULE_SET))
        .and_then(|rule_set| rule_set.get_mut("parameters"))
        .and_then(Value::as_object_mut);
    if let Some(parameters) = parameters {
        for (name, parameter) in parameters.iter_mut() {
            match (
                docs.endpoint_parameters.get(name),
                parameter.as_object_mut(),
            ) {
                (Some(text), Some(parameter)) => {
                    parameter.insert("documentation".to_string(), Value::String(text.clone()));
                    report.applied += 1;
                }
                _ => report.missing.push(format!("endpointParameters.{name}")),
            }
        }
        let stale = docs
            .endpoint_parameters
            .keys()
            .filter(|name| !parameters.contains_key(*name));
        report
            .stale
            .extend(stale.map(|name| format!("endpointParameters.{name}")));
    } else {
        report.stale.extend(
            docs.endpoint_parameters
                .keys()
                .map(|name| format!("endpointParameters.{name}")),
        );
    }
    report
}

fn set_shape_doc(slice: &mut Model, id: &str, text: &str) -> bool {
    let Some((shape_id, member)) = split_member_id(id) else {
        return false;
    };
    let Some(shape) = slice.shapes.get_mut(&shape_id) else {
        return false;
    };
    let traits = match member {
        Some(member) => match shape.members.iter_mut().find(|m| m.name == member) {
            Some(member) => &mut member.traits,
            None => return false,
        },
        None => &mut shape.traits,
    };
    traits
        .0
        .insert(DOCUMENTATION.to_string(), Value::String(text.to_string()));
    true
}
