//! Strongly connected components of the member graph, computed once for the whole model (Tarjan's algorithm with
//! an explicit stack). Linear in shapes plus members, and iterative, so a chain of 100,000 nested structures costs
//! neither quadratic time (a search per member) nor the call stack.

/// The component of every node of a graph given as adjacency lists (`edges[n]` = the nodes `n` points to).
/// Two nodes share a component exactly when each reaches the other.
pub fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNVISITED: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNVISITED; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNVISITED; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    // (node, position in its edge list) for the depth-first walk.
    let mut walk: Vec<(usize, usize)> = Vec::new();
    for root in 0..n {
        if index[root] != UNVISITED {
            continue;
        }
        walk.push((root, 0));
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = walk.last_mut() {
            if let Some(&to) = edges[node].get(*edge) {
                *edge += 1;
                if index[to] == UNVISITED {
                    index[to] = next_index;
                    low[to] = next_index;
                    next_index += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    walk.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            walk.pop();
            if let Some(&(parent, _)) = walk.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// A path of edges `from -> ... -> from` that stays inside `from`'s component, as the list of nodes it leaves
/// (`from` first), or `None` when `from` is on no cycle. Breadth-first, so the cycle reported is a shortest one.
/// Costs only the size of `from`'s component (so one call per component stays linear overall).
pub fn cycle_through(edges: &[Vec<usize>], component: &[usize], from: usize) -> Option<Vec<usize>> {
    let mut parent: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut queue = std::collections::VecDeque::from([from]);
    while let Some(node) = queue.pop_front() {
        for &to in &edges[node] {
            if component[to] != component[from] {
                continue;
            }
            if to == from {
                let mut path = vec![node];
                let mut at = node;
                while at != from {
                    at = parent[&at];
                    path.push(at);
                }
                path.reverse();
                return Some(path);
            }
            if to != from && !parent.contains_key(&to) {
                parent.insert(to, node);
                queue.push_back(to);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_share_a_component_and_chains_do_not() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 0 and 4 alone are not on it; 5 -> 5 is a self loop.
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![], vec![5]];
        let c = components(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[5] != c[0] && c[3] != c[4]);
        assert_eq!(cycle_through(&edges, &c, 1), Some(vec![1, 2, 0]));
        assert_eq!(cycle_through(&edges, &c, 5), Some(vec![5]));
        assert_eq!(cycle_through(&edges, &c, 3), None);
        assert_eq!(cycle_through(&edges, &c, 4), None);
    }

    #[test]
    fn a_long_chain_needs_no_call_stack() {
        let n = 200_000;
        let mut edges: Vec<Vec<usize>> = (0..n).map(|i| if i + 1 < n { vec![i + 1] } else { vec![] }).collect();
        let c = components(&edges);
        assert_eq!(c.iter().collect::<std::collections::BTreeSet<_>>().len(), n, "every node is its own component");
        edges[n - 1].push(0);
        let c = components(&edges);
        assert!(c.iter().all(|&x| x == c[0]));
        assert_eq!(cycle_through(&edges, &c, 0).map(|p| p.len()), Some(n));
    }
}
