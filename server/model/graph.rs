//! The stage dependency graph (edges from FROM, `--from` and mount `from=`),
//! with iterative algorithms only, so no input can exhaust the stack.

/// Strongly connected components, as a component id per node (Kosaraju).
/// Two stages are in one component exactly when each needs the other.
pub fn components(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let order = finish_order(edges);
    let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (from, targets) in edges.iter().enumerate() {
        for &to in targets {
            reverse[to].push(from);
        }
    }
    let mut component = vec![usize::MAX; n];
    let mut next_id = 0;
    for &root in order.iter().rev() {
        if component[root] != usize::MAX {
            continue;
        }
        let mut stack = vec![root];
        component[root] = next_id;
        while let Some(node) = stack.pop() {
            for &prev in &reverse[node] {
                if component[prev] == usize::MAX {
                    component[prev] = next_id;
                    stack.push(prev);
                }
            }
        }
        next_id += 1;
    }
    component
}

/// Nodes in order of DFS completion.
fn finish_order(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut visited = vec![false; n];
    let mut order = Vec::with_capacity(n);
    for root in 0..n {
        if visited[root] {
            continue;
        }
        visited[root] = true;
        let mut stack = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&to) = edges[node].get(*next) {
                *next += 1;
                if !visited[to] {
                    visited[to] = true;
                    stack.push((to, 0));
                }
            } else {
                order.push(node);
                stack.pop();
            }
        }
    }
    order
}

/// Nodes reachable from `start` (itself included).
pub fn reachable(edges: &[Vec<usize>], start: usize) -> Vec<bool> {
    let mut seen = vec![false; edges.len()];
    let mut stack = vec![start];
    while let Some(node) = stack.pop() {
        if node < seen.len() && !seen[node] {
            seen[node] = true;
            stack.extend(edges[node].iter().copied());
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_share_a_component() {
        // 0 -> 1 -> 2 -> 0, 3 -> 0
        let edges = vec![vec![1], vec![2], vec![0], vec![0]];
        let c = components(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_eq!(reachable(&edges, 3), vec![true; 4]);
    }

    #[test]
    fn long_chains_do_not_overflow() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n).map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] }).collect();
        let c = components(&edges);
        assert!(c.iter().all(|&id| id == c[0]));
    }
}
