//! Liveness, live intervals and the register allocator, on hand-built IR; every allocated
//! function is checked by the verifier.

mod common;

use orus_midend::dataflow::liveness;
use orus_midend::ir::*;
use orus_midend::regalloc::{allocate_function, allocate_module};
use orus_midend::verify::verify_module;

/// A one-function module (plus nothing else) around `func`.
fn module_of(funcs: Vec<Function>) -> Module {
    Module {
        enums: Vec::new(),
        structs: Vec::new(),
        funcs,
        globals: vec![],
        strings: vec![],
        files: vec!["t.orus".into()],
        locations: vec![Location {
            file: 0,
            start: 0,
            end: 1,
            line: 1,
            col: 1,
        }],
        entry: FuncId(0),
    }
}

fn function(
    name: &str,
    params: Vec<Reg>,
    ret: Option<Ty>,
    regs: Vec<Ty>,
    blocks: Vec<Block>,
) -> Function {
    Function {
        value_name: String::new(),
        name: name.into(),
        params,
        ret,
        regs: regs
            .into_iter()
            .map(|ty| RegInfo { ty, name: None })
            .collect(),
        blocks,
        loc: LocId(0),
        layout: None,
    }
}

fn add(dst: u32, lhs: u32, rhs: u32) -> Inst {
    Inst::Binary {
        op: BinOp::Add,
        ty: Ty::I32,
        checked: true,
        dst: Reg(dst),
        lhs: Reg(lhs),
        rhs: Reg(rhs),
        loc: LocId(0),
    }
}

fn konst(dst: u32, v: i32) -> Inst {
    Inst::Const {
        dst: Reg(dst),
        value: Const::I32(v),
    }
}

/// `sum(n)`: `s = 0; i = 0; while i < n: s = s + i; i = i + 1; return s`.
fn loop_function() -> Function {
    // %0 n, %1 s, %2 i, %3 cond, %4 one
    let blocks = vec![
        Block {
            handler: None,
            insts: vec![konst(1, 0), konst(2, 0), konst(4, 1)],
            term: Term::Jump(BlockId(1)),
        },
        Block {
            handler: None,
            insts: vec![Inst::Cmp {
                op: CmpOp::Lt,
                ty: Ty::I32,
                dst: Reg(3),
                lhs: Reg(2),
                rhs: Reg(0),
            }],
            term: Term::Branch {
                cond: Reg(3),
                then: BlockId(2),
                otherwise: BlockId(3),
            },
        },
        Block {
            handler: None,
            insts: vec![add(1, 1, 2), add(2, 2, 4)],
            term: Term::Jump(BlockId(1)),
        },
        Block {
            handler: None,
            insts: vec![],
            term: Term::Return(Some(Reg(1))),
        },
    ];
    function(
        "sum",
        vec![Reg(0)],
        Some(Ty::I32),
        vec![Ty::I32, Ty::I32, Ty::I32, Ty::Bool, Ty::I32],
        blocks,
    )
}

#[test]
fn liveness_of_a_loop() {
    let func = loop_function();
    let live = liveness(&func);
    let set = |b: usize| live.live_in[b].iter().map(|r| r.0).collect::<Vec<_>>();
    assert_eq!(set(0), vec![0]);
    assert_eq!(set(1), vec![0, 1, 2, 4]);
    assert_eq!(set(2), vec![0, 1, 2, 4]);
    assert_eq!(set(3), vec![1]);
    let out: Vec<u32> = live.live_out[2].iter().map(|r| r.0).collect();
    assert_eq!(out, vec![0, 1, 2, 4]);
}

#[test]
fn loop_values_get_distinct_slots_and_params_stay_put() {
    let mut func = loop_function();
    allocate_function(&mut func);
    let layout = func.layout.clone().expect("allocated");
    assert_eq!(layout.slot_of[0], 0, "parameter in slot 0");
    let slots: Vec<u32> = [0, 1, 2, 4].iter().map(|&r| layout.slot_of[r]).collect();
    let mut unique = slots.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        4,
        "simultaneously live values share no slot: {slots:?}"
    );
    assert_eq!(layout.slot_types[layout.slot_of[3] as usize], Ty::Bool);
    assert_eq!(layout.frame_size, layout.call_base + 1);
    verify_module(&module_of(vec![func])).expect("valid after allocation");
}

#[test]
fn slots_are_reused_only_within_a_class() {
    // %0 = 1; %1 = %0 + %0; %2 = 2.5 (f64); %3 = %1 + %1; ret %3
    let blocks = vec![Block {
        handler: None,
        insts: vec![
            konst(0, 1),
            add(1, 0, 0),
            Inst::Const {
                dst: Reg(2),
                value: Const::F64(2.5),
            },
            add(3, 1, 1),
        ],
        term: Term::Return(Some(Reg(3))),
    }];
    let regs = vec![Ty::I32, Ty::I32, Ty::F64, Ty::I32];
    let mut func = function("f", vec![], Some(Ty::I32), regs, blocks);
    allocate_function(&mut func);
    let layout = func.layout.clone().expect("allocated");
    assert_eq!(
        layout.slot_of[0], layout.slot_of[1],
        "a dying operand's slot is reused"
    );
    assert_eq!(layout.slot_of[1], layout.slot_of[3]);
    assert_ne!(
        layout.slot_of[2], layout.slot_of[1],
        "f64 never shares an i32 slot"
    );
    assert_eq!(layout.slot_types, vec![Ty::I32, Ty::F64]);
    verify_module(&module_of(vec![func])).expect("valid");
}

