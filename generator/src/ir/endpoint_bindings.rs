//! What each operation binds to endpoint rule-set parameters: `smithy.rules#staticContextParams`,
//! `@contextParam` input members and `smithy.rules#operationContextParams` paths (type-checked over the input).
use super::lifecycle::{BindingSource, EndpointBinding};
use super::path_types::{member_type, Checker, PType};
use super::{Operation, Service};
use crate::endpoints::{ParamInfo, ParamKind};
use crate::error::Diagnostic;
use crate::model::Model;
use serde_json::Value;
use std::collections::BTreeMap;

const STATIC: &str = "smithy.rules#staticContextParams";
const CONTEXT: &str = "smithy.rules#contextParam";
const OPERATION_CONTEXT: &str = "smithy.rules#operationContextParams";

/// Per operation wire name, its bindings (operations that bind nothing are left out).
pub(crate) fn lower_bindings(
    model: &Model,
    svc: &Service,
    params: &[ParamInfo],
    checker: &mut Checker<'_, '_>,
) -> Result<BTreeMap<String, Vec<EndpointBinding>>, Vec<Diagnostic>> {
    let mut all = BTreeMap::new();
    let mut problems = Vec::new();
    for op in &svc.operations {
        let Some(shape) = model.shape(&op.id) else { continue };
        let mut bindings = Vec::new();
        let param = |name: &str| params.iter().find(|p| p.name == name);
        if let Some(statics) = shape.traits.get(STATIC).and_then(Value::as_object) {
            for (name, definition) in statics {
                let at = |m: String| Diagnostic::at_shape(&op.id, m).with_trait(STATIC);
                let (Some(p), Some(value)) = (param(name), definition.get("value")) else {
                    problems.push(at(format!("`{name}` is not a parameter of the endpoint rules, or has no `value`")));
                    continue;
                };
                if crate::endpoints::param_value(p, value).is_none() {
                    problems.push(at(format!("value {value} does not fit parameter `{name}` ({:?})", p.kind)));
                    continue;
                }
                bindings.push(EndpointBinding { param: p.clone(), source: BindingSource::Static(value.clone()) });
            }
        }
        for (member, param_name) in context_members(model, op) {
            let at = |m: String| Diagnostic::at_shape(format!("{}${member}", op.input.id), m).with_trait(CONTEXT);
            let (Some(p), Some(field)) = (param(&param_name), op.input.fields.iter().find(|f| f.wire_name == member)) else {
                problems.push(at(format!("names `{param_name}`, which is not a parameter of the endpoint rules")));
                continue;
            };
            match member_type(&field.ty) {
                Ok(ty) if fits(p.kind, &ty) => {
                    checker.note_ty(&field.ty);
                    bindings.push(EndpointBinding { param: p.clone(), source: BindingSource::Member(field.rust_name.clone()) });
                }
                _ => problems.push(at(format!("the member's type cannot bind {:?} parameter `{param_name}`", p.kind))),
            }
        }
        if let Some(paths) = shape.traits.get(OPERATION_CONTEXT).and_then(Value::as_object) {
            for (name, definition) in paths {
                let at = |m: String| Diagnostic::at_shape(&op.id, m).with_trait(OPERATION_CONTEXT);
                let (Some(p), Some(path)) = (param(name), definition.get("path").and_then(Value::as_str)) else {
                    problems.push(at(format!("`{name}` is not a parameter of the endpoint rules, or has no `path`")));
                    continue;
                };
                match checker.check_path(path, &PType::Struct(op.input.path.clone())) {
                    Ok(ty) if fits(p.kind, &ty) => {
                        bindings.push(EndpointBinding { param: p.clone(), source: BindingSource::Path(path.to_string()) })
                    }
                    Ok(ty) => problems.push(at(format!(
                        "path `{path}` gives {}, which cannot bind {:?} parameter `{name}`",
                        ty.describe(checker.shapes),
                        p.kind
                    ))),
                    Err(message) => problems.push(at(message)),
                }
            }
        }
        if !bindings.is_empty() {
            all.insert(op.wire_name.clone(), bindings);
        }
    }
    if problems.is_empty() {
        Ok(all)
    } else {
        Err(problems)
    }
}

/// `(member name, parameter name)` of the input members with `@contextParam`.
fn context_members(model: &Model, op: &Operation) -> Vec<(String, String)> {
    let Some(input) = model.shape(&op.input.id) else { return Vec::new() };
    input
        .members
        .iter()
        .filter_map(|m| {
            let name = m.traits.get(CONTEXT)?.get("name")?.as_str()?;
            Some((m.name.clone(), name.to_string()))
        })
        .collect()
}

/// Whether a value of path type `ty` can set a parameter of `kind`.
fn fits(kind: ParamKind, ty: &PType) -> bool {
    let stringish = |t: &PType| matches!(t, PType::String | PType::Enum(_) | PType::Any);
    match kind {
        ParamKind::String => stringish(ty),
        ParamKind::Boolean => matches!(ty, PType::Bool | PType::Any),
        ParamKind::StringArray => match ty {
            PType::List(inner) => stringish(inner),
            PType::Any => true,
            _ => false,
        },
    }
}
