//! Which operations a slice holds: requested names resolved against the operations the service binds (through
//! the generator's `transform::bound_operations`, the same binding rules code generation uses).

use generator::model::{Model, Shape, ShapeId};
use generator::transform::bound_operations;

use super::error::ImportError;
use super::suggest::near_matches;

/// An operation bound to the service; `resource` is set when upstream binds it through a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoundOperation {
    pub id: ShapeId,
    pub resource: Option<ShapeId>,
}

/// Resolves requested names (local names such as `StartCopyJob`, or full shape ids) to bound operations, in
/// request order without duplicates.
pub fn select_operations(
    model: &Model,
    service: &Shape,
    requested: &[String],
) -> Result<Vec<BoundOperation>, ImportError> {
    if requested.is_empty() {
        return Err(ImportError::NoOperations);
    }
    let bound = bound_operations(model, service);
    let mut selected: Vec<BoundOperation> = Vec::new();
    for name in requested {
        let found = bound
            .iter()
            .find(|(id, _)| id.name() == name || id.to_string() == *name);
        let Some((id, resource)) = found else {
            let candidates: Vec<&str> = bound.keys().map(ShapeId::name).collect();
            return Err(ImportError::UnknownOperation {
                name: name.clone(),
                service: service.id.to_string(),
                near: near_matches(name, &candidates),
            });
        };
        let operation = BoundOperation {
            id: id.clone(),
            resource: resource.clone(),
        };
        if !selected.contains(&operation) {
            selected.push(operation);
        }
    }
    Ok(selected)
}

/// The single service shape of the model.
pub fn find_service(model: &Model) -> Result<&Shape, ImportError> {
    let mut services = model.services();
    match (services.next(), services.next()) {
        (Some(service), None) => Ok(service),
        (None, _) => Err(ImportError::Model {
            message: "no service shape".to_string(),
        }),
        (Some(first), Some(second)) => Err(ImportError::Model {
            message: format!(
                "more than one service shape (`{}`, `{}`); import expects one per file",
                first.id, second.id
            ),
        }),
    }
}
