//! Mixin flattening: a shape gets its mixins' members (first, in mixin order) and their traits (its own win).
//! Mixin shapes stay in the model (marked by `smithy.api#mixin`) but are never generated.
use super::ast::{Model, Shape};
use super::shape_id::ShapeId;
use crate::error::Diagnostic;
use std::collections::{BTreeSet, HashMap};

const MIXIN_TRAIT: &str = "smithy.api#mixin";

pub fn flatten(model: &mut Model, problems: &mut Vec<Diagnostic>) {
    let ids: Vec<ShapeId> = model.shapes.values().filter(|s| !s.mixins.is_empty()).map(|s| s.id.clone()).collect();
    let mut done = BTreeSet::new();
    for id in ids {
        flatten_from(model, id, &mut done, problems);
    }
}

/// Flattens `root` after its mixins, depth first with an explicit stack (a chain of 100,000 mixins costs no call
/// stack); `path` holds the shapes being flattened, so a mixin met again on it is a cycle.
fn flatten_from(model: &mut Model, root: ShapeId, done: &mut BTreeSet<ShapeId>, problems: &mut Vec<Diagnostic>) {
    let mut path: Vec<(ShapeId, usize)> = vec![(root, 0)];
    let mut on_path: BTreeSet<ShapeId> = path.iter().map(|(id, _)| id.clone()).collect();
    while let Some((id, next)) = path.last_mut() {
        if done.contains(id) {
            let id = id.clone();
            on_path.remove(&id);
            path.pop();
            continue;
        }
        let mixin = model.shapes.get(id).and_then(|s| s.mixins.get(*next)).cloned();
        *next += 1;
        match mixin {
            Some(m) if on_path.contains(&m) => {
                problems.push(Diagnostic::at_shape(&m, "mixins form a cycle"));
                done.insert(m);
            }
            Some(m) if done.contains(&m) || !model.shapes.contains_key(&m) => {}
            Some(m) => {
                on_path.insert(m.clone());
                path.push((m, 0));
            }
            None => {
                let id = id.clone();
                merge_mixins(model, &id, problems);
                on_path.remove(&id);
                done.insert(id);
                path.pop();
            }
        }
    }
}

/// Gives `id` its (already flattened) mixins' members and traits. Linear in members: a structure of 100,000
/// members no longer compares each with every other.
fn merge_mixins(model: &mut Model, id: &ShapeId, problems: &mut Vec<Diagnostic>) {
    let Some(mixins) = model.shapes.get(id).map(|s| s.mixins.clone()) else { return };
    if mixins.is_empty() {
        return;
    }
    let mut inherited_members: Vec<super::ast::Member> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    let mut inherited_traits = super::ast::Traits::default();
    for mixin_id in &mixins {
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
            if !position.contains_key(&m.name) {
                position.insert(m.name.clone(), inherited_members.len());
                inherited_members.push(m.clone());
            }
        }
    }
    if let Some(shape) = model.shapes.get_mut(id) {
        shape.traits.merge(&inherited_traits, false);
        // Members redeclared locally keep their position among the inherited ones and add their traits.
        let own = std::mem::take(&mut shape.members);
        let mut members = inherited_members;
        for m in own {
            match position.get(&m.name) {
                Some(&at) => members[at].traits.merge(&m.traits, true),
                None => {
                    position.insert(m.name.clone(), members.len());
                    members.push(m);
                }
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
