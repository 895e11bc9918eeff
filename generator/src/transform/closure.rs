//! The closure of what one service generates: its selected operations (bound directly or through resources,
//! lifecycle operations included) and every shape they reach.
use crate::error::Diagnostic;
use crate::model::{Model, Shape, ShapeId, ShapeKind};
use std::collections::BTreeSet;

pub struct Closure {
    /// Operations in a stable (id) order.
    pub operations: Vec<ShapeId>,
    /// Every shape reached from the operations' inputs, outputs and errors (prelude included).
    pub shapes: BTreeSet<ShapeId>,
}

/// All operations of a service, through resources too.
pub fn service_operations(model: &Model, service: &Shape) -> BTreeSet<ShapeId> {
    let mut ops = BTreeSet::new();
    let mut seen_resources = BTreeSet::new();
    collect_ops(model, service, &mut ops, &mut seen_resources);
    ops
}

fn collect_ops(model: &Model, container: &Shape, ops: &mut BTreeSet<ShapeId>, seen: &mut BTreeSet<ShapeId>) {
    let b = &container.bindings;
    ops.extend(b.operations.iter().cloned());
    ops.extend(b.lifecycle.iter().cloned());
    for r in &b.resources {
        if seen.insert(r.clone()) {
            if let Some(res) = model.shape(r) {
                collect_ops(model, res, ops, seen);
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
        Ok(Closure { operations, shapes })
    }
}
