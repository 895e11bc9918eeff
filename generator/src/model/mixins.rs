//! Mixin flattening: a shape gets its mixins' members (first, in mixin order) and their traits (its own win).
//! Mixin shapes stay in the model (marked by `smithy.api#mixin`) but are never generated.
use super::ast::{Model, Shape};
use super::shape_id::ShapeId;
use crate::error::Diagnostic;
use std::collections::BTreeSet;

const MIXIN_TRAIT: &str = "smithy.api#mixin";

pub fn flatten(model: &mut Model, problems: &mut Vec<Diagnostic>) {
    let ids: Vec<ShapeId> = model.shapes.keys().cloned().collect();
    let mut done = BTreeSet::new();
    for id in ids {
        let mut stack = Vec::new();
        flatten_one(model, &id, &mut done, &mut stack, problems);
    }
}

fn flatten_one(
    model: &mut Model,
    id: &ShapeId,
    done: &mut BTreeSet<ShapeId>,
    stack: &mut Vec<ShapeId>,
    problems: &mut Vec<Diagnostic>,
) {
    if done.contains(id) {
        return;
    }
    if stack.contains(id) {
        problems.push(Diagnostic::at_shape(id, "mixins form a cycle"));
        return;
    }
    let Some(mixins) = model.shapes.get(id).map(|s| s.mixins.clone()) else { return };
    stack.push(id.clone());
    let mut inherited_members = Vec::new();
    let mut inherited_traits = super::ast::Traits::default();
    for mixin_id in &mixins {
        flatten_one(model, mixin_id, done, stack, problems);
        let Some(mixin) = model.shapes.get(mixin_id) else {
            problems.push(Diagnostic::at_shape(id, format!("mixin `{mixin_id}` does not exist")));
            continue;
        };
        if !mixin.traits.has(MIXIN_TRAIT) {
            problems.push(Diagnostic::at_shape(id, format!("`{mixin_id}` is used as a mixin but has no @mixin trait")));
        }
        let local_only = mixin_local_traits(mixin);
        for (k, v) in &mixin.traits.0 {
            if k != MIXIN_TRAIT && !local_only.contains(k) {
                inherited_traits.0.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        for m in &mixin.members {
            if !inherited_members.iter().any(|x: &super::ast::Member| x.name == m.name) {
                inherited_members.push(m.clone());
            }
        }
    }
    stack.pop();
    done.insert(id.clone());
    if let Some(shape) = model.shapes.get_mut(id) {
        shape.traits.merge(&inherited_traits, false);
        // Members redeclared locally keep their position among the inherited ones and add their traits.
        let own = std::mem::take(&mut shape.members);
        let mut members = inherited_members;
        for m in own {
            match members.iter_mut().find(|x| x.name == m.name) {
                Some(existing) => existing.traits.merge(&m.traits, true),
                None => members.push(m),
            }
        }
        shape.members = members;
        shape.mixins.clear();
    }
}

/// `@mixin(localTraits: [...])`: traits of the mixin that are not inherited.
fn mixin_local_traits(mixin: &Shape) -> Vec<String> {
    mixin
        .traits
        .get(MIXIN_TRAIT)
        .and_then(|v| v.get("localTraits"))
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}
