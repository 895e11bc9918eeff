//! Members that must be boxed: a structure or union member whose target can reach the member's container again
//! through structure/union members alone (a list or map in between already gives indirection through `Vec`).
use crate::model::{Model, ShapeId, ShapeKind};
use std::collections::{BTreeMap, BTreeSet};

pub fn boxed_members(model: &Model, shapes: &BTreeSet<ShapeId>) -> BTreeSet<(ShapeId, String)> {
    let is_aggregate = |id: &ShapeId| {
        model.shape(id).is_some_and(|s| matches!(s.kind, ShapeKind::Structure | ShapeKind::Union))
    };
    let mut edges: BTreeMap<&ShapeId, Vec<(&str, &ShapeId)>> = BTreeMap::new();
    for id in shapes.iter().filter(|id| is_aggregate(id)) {
        if let Some(shape) = model.shape(id) {
            for m in shape.members.iter().filter(|m| is_aggregate(&m.target)) {
                edges.entry(id).or_default().push((&m.name, &m.target));
            }
        }
    }
    let mut boxed = BTreeSet::new();
    for (from, targets) in &edges {
        for (member, to) in targets {
            if reaches(&edges, to, from) {
                boxed.insert(((*from).clone(), member.to_string()));
            }
        }
    }
    boxed
}

fn reaches(edges: &BTreeMap<&ShapeId, Vec<(&str, &ShapeId)>>, from: &ShapeId, goal: &ShapeId) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(at) = stack.pop() {
        if at == goal {
            return true;
        }
        if seen.insert(at) {
            stack.extend(edges.get(at).into_iter().flatten().map(|(_, t)| *t));
        }
    }
    false
}
