//! Derivation cycles, found as strongly connected components.

use super::Checker;
use crate::{
    load::pack_error::{PackError, PackErrorKind as K},
    pack::derivation::Derivation,
    pack::feature::{Feature, FeatureId},
};

/// Reports every cycle among derivations: `a` depends on `b` when `a`'s
/// condition reads the feature `b` sets. One error per strongly connected
/// group (Tarjan's algorithm), naming the derivations in it.
pub(super) fn report_cycles(c: &mut Checker, derivations: &[Derivation], features: &[Feature]) {
    let n = derivations.len();
    let reads: Vec<Vec<FeatureId>> = derivations.iter().map(|d| d.when.features()).collect();
    // edges[a] = derivations whose conclusion `a` reads.
    let edges: Vec<Vec<usize>> = (0..n)
        .map(|a| (0..n).filter(|b| reads[a].contains(&derivations[*b].feature)).collect())
        .collect();
    for group in strongly_connected(&edges) {
        let cyclic = group.len() > 1 || edges[group[0]].contains(&group[0]);
        if !cyclic {
            continue;
        }
        let mut group = group;
        group.sort_unstable();
        let path: Vec<String> = group
            .iter()
            .map(|d| {
                format!(
                    "`{}` sets `{}`",
                    derivations[*d].id, features[derivations[*d].feature].name
                )
            })
            .collect();
        let first = &derivations[group[0]];
        c.problems.push(
            PackError::at(
                first.span,
                K::Cycle { path: path.join(", "), ids: group.iter().map(|d| derivations[*d].id.clone()).collect() },
            )
            .help("each of them reads what another concludes; a derivation may not depend, even indirectly, on the feature it sets"),
        );
    }
}

/// Tarjan's strongly connected components, iterative so that a long chain
/// of derivations cannot overflow the stack.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut groups = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0_usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut group = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        group.push(w);
                        if w == v {
                            break;
                        }
                    }
                    groups.push(group);
                }
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn finds_cycles_and_leaves_chains_alone() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 0 hangs off it; 4 loops on itself.
        let edges = vec![vec![1], vec![2], vec![0], vec![0], vec![4]];
        let mut groups: Vec<Vec<usize>> = strongly_connected(&edges)
            .into_iter()
            .map(|mut g| {
                g.sort_unstable();
                g
            })
            .collect();
        groups.sort();
        assert_eq!(groups, vec![vec![0, 1, 2], vec![3], vec![4]]);
    }
}
