//! Removes blocks that cannot be reached from the entry block and renumbers the rest,
//! keeping their relative order.

use crate::dataflow::block_successors;
use crate::ir::{BlockId, Function, Term};

/// Drops unreachable blocks; returns true when something changed.
pub fn remove_unreachable_blocks(func: &mut Function) -> bool {
    let count = func.blocks.len();
    let mut reachable = vec![false; count];
    let mut stack = vec![0usize];
    while let Some(b) = stack.pop() {
        if b >= count || reachable[b] {
            continue;
        }
        reachable[b] = true;
        stack.extend(
            block_successors(&func.blocks[b])
                .iter()
                .map(|s| s.0 as usize),
        );
    }
    if reachable.iter().all(|&r| r) {
        return false;
    }
    let mut new_id = vec![0u32; count];
    let mut next = 0;
    for (b, &r) in reachable.iter().enumerate() {
        if r {
            new_id[b] = next;
            next += 1;
        }
    }
    let renumber = |b: BlockId| BlockId(new_id.get(b.0 as usize).copied().unwrap_or(b.0));
    let blocks = std::mem::take(&mut func.blocks);
    func.blocks = blocks
        .into_iter()
        .zip(&reachable)
        .filter(|(_, &r)| r)
        .map(|(mut block, _)| {
            block.term = match block.term {
                Term::Jump(t) => Term::Jump(renumber(t)),
                Term::Branch {
                    cond,
                    then,
                    otherwise,
                } => Term::Branch {
                    cond,
                    then: renumber(then),
                    otherwise: renumber(otherwise),
                },
                other => other,
            };
            block
        })
        .collect();
    true
}
