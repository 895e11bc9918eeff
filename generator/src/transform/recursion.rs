//! Members that must be boxed: a structure or union member whose target can reach the member's container again
//! through structure/union members alone (a list or map in between already gives indirection through `Vec`).
//! That is exactly a member whose container and target share a strongly connected component of the
//! structure/union member graph, found in one linear pass (a search per member was quadratic on long chains).
//!
//! A long chain of structures nested by value is boxed too, every [`MAX_INLINE_DEPTH`] levels: rustc computes the
//! layout of a type (and of the futures holding it) by recursing through its fields, and a chain of 90 nested
//! optional structures exceeded its query depth limit ("queries overflow the depth limit"), so the crate did not
//! compile. Real models nest a few levels; their output does not change.
use crate::graph::components;
use crate::model::{Model, ShapeId, ShapeKind};
use std::collections::{BTreeMap, BTreeSet};

/// The most structures or unions nested by value (without a `Box`, `Vec` or map in between) inside one.
pub const MAX_INLINE_DEPTH: usize = 24;

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
    // What remains unboxed joins different components, so it is acyclic: a depth-first walk in post-order gives
    // each node its height (longest by-value chain below it), boxing the members that would exceed the bound.
    let by_value = |from: usize, to: usize| component[from] != component[to];
    let mut height: Vec<Option<usize>> = vec![None; nodes.len()];
    for root in 0..nodes.len() {
        let mut walk: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some((node, next)) = walk.last_mut() {
            let node = *node;
            if height[node].is_some() {
                walk.pop();
                continue;
            }
            if let Some(&(_, to)) = members[node].get(*next) {
                *next += 1;
                if by_value(node, to) && height[to].is_none() {
                    walk.push((to, 0));
                }
                continue;
            }
            let mut h = 0;
            for (member, to) in members[node].iter().filter(|(_, to)| by_value(node, *to)) {
                let below = height[*to].unwrap_or(0) + 1;
                if below > MAX_INLINE_DEPTH {
                    boxed.insert((nodes[node].clone(), member.to_string()));
                } else {
                    h = h.max(below);
                }
            }
            height[node] = Some(h);
            walk.pop();
        }
    }
    boxed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{load, SourceFile};

    fn chain(n: usize) -> Model {
        let shapes: Vec<String> = (0..n)
            .map(|i| {
                let members = if i + 1 < n { format!(r#""next": {{"target": "a.b#S{}"}}"#, i + 1) } else { String::new() };
                format!(r#""a.b#S{i}": {{"type": "structure", "members": {{{members}}}}}"#)
            })
            .collect();
        let text = format!(r#"{{"smithy": "2.0", "shapes": {{{}}}}}"#, shapes.join(","));
        load(&[SourceFile { name: "chain.json".into(), text }]).unwrap()
    }

    #[test]
    fn long_chains_are_boxed_every_max_inline_depth_levels() {
        let n = 3 * MAX_INLINE_DEPTH + 5;
        let model = chain(n);
        let boxed = boxed_members(&model, &model.shapes.keys().cloned().collect());
        let boxed: Vec<usize> = boxed.iter().map(|(id, _)| id.name()[1..].parse().unwrap()).collect::<BTreeSet<_>>().into_iter().collect();
        // Counted from the innermost structure: every MAX_INLINE_DEPTH-th link up is a Box.
        let expected: Vec<usize> = (0..n - 1).filter(|i| (n - 1 - i).is_multiple_of(MAX_INLINE_DEPTH + 1)).collect();
        assert_eq!(boxed, expected);
        assert!(boxed_members(&chain(MAX_INLINE_DEPTH + 1), &chain(MAX_INLINE_DEPTH + 1).shapes.keys().cloned().collect()).is_empty());
    }

    #[test]
    fn a_chain_of_20000_needs_no_call_stack() {
        let model = chain(20_000);
        let boxed = boxed_members(&model, &model.shapes.keys().cloned().collect());
        assert_eq!(boxed.len(), (20_000 - 1) / (MAX_INLINE_DEPTH + 1));
    }
}
