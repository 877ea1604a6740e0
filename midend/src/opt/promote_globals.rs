//! Promotion of scalar globals to registers in functions that call no other Orus function.
//!
//! Such a function is the only code that can observe a global while it runs (builtins and
//! runtime helpers never read globals, and nothing re-enters it), so each global it uses in a
//! loop can live in a register: loaded once at entry, written back before every return. A
//! runtime error ends the program, so no write-back is needed on trap paths — which is why
//! [`crate::opt::optimize`] skips this pass for the whole module when it has a `try` region.
//! `Ref` globals are left alone so the collector's roots stay exactly where they were.

use crate::ir::{Block, Function, Global, GlobalId, Inst, Reg, RegInfo, Term, Ty};
use std::collections::HashMap;

/// Most globals promoted in one function (each holds a register for the whole function).
const MAX_PROMOTED: usize = 32;

/// Promotes the globals `func` uses inside loops; returns true when something changed.
pub fn promote_globals(func: &mut Function, globals: &[Global]) -> bool {
    if func.blocks.is_empty() || func.blocks.len() > 4096 {
        return false;
    }
    let has_call = func.blocks.iter().flat_map(|b| &b.insts).any(|i| {
        matches!(
            i,
            Inst::Call { .. }
                | Inst::CallIndirect { .. }
                | Inst::TryEnter { .. }
                | Inst::Spill { .. }
                | Inst::Reload { .. }
        )
    });
    let entry_is_target = func.blocks.iter().any(|b| match b.term {
        Term::Jump(t) => t.0 == 0,
        Term::Branch {
            then, otherwise, ..
        } => then.0 == 0 || otherwise.0 == 0,
        _ => false,
    });
    if has_call || entry_is_target {
        return false;
    }
    let cyclic = blocks_in_cycles(func);
    // Globals used inside loops, in first-use order, with their use counts.
    let mut candidates: Vec<(GlobalId, usize)> = Vec::new();
    for (index, block) in func.blocks.iter().enumerate() {
        if !cyclic[index] {
            continue;
        }
        for inst in &block.insts {
            let g = match inst {
                Inst::LoadGlobal { global, .. } | Inst::StoreGlobal { global, .. } => *global,
                _ => continue,
            };
            let scalar = globals
                .get(g.0 as usize)
                .is_some_and(|info| info.ty != Ty::Ref);
            if !scalar {
                continue;
            }
            match candidates.iter_mut().find(|(c, _)| *c == g) {
                Some((_, n)) => *n += 1,
                None => candidates.push((g, 1)),
            }
        }
    }
    if candidates.is_empty() {
        return false;
    }
    candidates.sort_by_key(|candidate| std::cmp::Reverse(candidate.1));
    candidates.truncate(MAX_PROMOTED);

    let mut home: HashMap<GlobalId, Reg> = HashMap::new();
    for &(g, _) in &candidates {
        let reg = Reg(func.regs.len() as u32);
        let info = &globals[g.0 as usize];
        func.regs.push(RegInfo {
            ty: info.ty,
            name: None,
        });
        home.insert(g, reg);
    }
    let mut stored: Vec<GlobalId> = Vec::new();
    for block in &mut func.blocks {
        for inst in &mut block.insts {
            match *inst {
                Inst::LoadGlobal { dst, global } => {
                    if let Some(&src) = home.get(&global) {
                        *inst = Inst::Move { dst, src };
                    }
                }
                Inst::StoreGlobal { global, src } => {
                    if let Some(&dst) = home.get(&global) {
                        *inst = Inst::Move { dst, src };
                        if !stored.contains(&global) {
                            stored.push(global);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for block in &mut func.blocks {
        if matches!(block.term, Term::Return(_)) {
            for &g in &stored {
                block.insts.push(Inst::StoreGlobal {
                    global: g,
                    src: home[&g],
                });
            }
        }
    }
    let loads: Vec<Inst> = candidates
        .iter()
        .map(|&(g, _)| Inst::LoadGlobal {
            dst: home[&g],
            global: g,
        })
        .collect();
    let entry: &mut Block = &mut func.blocks[0];
    entry.insts.splice(0..0, loads);
    true
}

/// For every block, whether it lies on a cycle of the control-flow graph (Tarjan's SCCs).
fn blocks_in_cycles(func: &Function) -> Vec<bool> {
    let n = func.blocks.len();
    let succ: Vec<Vec<usize>> = func
        .blocks
        .iter()
        .map(|b| match b.term {
            Term::Jump(t) => vec![t.0 as usize],
            Term::Branch {
                then, otherwise, ..
            } => vec![then.0 as usize, otherwise.0 as usize],
            _ => vec![],
        })
        .map(|v| v.into_iter().filter(|&t| t < n).collect())
        .collect();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut cyclic = vec![false; n];
    let mut counter = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // Iterative DFS: (node, next successor position).
        let mut work = vec![(root, 0usize)];
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if let Some(&w) = succ[v].get(*pos) {
                *pos += 1;
                if index[w] == usize::MAX {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut members = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    members.push(w);
                    if w == v {
                        break;
                    }
                }
                let self_loop = succ[v].contains(&v);
                if members.len() > 1 || self_loop {
                    for m in members {
                        cyclic[m] = true;
                    }
                }
            }
        }
    }
    cyclic
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{BinOp, BlockId, Const, LocId};

    fn reg(ty: Ty) -> RegInfo {
        RegInfo { ty, name: None }
    }

    #[test]
    fn promotes_a_global_used_in_a_loop() {
        // b0: %0 = 0; br b1
        // b1: %1 = load g0; %2 = add %1, %1; store g0, %2; br.if %3, b1, b2
        // b2: ret
        let mut f = Function {
            value_name: String::new(),
            name: "f".into(),
            params: vec![],
            ret: None,
            regs: vec![reg(Ty::I32), reg(Ty::I64), reg(Ty::I64), reg(Ty::Bool)],
            blocks: vec![
                Block {
                    handler: None,
                    insts: vec![Inst::Const {
                        dst: Reg(3),
                        value: Const::Bool(false),
                    }],
                    term: Term::Jump(BlockId(1)),
                },
                Block {
                    handler: None,
                    insts: vec![
                        Inst::LoadGlobal {
                            dst: Reg(1),
                            global: GlobalId(0),
                        },
                        Inst::Binary {
                            op: BinOp::Add,
                            ty: Ty::I64,
                            checked: true,
                            dst: Reg(2),
                            lhs: Reg(1),
                            rhs: Reg(1),
                            loc: LocId(0),
                        },
                        Inst::StoreGlobal {
                            global: GlobalId(0),
                            src: Reg(2),
                        },
                    ],
                    term: Term::Branch {
                        cond: Reg(3),
                        then: BlockId(1),
                        otherwise: BlockId(2),
                    },
                },
                Block {
                    handler: None,
                    insts: vec![],
                    term: Term::Return(None),
                },
            ],
            loc: LocId(0),
            layout: None,
        };
        let globals = vec![Global {
            name: "g".into(),
            ty: Ty::I64,
        }];
        assert!(promote_globals(&mut f, &globals));
        let home = Reg(4);
        assert_eq!(
            f.blocks[0].insts[0],
            Inst::LoadGlobal {
                dst: home,
                global: GlobalId(0)
            }
        );
        assert!(f.blocks[1]
            .insts
            .iter()
            .all(|i| !matches!(i, Inst::LoadGlobal { .. } | Inst::StoreGlobal { .. })));
        assert_eq!(
            f.blocks[2].insts,
            vec![Inst::StoreGlobal {
                global: GlobalId(0),
                src: home
            }]
        );
    }

    #[test]
    fn leaves_functions_with_calls_alone() {
        let mut f = Function {
            value_name: String::new(),
            name: "f".into(),
            params: vec![],
            ret: None,
            regs: vec![reg(Ty::I64)],
            blocks: vec![Block {
                handler: None,
                insts: vec![
                    Inst::LoadGlobal {
                        dst: Reg(0),
                        global: GlobalId(0),
                    },
                    Inst::Call {
                        dst: None,
                        func: crate::ir::FuncId(0),
                        args: vec![],
                        loc: LocId(0),
                    },
                ],
                term: Term::Jump(BlockId(0)),
            }],
            loc: LocId(0),
            layout: None,
        };
        let globals = vec![Global {
            name: "g".into(),
            ty: Ty::I64,
        }];
        assert!(!promote_globals(&mut f, &globals));
    }
}
