//! Removes blocks that cannot be reached from the entry block and renumbers the rest,
//! keeping their relative order. A `catch` block is reached through the handler edge of its
//! guarded blocks (and is kept whenever its `TryEnter` is).

use crate::dataflow::block_successors;
use crate::ir::{BlockId, Function, Inst, Term};

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
        let block = &func.blocks[b];
        stack.extend(block_successors(block).iter().map(|s| s.0 as usize));
        stack.extend(block.insts.iter().filter_map(|inst| match inst {
            Inst::TryEnter { handler, .. } => Some(handler.0 as usize),
            _ => None,
        }));
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
            block.handler = block.handler.map(renumber);
            for inst in &mut block.insts {
                if let Inst::TryEnter { handler, .. } = inst {
                    *handler = renumber(*handler);
                }
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Block, Reg, RegInfo, Ty};

    fn block(insts: Vec<Inst>, term: Term, handler: Option<BlockId>) -> Block {
        Block {
            insts,
            term,
            handler,
        }
    }

    /// b0: try.enter catch b3; br b2 — b1 is dead — b2 (catch b3): try.exit; ret — b3: ret.
    /// Dropping b1 renumbers the handler in both the block and the `try.enter`.
    #[test]
    fn renumbers_handlers() {
        let mut f = Function {
            name: "f".into(),
            params: vec![],
            ret: None,
            regs: vec![RegInfo {
                ty: Ty::Ref,
                name: None,
            }],
            blocks: vec![
                block(
                    vec![Inst::TryEnter {
                        handler: BlockId(3),
                        error: Reg(0),
                    }],
                    Term::Jump(BlockId(2)),
                    None,
                ),
                block(vec![], Term::Return(None), None),
                block(vec![Inst::TryExit], Term::Return(None), Some(BlockId(3))),
                block(vec![], Term::Return(None), None),
            ],
            loc: crate::ir::LocId(0),
            layout: None,
            value_name: String::new(),
        };
        assert!(remove_unreachable_blocks(&mut f));
        assert_eq!(f.blocks.len(), 3);
        assert_eq!(
            f.blocks[0].insts,
            vec![Inst::TryEnter {
                handler: BlockId(2),
                error: Reg(0)
            }]
        );
        assert_eq!(f.blocks[0].term, Term::Jump(BlockId(1)));
        assert_eq!(f.blocks[1].handler, Some(BlockId(2)));
    }
}
