//! Dead-code elimination: removes instructions that cannot fail, have no effect besides
//! their result, and whose result is never read anywhere in the function.

use crate::dataflow::{inst_def, inst_uses, term_use};
use crate::ir::{BinOp, Function, Inst};

/// True for instructions that only compute their destination and can never raise.
fn is_pure(inst: &Inst) -> bool {
    match inst {
        Inst::Const { .. }
        | Inst::Move { .. }
        | Inst::Not { .. }
        | Inst::Cmp { .. }
        | Inst::LoadGlobal { .. } => true,
        Inst::Binary { op, checked, .. } => !checked && !matches!(op, BinOp::Div | BinOp::Rem),
        Inst::Neg { checked, .. } => !checked,
        _ => false,
    }
}

/// Removes dead pure instructions until none is left; returns true when something changed.
pub fn remove_dead_code(func: &mut Function) -> bool {
    let mut changed = false;
    loop {
        let mut uses = vec![0u32; func.regs.len()];
        for block in &func.blocks {
            for inst in &block.insts {
                for r in inst_uses(inst) {
                    if let Some(n) = uses.get_mut(r.0 as usize) {
                        *n += 1;
                    }
                }
            }
            if let Some(r) = term_use(&block.term) {
                if let Some(n) = uses.get_mut(r.0 as usize) {
                    *n += 1;
                }
            }
        }
        let mut removed = false;
        for block in &mut func.blocks {
            block.insts.retain(|inst| {
                let dead = is_pure(inst)
                    && inst_def(inst).is_some_and(|d| uses.get(d.0 as usize) == Some(&0));
                removed |= dead;
                !dead
            });
        }
        if !removed {
            return changed;
        }
        changed = true;
    }
}
