//! Recursive inlining: a small self-recursive function gets copies of its own body at its
//! calls to itself, repeatedly (each round doubles the levels of the recursion that run
//! without a call) while the function stays small — GCC's recursive inlining, which LLVM does
//! not do. The leaves of `fib`-like recursion become a compare and a move; both engines
//! dispatch far fewer calls.
//!
//! Every copy is bracketed by [`Inst::InlineEnter`] / [`Inst::InlineExit`], which count one
//! level of call nesting: recursion depth, and where `Stack overflow` is raised, stay exactly
//! those of the calls that were replaced. Functions with `try` regions, closures or indirect
//! calls are left alone (their frames are observable beyond depth: handlers, environments).

use crate::dataflow::{inst_def_mut, inst_uses_mut, successors_mut, term_use_mut};
use crate::ir::{Block, BlockId, FuncId, Function, Inst, Reg, Term};

/// Largest function (instructions) after a round of inlining.
const MAX_SIZE: usize = 256;

/// One round: inlines `func` (function `id` of its module) as it is into each of its calls
/// to itself, unless that makes it larger than [`MAX_SIZE`]; returns true when something
/// changed. Copies keep their own self-calls, so a further round inlines those.
pub fn inline_self_calls(func: &mut Function, id: FuncId) -> bool {
    let Some(sites) = self_call_sites(func, id) else {
        return false;
    };
    let body = func.clone();
    // Last site first, so the positions of the earlier ones stay valid.
    for &(block, index) in sites.iter().rev() {
        inline_at(func, &body, block, index);
    }
    true
}

/// The (block, instruction) positions of the calls of `func` to itself, when it may be
/// inlined into itself.
fn self_call_sites(func: &Function, id: FuncId) -> Option<Vec<(usize, usize)>> {
    if func.layout.is_some() || func.blocks.iter().any(|b| b.handler.is_some()) {
        return None;
    }
    let mut size = 0;
    let mut sites = Vec::new();
    for (b, block) in func.blocks.iter().enumerate() {
        for (i, inst) in block.insts.iter().enumerate() {
            size += 1;
            match inst {
                Inst::Call { func: callee, .. } if *callee == id => sites.push((b, i)),
                Inst::TryEnter { .. }
                | Inst::TryExit
                | Inst::Closure { .. }
                | Inst::CaptureGet { .. }
                | Inst::CallIndirect { .. }
                | Inst::Spill { .. }
                | Inst::Reload { .. } => return None,
                _ => {}
            }
        }
    }
    let worth = !sites.is_empty() && size * (1 + sites.len()) <= MAX_SIZE;
    worth.then_some(sites)
}

