//! The optimizer: semantics-preserving passes over the register IR, one per file, run
//! before register allocation.

mod const_fold;
mod copy_prop;
mod dce;
mod inline;
mod promote_globals;
mod unreachable;

pub use const_fold::fold_constants;
pub use copy_prop::propagate_copies;
pub use dce::remove_dead_code;
pub use inline::inline_self_calls;
pub use promote_globals::promote_globals;
pub use unreachable::remove_unreachable_blocks;

use crate::ir::{FuncId, Function, Inst, Module};

/// Most rounds of recursive inlining (round `k` doubles the recursion levels run without a
/// call: three rounds would inline eight levels, GCC's default depth).
const MAX_INLINE_ROUNDS: usize = 3;

/// Runs every pass on every function that is not yet register-allocated, until nothing
/// changes (bounded, since each round only shrinks or simplifies the code); small
/// self-recursive functions are then inlined into themselves, simplified after each round.
/// Global promotion is skipped for the whole module when any function has a `try` region: a
/// promoted global would lose the writes made before an error that a handler then observes.
pub fn optimize(m: &mut Module) {
    let has_try = m
        .funcs
        .iter()
        .flat_map(|f| &f.blocks)
        .flat_map(|b| &b.insts)
        .any(|i| matches!(i, Inst::TryEnter { .. }));
    for (id, func) in m.funcs.iter_mut().enumerate() {
        if func.layout.is_some() {
            continue;
        }
        if !has_try {
            promote_globals(func, &m.globals);
        }
        simplify(func);
        for _ in 0..MAX_INLINE_ROUNDS {
            if !inline_self_calls(func, FuncId(id as u32)) {
                break;
            }
            simplify(func);
        }
    }
}

/// The local passes, until nothing changes (at most four rounds).
fn simplify(func: &mut Function) {
    for _ in 0..4 {
        let folded = fold_constants(func);
        let copied = propagate_copies(func);
        let unreachable = remove_unreachable_blocks(func);
        let dead = remove_dead_code(func);
        if !(folded || copied || unreachable || dead) {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Block, BlockId, Function, Global, GlobalId, LocId, Reg, RegInfo, Term, Ty};

    /// A function looping over a global: promoted normally, left alone when the module has a
    /// `try` region (the handler must see every write).
    #[test]
    fn promote_globals_is_skipped_with_try() {
        let looping = |extra: Vec<Inst>| Function {
            name: "f".into(),
            params: vec![],
            ret: None,
            regs: vec![
                RegInfo {
                    ty: Ty::I64,
                    name: None,
                },
                RegInfo {
                    ty: Ty::Ref,
                    name: None,
                },
            ],
            blocks: vec![
                Block {
                    insts: extra,
                    term: Term::Jump(BlockId(1)),
                    handler: None,
                },
                Block {
                    insts: vec![
                        Inst::LoadGlobal {
                            dst: Reg(0),
                            global: GlobalId(0),
                        },
                        Inst::StoreGlobal {
                            global: GlobalId(0),
                            src: Reg(0),
                        },
                    ],
                    term: Term::Jump(BlockId(1)),
                    handler: None,
                },
            ],
            loc: LocId(0),
            layout: None,
            value_name: String::new(),
        };
        let module = |funcs| Module {
            funcs,
            globals: vec![Global {
                name: "g".into(),
                ty: Ty::I64,
            }],
            ..Module::default()
        };
        let loads = |m: &Module| {
            m.funcs[0]
                .blocks
                .iter()
                .flat_map(|b| &b.insts)
                .filter(|i| matches!(i, Inst::LoadGlobal { .. }))
                .count()
        };
        let mut plain = module(vec![looping(vec![])]);
        optimize(&mut plain);
        assert!(
            !plain.funcs[0].blocks[1]
                .insts
                .iter()
                .any(|i| matches!(i, Inst::LoadGlobal { .. } | Inst::StoreGlobal { .. })),
            "promoted: the loop no longer touches the global"
        );
        assert_eq!(loads(&plain), 1, "loaded once at entry");
        let with_try = vec![
            looping(vec![]),
            Function {
                name: "h".into(),
                params: vec![],
                ret: None,
                regs: vec![RegInfo {
                    ty: Ty::Ref,
                    name: None,
                }],
                blocks: vec![
                    Block {
                        insts: vec![Inst::TryEnter {
                            handler: BlockId(1),
                            error: Reg(0),
                        }],
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
            },
        ];
        let mut guarded = module(with_try);
        optimize(&mut guarded);
        assert_eq!(
            guarded.funcs[0].blocks[1].insts.len(),
            2,
            "the loop still loads and stores the global"
        );
    }
}
