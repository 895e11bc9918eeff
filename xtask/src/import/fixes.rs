//! Deliberate corrections of upstream models, kept as data in `models/fixes.json` and re-applied
//! (and re-checked) on every import.
//!
//! File format: `{"fixes": [{"shape": "<shape id or shape$member>", "what": {...}, "why": "..."}]}`
//! where `what` is one of
//! - `{"addTrait": "<trait id>", "value": <trait value>}`
//! - `{"setTraitField": "<trait id>", "field": "<name>", "from": <upstream value>, "to": <our value>}`

use std::collections::BTreeMap;

use generator::model::{Model, ShapeId};
use serde_json::Value;

use super::error::ImportError;

#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub shape: String,
    pub change: Change,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    AddTrait {
        trait_id: String,
        value: Value,
    },
    SetTraitField {
        trait_id: String,
        field: String,
        from: Value,
        to: Value,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixOutcome {
    Applied,
    /// Upstream already says what the fix says: the entry can be deleted.
    AlreadyUpstream,
    /// The target exists upstream but the selected operations do not reach it.
    NotInSlice,
}

pub fn parse_fixes(value: &Value, path: &str) -> Result<Vec<Fix>, ImportError> {
    let invalid = |message: String| ImportError::Json {
        path: path.to_string(),
        message,
    };
    let entries = value
        .get("fixes")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("expected {\"fixes\": [...]}".to_string()))?;
    entries
        .iter()
        .enumerate()
        .map(|(index, entry)| parse_fix(entry).map_err(|m| invalid(format!("fixes[{index}]: {m}"))))
        .collect()
}

fn parse_fix(entry: &Value) -> Result<Fix, String> {
    let text = |key: &str| {
        entry
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or(format!("missing string `{key}`"))
    };
    let shape = text("shape")?;
    let why = text("why")?;
    let what = entry
        .get("what")
        .and_then(Value::as_object)
        .ok_or("missing object `what`")?;
    let field = |key: &str| {
        what.get(key)
            .cloned()
            .ok_or(format!("`what` lacks `{key}`"))
    };
    let change = if let Some(trait_id) = what.get("addTrait").and_then(Value::as_str) {
        Change::AddTrait {
            trait_id: trait_id.to_string(),
            value: field("value")?,
        }
    } else if let Some(trait_id) = what.get("setTraitField").and_then(Value::as_str) {
        let name = what
            .get("field")
            .and_then(Value::as_str)
            .ok_or("`what` lacks string `field`")?;
        Change::SetTraitField {
            trait_id: trait_id.to_string(),
            field: name.to_string(),
            from: field("from")?,
            to: field("to")?,
        }
    } else {
        return Err("`what` must hold `addTrait` or `setTraitField`".to_string());
    };
    Ok(Fix { shape, change, why })
}

/// Applies the fixes of the service's namespace to the slice. A target missing upstream or an
/// upstream value the fix does not expect is an error, so a fix never silently stops applying.
pub fn apply_fixes(
    fixes: &[Fix],
    upstream: &Model,
    slice: &mut Model,
    namespace: &str,
) -> Result<Vec<(String, FixOutcome)>, ImportError> {
    let mut outcomes = Vec::new();
    for fix in fixes.iter().filter(|fix| namespace_of(&fix.shape) == namespace) {
        let error = |message: String| ImportError::Fix {
            shape: fix.shape.clone(),
            message,
        };
        if traits_of(upstream, &fix.shape).is_none() {
            return Err(error(
                "the target no longer exists in the upstream model".to_string(),
            ));
        }
        let Some(traits) = traits_mut(slice, &fix.shape) else {
            outcomes.push((fix.shape.clone(), FixOutcome::NotInSlice));
            continue;
        };
        let outcome = apply_change(&fix.change, traits).map_err(error)?;
        outcomes.push((fix.shape.clone(), outcome));
    }
    Ok(outcomes)
}

fn apply_change(change: &Change, traits: &mut BTreeMap<String, Value>) -> Result<FixOutcome, String> {
    match change {
        Change::AddTrait { trait_id, value } => match traits.get(trait_id) {
            None => {
                traits.insert(trait_id.clone(), value.clone());
                Ok(FixOutcome::Applied)
            }
            Some(existing) if existing == value => Ok(FixOutcome::AlreadyUpstream),
            Some(existing) => Err(format!(
                "upstream now has `{trait_id}` = {existing}; review the fix"
            )),
        },
        Change::SetTraitField {
            trait_id,
            field,
            from,
            to,
        } => {
            let object = traits
                .get_mut(trait_id)
                .and_then(Value::as_object_mut)
                .ok_or(format!("the target no longer has trait `{trait_id}`"))?;
            match object.get(field) {
                Some(current) if current == to => Ok(FixOutcome::AlreadyUpstream),
                Some(current) if current == from => {
                    object.insert(field.clone(), to.clone());
                    Ok(FixOutcome::Applied)
                }
                current => Err(format!(
                    "`{trait_id}`.{field} upstream is {}, the fix expects {from}; review the fix",
                    current.map_or("absent".to_string(), Value::to_string)
                )),
            }
        }
    }
}

/// `ns#Shape` -> `ns` (also for `ns#Shape$member`).
fn namespace_of(id: &str) -> &str {
    id.split_once('#').map_or(id, |(namespace, _)| namespace)
}

/// The traits of the shape or member (`ns#Shape$member`) that `id` names, when it exists.
fn traits_of<'a>(model: &'a Model, id: &str) -> Option<&'a BTreeMap<String, Value>> {
    let (shape_id, member) = split_member_id(id)?;
    let shape = model.shape(&shape_id)?;
    match member {
        Some(member) => shape.member(member).map(|m| &m.traits.0),
        None => Some(&shape.traits.0),
    }
}

fn traits_mut<'a>(model: &'a mut Model, id: &str) -> Option<&'a mut BTreeMap<String, Value>> {
    let (shape_id, member) = split_member_id(id)?;
    let shape = model.shapes.get_mut(&shape_id)?;
    match member {
        Some(member) => shape
            .members
            .iter_mut()
            .find(|m| m.name == member)
            .map(|m| &mut m.traits.0),
        None => Some(&mut shape.traits.0),
    }
}

/// Splits `ns#Shape$member` into the shape id and the member name; `None` when the shape id is invalid.
pub fn split_member_id(id: &str) -> Option<(ShapeId, Option<&str>)> {
    let (shape, member) = match id.split_once('$') {
        Some((shape, member)) => (shape, Some(member)),
        None => (id, None),
    };
    Some((ShapeId::parse(shape).ok()?, member))
}