/// Replaces the call at `func.blocks[block].insts[index]` by a copy of `body`.
fn inline_at(func: &mut Function, body: &Function, block: usize, index: usize) {
    let Some(Inst::Call { dst, args, loc, .. }) = func.blocks[block].insts.get(index).cloned()
    else {
        return;
    };
    let reg_base = func.regs.len() as u32;
    let rename = |r: Reg| Reg(r.0 + reg_base);
    func.regs.extend(body.regs.iter().cloned());

    // The code after the call continues in a new block, entered when the copy returns.
    let continuation = BlockId(func.blocks.len() as u32);
    let split = &mut func.blocks[block];
    let mut rest = split.insts.split_off(index + 1);
    split.insts.pop();
    rest.insert(0, Inst::InlineExit);
    let term = std::mem::replace(&mut split.term, Term::Jump(BlockId(0)));
    func.blocks.push(Block {
        insts: rest,
        term,
        handler: None,
    });

    let block_base = func.blocks.len() as u32;
    let relabel = |b: BlockId| BlockId(b.0 + block_base);
    let split = &mut func.blocks[block];
    split.insts.push(Inst::InlineEnter { loc });
    for (&param, &arg) in body.params.iter().zip(&args) {
        split.insts.push(Inst::Move {
            dst: rename(param),
            src: arg,
        });
    }
    split.term = Term::Jump(relabel(BlockId(0)));

    for original in &body.blocks {
        let mut copy = original.clone();
        for inst in &mut copy.insts {
            if let Some(d) = inst_def_mut(inst) {
                *d = rename(*d);
            }
            for u in inst_uses_mut(inst) {
                *u = rename(*u);
            }
        }
        if let Term::Return(value) = copy.term {
            if let (Some(dst), Some(value)) = (dst, value) {
                copy.insts.push(Inst::Move {
                    dst,
                    src: rename(value),
                });
            }
            copy.term = Term::Jump(continuation);
        } else {
            if let Some(u) = term_use_mut(&mut copy.term) {
                *u = rename(*u);
            }
            for target in successors_mut(&mut copy.term) {
                *target = relabel(*target);
            }
        }
        func.blocks.push(copy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{BinOp, CmpOp, Const, LocId, RegInfo, Ty};

    fn reg(ty: Ty) -> RegInfo {
        RegInfo { ty, name: None }
    }

    /// `fn fib(n) = n < 2 ? n : fib(n - 1) + fib(n - 2)` as function 0.
    fn fib() -> Function {
        let sub = |dst, k| Inst::Binary {
            op: BinOp::Sub,
            ty: Ty::I32,
            checked: true,
            dst: Reg(dst),
            lhs: Reg(0),
            rhs: Reg(k),
            loc: LocId(1),
        };
        let call = |dst, arg| Inst::Call {
            dst: Some(Reg(dst)),
            func: FuncId(0),
            args: vec![Reg(arg)],
            loc: LocId(2),
        };
        Function {
            name: "fib".into(),
            params: vec![Reg(0)],
            ret: Some(Ty::I32),
            regs: vec![
                reg(Ty::I32),
                reg(Ty::I32),
                reg(Ty::Bool),
                reg(Ty::I32),
                reg(Ty::I32),
                reg(Ty::I32),
                reg(Ty::I32),
                reg(Ty::I32),
            ],
            blocks: vec![
                Block {
                    insts: vec![
                        Inst::Const {
                            dst: Reg(1),
                            value: Const::I32(2),
                        },
                        Inst::Cmp {
                            op: CmpOp::Lt,
                            ty: Ty::I32,
                            dst: Reg(2),
                            lhs: Reg(0),
                            rhs: Reg(1),
                        },
                    ],
                    term: Term::Branch {
                        cond: Reg(2),
                        then: BlockId(1),
                        otherwise: BlockId(2),
                    },
                    handler: None,
                },
                Block {
                    insts: vec![],
                    term: Term::Return(Some(Reg(0))),
                    handler: None,
                },
                Block {
                    insts: vec![
                        sub(3, 1),
                        call(4, 3),
                        sub(5, 1),
                        call(6, 5),
                        Inst::Binary {
                            op: BinOp::Add,
                            ty: Ty::I32,
                            checked: true,
                            dst: Reg(7),
                            lhs: Reg(4),
                            rhs: Reg(6),
                            loc: LocId(3),
                        },
                    ],
                    term: Term::Return(Some(Reg(7))),
                    handler: None,
                },
            ],
            loc: LocId(0),
            layout: None,
            value_name: "fib".into(),
        }
    }

    fn count(f: &Function, pred: impl Fn(&Inst) -> bool) -> usize {
        f.blocks
            .iter()
            .flat_map(|b| &b.insts)
            .filter(|i| pred(i))
            .count()
    }

    #[test]
    fn both_self_calls_get_a_bracketed_copy() {
        let mut f = fib();
        assert!(inline_self_calls(&mut f, FuncId(0)));
        // 3 blocks + 2 × (continuation + 3 copied blocks).
        assert_eq!(f.blocks.len(), 11);
        assert_eq!(f.regs.len(), 24);
        assert_eq!(
            count(
                &f,
                |i| matches!(i, Inst::InlineEnter { loc } if *loc == LocId(2))
            ),
            2
        );
        assert_eq!(count(&f, |i| matches!(i, Inst::InlineExit)), 2);
        // The copies still call: the recursion goes on below them.
        assert_eq!(count(&f, |i| matches!(i, Inst::Call { .. })), 4);
        assert!(f
            .blocks
            .iter()
            .all(|b| !matches!(b.term, Term::Return(None))));
        let returns = f
            .blocks
            .iter()
            .filter(|b| matches!(b.term, Term::Return(_)))
            .count();
        assert_eq!(returns, 2, "only the outer body returns");
        let module = crate::ir::Module {
            funcs: vec![f],
            files: vec!["t.orus".into()],
            locations: vec![
                crate::ir::Location {
                    file: 0,
                    start: 0,
                    end: 1,
                    line: 1,
                    col: 1,
                };
                4
            ],
            ..crate::ir::Module::default()
        };
        assert_eq!(crate::verify::verify_module(&module), Ok(()));
    }

    #[test]
    fn calls_into_the_copy_pass_the_arguments() {
        let mut f = fib();
        inline_self_calls(&mut f, FuncId(0));
        // The block of the first call now ends in: inline.enter, move param copy <- arg.
        let b2 = &f.blocks[2];
        assert_eq!(
            b2.insts[1..],
            [
                Inst::InlineEnter { loc: LocId(2) },
                Inst::Move {
                    dst: Reg(16),
                    src: Reg(3),
                }
            ]
        );
        assert!(matches!(b2.term, Term::Jump(_)));
    }

    #[test]
    fn rounds_stop_at_the_size_limit() {
        let mut f = fib();
        let mut rounds = 0;
        while inline_self_calls(&mut f, FuncId(0)) {
            rounds += 1;
        }
        // 2 self-calls, then 4, then 16: a third round would copy the body 16 times.
        assert_eq!(rounds, 2);
        assert_eq!(count(&f, |i| matches!(i, Inst::Call { .. })), 16);
        let size: usize = f.blocks.iter().map(|b| b.insts.len()).sum();
        assert!(size <= MAX_SIZE, "{size}");
    }

    #[test]
    fn functions_with_try_or_too_large_are_left_alone() {
        let mut with_try = fib();
        with_try.regs.push(reg(Ty::Ref));
        with_try.blocks[1].insts.push(Inst::TryEnter {
            handler: BlockId(1),
            error: Reg(8),
        });
        assert!(!inline_self_calls(&mut with_try, FuncId(0)));

        let mut large = fib();
        for _ in 0..MAX_SIZE / 3 {
            large.blocks[1].insts.push(Inst::Move {
                dst: Reg(1),
                src: Reg(0),
            });
        }
        assert!(!inline_self_calls(&mut large, FuncId(0)));

        let mut other = fib();
        assert!(!inline_self_calls(&mut other, FuncId(1)), "no self-call");
    }
}
