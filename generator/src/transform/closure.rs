//! The closure of what one service generates: its selected operations (bound directly or through resources,
//! lifecycle operations included) and every shape they reach.
use crate::error::Diagnostic;
use crate::model::{Model, Shape, ShapeId, ShapeKind};
use std::collections::{BTreeMap, BTreeSet};

pub struct Closure {
    /// Operations in a stable (id) order.
    pub operations: Vec<ShapeId>,
    /// Every shape reached from the operations' inputs, outputs and errors (prelude included).
    pub shapes: BTreeSet<ShapeId>,
}

/// All operations of a service, through resources too.
pub fn service_operations(model: &Model, service: &Shape) -> BTreeSet<ShapeId> {
    bound_operations(model, service).into_keys().collect()
}

/// Every operation of a service with the resource that binds it (`None` when the service binds it directly; the
/// first resource found, depth first in declaration order, when several do).
pub fn bound_operations(model: &Model, service: &Shape) -> BTreeMap<ShapeId, Option<ShapeId>> {
    let mut ops = BTreeMap::new();
    let mut seen_resources = BTreeSet::new();
    collect_ops(model, service, None, &mut ops, &mut seen_resources);
    ops
}

fn collect_ops(
    model: &Model,
    container: &Shape,
    resource: Option<&ShapeId>,
    ops: &mut BTreeMap<ShapeId, Option<ShapeId>>,
    seen: &mut BTreeSet<ShapeId>,
) {
    let b = &container.bindings;
    for op in b.operations.iter().chain(&b.lifecycle) {
        ops.entry(op.clone()).or_insert_with(|| resource.cloned());
    }
    for r in &b.resources {
        if seen.insert(r.clone()) {
            if let Some(res) = model.shape(r) {
                collect_ops(model, res, Some(r), ops, seen);
            }
        }
    }
}

impl Closure {
    /// `selection`: operation names to keep (`None` keeps all). Unknown names are reported.
    pub fn compute(model: &Model, service: &Shape, selection: Option<&[String]>) -> Result<Closure, Diagnostic> {
        let all = service_operations(model, service);
        let operations: Vec<ShapeId> = match selection {
            None => all.into_iter().collect(),
            Some(names) => {
                let chosen: Vec<ShapeId> = all.iter().filter(|id| names.iter().any(|n| n == id.name())).cloned().collect();
                if chosen.is_empty() {
                    return Err(Diagnostic::at_shape(
                        &service.id,
                        format!("none of the selected operations {names:?} belongs to this service"),
                    ));
                }
                chosen
            }
        };
        Ok(Closure::of_operations(model, service, operations))
    }

    /// The closure of the given operations (in the given order) and the service's errors.
    pub fn of_operations(model: &Model, service: &Shape, operations: Vec<ShapeId>) -> Closure {
        let mut shapes = BTreeSet::new();
        let mut stack: Vec<ShapeId> = Vec::new();
        for op in &operations {
            if let Some(shape) = model.shape(op) {
                stack.extend(shape.operation.input.iter().cloned());
                stack.extend(shape.operation.output.iter().cloned());
                stack.extend(shape.operation.errors.iter().cloned());
            }
        }
        stack.extend(service.bindings.errors.iter().cloned());
        while let Some(id) = stack.pop() {
            if !shapes.insert(id.clone()) {
                continue;
            }
            if let Some(shape) = model.shape(&id) {
                if shape.kind != ShapeKind::Enum {
                    stack.extend(shape.members.iter().map(|m| m.target.clone()));
                }
            }
        }
        Closure { operations, shapes }
    }
}
