//! Dead-code elimination: removes instructions that cannot fail, have no effect besides
//! their result, and whose result is never read anywhere in the function. Everything that
//! writes memory, allocates, calls, may raise or enters/leaves a `try` region is kept.

use crate::dataflow::{inst_def, inst_uses, term_use};
use crate::ir::{BinOp, Function, Inst};

/// True for instructions that only compute their destination and can never raise.
fn is_pure(inst: &Inst) -> bool {
    match inst {
        Inst::Const { .. }
        | Inst::Move { .. }
        | Inst::Not { .. }
        | Inst::Cmp { .. }
        | Inst::LoadGlobal { .. }
        | Inst::ArrayLen { .. }
        | Inst::FieldGet { .. }
        | Inst::EnumTag { .. }
        | Inst::EnumPayload { .. }
        | Inst::CellGet { .. }
        | Inst::CaptureGet { .. } => true,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Block, BlockId, Const, LocId, Reg, RegInfo, Term, Ty, ValueType};

    /// Unused results of loads are removed; allocation, stores, pushes, calls and `try`
    /// markers stay even when their results are unused.
    #[test]
    fn keeps_effects_and_removes_dead_loads() {
        let regs = [
            Ty::Ref,
            Ty::I32,
            Ty::I32,
            Ty::Ref,
            Ty::Ref,
            Ty::Ref,
            Ty::I32,
        ]
        .iter()
        .map(|&ty| RegInfo { ty, name: None })
        .collect();
        let kept = vec![
            Inst::TryEnter {
                handler: BlockId(1),
                error: Reg(5),
            },
            Inst::ArrayNew {
                dst: Reg(0),
                elem: ValueType::I32,
                elems: vec![],
            },
            Inst::Const {
                dst: Reg(1),
                value: Const::I32(0),
            },
            Inst::ArrayPush {
                array: Reg(0),
                src: Reg(1),
            },
            Inst::ArraySet {
                array: Reg(0),
                index: Reg(1),
                index_ty: Ty::I32,
                src: Reg(1),
                loc: LocId(0),
            },
            Inst::ArrayGet {
                dst: Reg(6),
                array: Reg(0),
                index: Reg(1),
                index_ty: Ty::I32,
                loc: LocId(0),
            },
            Inst::CellNew {
                dst: Reg(3),
                src: Reg(1),
                ty: Ty::I32,
            },
            Inst::CellSet {
                cell: Reg(3),
                src: Reg(1),
            },
            Inst::Closure {
                dst: Reg(4),
                func: crate::ir::FuncId(0),
                captures: vec![Reg(3)],
            },
            Inst::FieldSet {
                obj: Reg(0),
                field: 0,
                src: Reg(1),
            },
            Inst::CallIndirect {
                dst: None,
                callee: Reg(4),
                args: vec![],
                loc: LocId(0),
            },
            Inst::TryExit,
        ];
        let mut insts = kept.clone();
        insts.insert(
            3,
            Inst::ArrayLen {
                dst: Reg(2),
                array: Reg(0),
            },
        );
        insts.push(Inst::CellGet {
            dst: Reg(2),
            cell: Reg(3),
        });
        let mut f = Function {
            name: "f".into(),
            params: vec![],
            ret: None,
            regs,
            blocks: vec![
                Block {
                    insts,
                    term: Term::Return(None),
                    handler: None,
                },
                Block {
                    insts: vec![],
                    term: Term::Return(None),
                    handler: None,
                },
            ],
            loc: LocId(0),
            layout: None,
            value_name: String::new(),
        };
        assert!(remove_dead_code(&mut f));
        assert_eq!(f.blocks[0].insts, kept);
    }
}