#[test]
fn call_arguments_and_results_are_precolored() {
    let (program, sources) = common::fib_program();
    let module = orus_midend::compile_ir(&program, &sources).expect("compiles");
    let fib = &module.funcs[0];
    let layout = fib.layout.as_ref().expect("allocated");
    let mut calls = 0;
    for inst in fib.blocks.iter().flat_map(|b| &b.insts) {
        if let Inst::Call { dst, args, .. } = inst {
            calls += 1;
            assert_eq!(layout.slot_of[args[0].0 as usize], layout.call_base + 1);
            let dst = dst.expect("fib returns a value");
            assert!(layout.slot_of[dst.0 as usize] <= layout.call_base);
        }
    }
    // Two rounds of recursive inlining: four levels of fib run in one frame, 16 calls below.
    assert_eq!(calls, 16);
    // Every first call's result lives across the second call, so it has a home below call_base.
    verify_module(&module).expect("valid");
}

/// `count` constants all live at once, summed after a call; the allocator must spill.
fn pressure_function(count: u32) -> Function {
    let mut insts: Vec<Inst> = (0..count).map(|i| konst(i, i as i32)).collect();
    insts.push(Inst::Call {
        dst: None,
        func: FuncId(1),
        args: vec![Reg(0), Reg(count - 1)],
        loc: LocId(0),
    });
    let mut acc = 0;
    let mut next = count;
    for i in 1..count {
        insts.push(add(next, acc, i));
        acc = next;
        next += 1;
    }
    let regs = vec![Ty::I32; next as usize];
    function(
        "pressure",
        vec![],
        Some(Ty::I32),
        regs,
        vec![Block {
            handler: None,
            insts,
            term: Term::Return(Some(Reg(acc))),
        }],
    )
}

fn callee() -> Function {
    function(
        "callee",
        vec![Reg(0), Reg(1)],
        None,
        vec![Ty::I32, Ty::I32],
        vec![Block {
            handler: None,
            insts: vec![],
            term: Term::Return(None),
        }],
    )
}

#[test]
fn a_thousand_live_values_spill() {
    let mut module = module_of(vec![pressure_function(1000), callee()]);
    verify_module(&module).expect("valid before allocation");
    allocate_module(&mut module);
    verify_module(&module).expect("valid after allocation");
    let func = &module.funcs[0];
    let layout = func.layout.as_ref().expect("allocated");
    assert!(
        layout.spill_count() > 700,
        "{} spills",
        layout.spill_count()
    );
    assert!(layout.frame_size <= 256);
    let insts = func.blocks.iter().flat_map(|b| &b.insts);
    let reloads = insts
        .clone()
        .filter(|i| matches!(i, Inst::Reload { .. }))
        .count();
    let spills = insts.filter(|i| matches!(i, Inst::Spill { .. })).count();
    assert!(reloads > 0 && spills > 0);
}

#[test]
fn ten_thousand_global_stores_need_few_slots() {
    let count = 10_000u32;
    let mut module = module_of(vec![]);
    module.globals = (0..count)
        .map(|i| Global {
            name: format!("g{i}"),
            ty: Ty::I64,
        })
        .collect();
    let mut insts = Vec::new();
    for i in 0..count {
        insts.push(Inst::Const {
            dst: Reg(i),
            value: Const::I64(i.into()),
        });
        insts.push(Inst::StoreGlobal {
            global: GlobalId(i),
            src: Reg(i),
        });
    }
    module.funcs.push(function(
        "<module init>",
        vec![],
        None,
        vec![Ty::I64; count as usize],
        vec![Block {
            handler: None,
            insts,
            term: Term::Return(None),
        }],
    ));
    allocate_module(&mut module);
    verify_module(&module).expect("valid after allocation");
    let layout = module.funcs[0].layout.as_ref().expect("allocated");
    assert_eq!(layout.call_base, 1);
    assert_eq!(layout.spill_count(), 0);
}

#[test]
fn verifier_rejects_class_mismatch_and_missing_blocks() {
    let blocks = vec![Block {
        handler: None,
        insts: vec![
            konst(0, 1),
            Inst::Move {
                dst: Reg(1),
                src: Reg(0),
            },
        ],
        term: Term::Jump(BlockId(7)),
    }];
    let func = function("broken", vec![], None, vec![Ty::I32, Ty::F64], blocks);
    let errors = verify_module(&module_of(vec![func])).expect_err("broken");
    assert!(errors.iter().any(|e| e.contains("move")), "{errors:?}");
    assert!(
        errors.iter().any(|e| e.contains("missing block b7")),
        "{errors:?}"
    );
}

#[test]
fn verifier_rejects_overlapping_slots() {
    let mut func = loop_function();
    allocate_function(&mut func);
    let layout = func.layout.as_mut().expect("allocated");
    // Put the loop counter into the accumulator's slot.
    layout.slot_of[2] = layout.slot_of[1];
    let errors = verify_module(&module_of(vec![func])).expect_err("overlap");
    assert!(
        errors.iter().any(|e| e.contains("overwrites live")),
        "{errors:?}"
    );
}
