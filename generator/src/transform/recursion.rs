//! Members that must be boxed: a structure or union member whose target can reach the member's container again
//! through structure/union members alone (a list or map in between already gives indirection through `Vec`).
//! That is exactly a member whose container and target share a strongly connected component of the
//! structure/union member graph, found in one linear pass (a search per member was quadratic on long chains).
use crate::graph::components;
use crate::model::{Model, ShapeId, ShapeKind};
use std::collections::{BTreeMap, BTreeSet};

pub fn boxed_members(model: &Model, shapes: &BTreeSet<ShapeId>) -> BTreeSet<(ShapeId, String)> {
    let is_aggregate = |id: &ShapeId| {
        model.shape(id).is_some_and(|s| matches!(s.kind, ShapeKind::Structure | ShapeKind::Union))
    };
    let nodes: Vec<&ShapeId> = shapes.iter().filter(|id| is_aggregate(id)).collect();
    let index: BTreeMap<&ShapeId, usize> = nodes.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    // Per node: (member name, target node) for members whose target is a generated structure or union.
    let members: Vec<Vec<(&str, usize)>> = nodes
        .iter()
        .map(|id| {
            model.shape(id).map_or_else(Vec::new, |shape| {
                shape.members.iter().filter_map(|m| Some((m.name.as_str(), *index.get(&m.target)?))).collect()
            })
        })
        .collect();
    let edges: Vec<Vec<usize>> = members.iter().map(|ms| ms.iter().map(|(_, t)| *t).collect()).collect();
    let component = components(&edges);
    let mut boxed = BTreeSet::new();
    for (from, ms) in members.iter().enumerate() {
        for (member, to) in ms {
            if component[from] == component[*to] {
                boxed.insert((nodes[from].clone(), member.to_string()));
            }
        }
    }
    boxed
}
