//! Emitter tests on hand-built, hand-allocated IR functions.

use super::emit_module;
use crate::ir::*;
use crate::regalloc::FrameLayout;
use orus_abi::bytecode::{Constant, Program};
use orus_abi::instruction as enc;
use orus_abi::opcode::Opcode;
use orus_abi::verify::verify;

/// A function whose register `i` lives in slot `i`, with the call area above them.
fn function(name: &str, params: u32, regs: &[Ty], blocks: Vec<Block>, ret: Option<Ty>) -> Function {
    let layout = FrameLayout::one_slot_per_register(regs, &blocks);
    Function {
        value_name: String::new(),
        name: name.to_string(),
        params: (0..params).map(Reg).collect(),
        ret,
        regs: regs.iter().map(|&ty| RegInfo { ty, name: None }).collect(),
        blocks,
        loc: LocId(0),
        layout: Some(layout),
    }
}

fn module(funcs: Vec<Function>) -> Module {
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

fn emit(m: &Module) -> Program {
    let p = emit_module(m).expect("emits");
    verify(&p).expect("verifies");
    p
}

fn ops(code: &[u32]) -> Vec<Opcode> {
    code.iter()
        .map(|&w| Opcode::from_u8(enc::op(w)).unwrap())
        .collect()
}

fn fib() -> Function {
    // r0 = n; if n < 2 { return n } else { return fib(n - 1) + fib(n - 2) }
    let loc = LocId(0);
    let r = Reg;
    let entry = Block {
        handler: None,
        insts: vec![
            Inst::Const {
                dst: r(1),
                value: Const::I32(2),
            },
            Inst::Cmp {
                op: CmpOp::Lt,
                ty: Ty::I32,
                dst: r(2),
                lhs: r(0),
                rhs: r(1),
            },
        ],
        term: Term::Branch {
            cond: r(2),
            then: BlockId(1),
            otherwise: BlockId(2),
        },
    };
    let base = Block {
        handler: None,
        insts: vec![],
        term: Term::Return(Some(r(0))),
    };
    let mut rec = vec![];
    for (k, t, d) in [(3, 4, 5), (6, 7, 8)] {
        rec.push(Inst::Const {
            dst: r(k),
            value: Const::I32(if k == 3 { 1 } else { 2 }),
        });
        rec.push(Inst::Binary {
            op: BinOp::Sub,
            ty: Ty::I32,
            checked: true,
            dst: r(t),
            lhs: r(0),
            rhs: r(k),
            loc,
        });
        rec.push(Inst::Call {
            dst: Some(r(d)),
            func: FuncId(0),
            args: vec![r(t)],
            loc,
        });
    }
    rec.push(Inst::Binary {
        op: BinOp::Add,
        ty: Ty::I32,
        checked: true,
        dst: r(9),
        lhs: r(5),
        rhs: r(8),
        loc,
    });
    let recurse = Block {
        handler: None,
        insts: rec,
        term: Term::Return(Some(r(9))),
    };
    function(
        "fib",
        1,
        &[Ty::I32; 10],
        vec![entry, base, recurse],
        Some(Ty::I32),
    )
}

#[test]
fn fib_uses_immediate_and_fused_forms() {
    let p = emit(&module(vec![fib()]));
    let f = &p.functions[0];
    assert_eq!(
        ops(&f.code),
        [
            Opcode::JmpLtImm,
            Opcode::Jmp,
            Opcode::Ret,
            Opcode::AddImmI32,
            Opcode::Move,
            Opcode::Call,
            Opcode::Move,
            Opcode::AddImmI32,
            Opcode::Move,
            Opcode::Call,
            Opcode::Move,
            Opcode::AddI32,
            Opcode::Ret,
        ]
    );
    assert_eq!(enc::sc(f.code[3]), -1);
    assert_eq!(f.frame_size, 12);
    assert!(f.location_of(5).is_some(), "calls record their location");
}

#[test]
fn constants_choose_immediate_or_pool() {
    let r = Reg;
    let consts = [
        Const::I32(-5),
        Const::I64(1 << 40),
        Const::F64(0.5),
        Const::U64(u64::MAX),
        Const::Str(StrId(0)),
    ];
    let insts = consts
        .iter()
        .enumerate()
        .map(|(i, c)| Inst::Const {
            dst: r(i as u32),
            value: c.clone(),
        })
        .collect();
    let block = Block {
        handler: None,
        insts,
        term: Term::Return(None),
    };
    let tys = [Ty::I32, Ty::I64, Ty::F64, Ty::U64, Ty::Ref];
    let mut m = module(vec![function("k", 0, &tys, vec![block], None)]);
    m.strings.push(b"hi".to_vec());
    let p = emit(&m);
    let f = &p.functions[0];
    assert_eq!(
        ops(&f.code),
        [
            Opcode::LoadI,
            Opcode::LoadK,
            Opcode::LoadK,
            Opcode::LoadI,
            Opcode::LoadK,
            Opcode::Ret0
        ]
    );
    assert_eq!(
        f.constants,
        [
            Constant::Bits(1 << 40),
            Constant::Bits(0.5f64.to_bits()),
            Constant::Str(0)
        ]
    );
}

#[test]
fn call_arguments_are_permuted_into_the_call_area() {
    let r = Reg;
    // r0, r1 params; slots of the call area are 3, 4 (call_base = 2 → args at 3, 4).
    let mut f = function(
        "swap",
        2,
        &[Ty::I32, Ty::I32],
        vec![Block {
            handler: None,
            insts: vec![Inst::Call {
                dst: None,
                func: FuncId(0),
                args: vec![r(1), r(0)],
                loc: LocId(0),
            }],
            term: Term::Return(None),
        }],
        None,
    );
    // Place the registers inside the call area so the moves form a cycle.
    let layout = f.layout.as_mut().unwrap();
    layout.slot_of = vec![3, 4];
    layout.slot_types = vec![Ty::I32; 2];
    layout.call_base = 2;
    layout.frame_size = 5;
    let p = emit(&module(vec![f]));
    let code = &p.functions[0].code;
    let mut slots = [0u64, 0, 0, 30, 40];
    for &w in code
        .iter()
        .take_while(|&&w| enc::op(w) == Opcode::Move as u8)
    {
        slots[enc::a(w)] = slots[enc::b(w)];
    }
    assert_eq!(slots[3..], [40, 30]);
}

#[test]
fn wide_globals_use_extraarg() {
    let r = Reg;
    let mut m = module(vec![function(
        "g",
        0,
        &[Ty::I64],
        vec![Block {
            handler: None,
            insts: vec![
                Inst::LoadGlobal {
                    dst: r(0),
                    global: GlobalId(70_000),
                },
                Inst::StoreGlobal {
                    global: GlobalId(1),
                    src: r(0),
                },
            ],
            term: Term::Return(None),
        }],
        None,
    )]);
    m.globals = (0..70_001)
        .map(|i| Global {
            name: format!("g{i}"),
            ty: Ty::I64,
        })
        .collect();
    let p = emit(&m);
    let code = &p.functions[0].code;
    assert_eq!(
        ops(code),
        [
            Opcode::LoadGX,
            Opcode::ExtraArg,
            Opcode::StoreG,
            Opcode::Ret0
        ]
    );
    assert_eq!(enc::ax(code[1]), 70_000);
}

#[test]
fn missing_layout_is_an_error() {
    let mut f = fib();
    f.layout = None;
    let err = emit_module(&module(vec![f])).unwrap_err();
    assert_eq!(err.message, "no frame layout");
}

#[test]
fn counted_loops_fuse_into_forloop_and_constants_use_the_pool() {
    let r = Reg;
    let loc = LocId(0);
    // b0: r1 = 100; r0 = 0; r2 = 1; br b1
    // b1: r3 = r0 < r1; br.if r3, b2, b3
    // b2: r5 = 1009; r4 = r0 % r5; r6 = move r4; br b4
    // b3: ret
    // b4: r0 = r0 + r2; br b1
    let blocks = vec![
        Block {
            handler: None,
            insts: vec![
                Inst::Const {
                    dst: r(1),
                    value: Const::I32(100),
                },
                Inst::Const {
                    dst: r(0),
                    value: Const::I32(0),
                },
                Inst::Const {
                    dst: r(2),
                    value: Const::I32(1),
                },
            ],
            term: Term::Jump(BlockId(1)),
        },
        Block {
            handler: None,
            insts: vec![Inst::Cmp {
                op: CmpOp::Lt,
                ty: Ty::I32,
                dst: r(3),
                lhs: r(0),
                rhs: r(1),
            }],
            term: Term::Branch {
                cond: r(3),
                then: BlockId(2),
                otherwise: BlockId(3),
            },
        },
        Block {
            handler: None,
            insts: vec![
                Inst::Const {
                    dst: r(5),
                    value: Const::I32(1009),
                },
                Inst::Binary {
                    op: BinOp::Rem,
                    ty: Ty::I32,
                    checked: true,
                    dst: r(4),
                    lhs: r(0),
                    rhs: r(5),
                    loc,
                },
                Inst::Move {
                    dst: r(6),
                    src: r(4),
                },
            ],
            term: Term::Jump(BlockId(4)),
        },
        Block {
            handler: None,
            insts: vec![],
            term: Term::Return(None),
        },
        Block {
            handler: None,
            insts: vec![Inst::Binary {
                op: BinOp::Add,
                ty: Ty::I32,
                checked: true,
                dst: r(0),
                lhs: r(0),
                rhs: r(2),
                loc,
            }],
            term: Term::Jump(BlockId(1)),
        },
    ];
    let tys = [
        Ty::I32,
        Ty::I32,
        Ty::I32,
        Ty::Bool,
        Ty::I32,
        Ty::I32,
        Ty::I32,
    ];
    let p = emit(&module(vec![function("loop", 0, &tys, blocks, None)]));
    let f = &p.functions[0];
    assert_eq!(
        ops(&f.code),
        [
            Opcode::LoadI,
            Opcode::LoadI,
            Opcode::JmpLtS,
            Opcode::Jmp,
            Opcode::RemKI32,
            Opcode::ForLoopI32,
            Opcode::Jmp,
            Opcode::Ret0,
        ]
    );
    // The remainder writes the move's destination and reads 1009 from the pool.
    let rem = f.code[4];
    assert_eq!((enc::a(rem), enc::b(rem)), (6, 0));
    assert_eq!(f.constants[enc::c(rem)], Constant::Bits(1009));
    // `FORLOOP r0 r1 +1`, jumping back to the body, with the add's error location.
    let step = f.code[5];
    assert_eq!((enc::a(step), enc::b(step), enc::sc(step)), (0, 1, 1));
    assert_eq!(enc::sax_of(f.code[6]), 4 - 7);
    assert!(f.location_of(5).is_some());
}

#[test]
fn heap_instructions_use_the_call_area_and_handlers_are_laid_out() {
    // r0 = 1; r1 = [r0, r0]; r2 = r1[r0]; r3 = P{r0}; r4 = cell(r1); r5 = closure f1 [r4];
    // try { r6 = r5(r0) } catch r7 { }   (block 2 is reachable only as the handler)
    let r = Reg;
    let entry = Block {
        handler: None,
        insts: vec![
            Inst::Const {
                dst: r(0),
                value: Const::I32(1),
            },
            Inst::ArrayNew {
                dst: r(1),
                elem: ValueType::I32,
                elems: vec![r(0), r(0)],
            },
            Inst::ArrayGet {
                dst: r(2),
                array: r(1),
                index: r(0),
                index_ty: Ty::U64,
                loc: LocId(0),
            },
            Inst::StructNew {
                dst: r(3),
                id: 0,
                fields: vec![r(0)],
            },
            Inst::CellNew {
                dst: r(4),
                src: r(1),
                ty: Ty::Ref,
            },
            Inst::Closure {
                dst: r(5),
                func: FuncId(1),
                captures: vec![r(4)],
            },
            Inst::TryEnter {
                handler: BlockId(2),
                error: r(7),
            },
        ],
        term: Term::Jump(BlockId(1)),
    };
    let guarded = Block {
        handler: Some(BlockId(2)),
        insts: vec![
            Inst::CallIndirect {
                dst: Some(r(6)),
                callee: r(5),
                args: vec![r(0)],
                loc: LocId(0),
            },
            Inst::TryExit,
        ],
        term: Term::Jump(BlockId(3)),
    };
    let handler = Block {
        handler: None,
        insts: vec![Inst::RtCall {
            dst: Some(r(8)),
            func: RtFn::TypeofError,
            types: vec![],
            args: vec![r(7)],
            loc: LocId(0),
        }],
        term: Term::Jump(BlockId(3)),
    };
    let exit = Block {
        handler: None,
        insts: vec![],
        term: Term::Return(None),
    };
    let regs = [
        Ty::I32,
        Ty::Ref,
        Ty::I32,
        Ty::Ref,
        Ty::Ref,
        Ty::Ref,
        Ty::I32,
        Ty::Ref,
        Ty::Ref,
    ];
    let main = function("main", 0, &regs, vec![entry, guarded, handler, exit], None);
    let callee = function(
        "f",
        2,
        &[Ty::Ref, Ty::I32],
        vec![Block {
            handler: None,
            insts: vec![],
            term: Term::Return(Some(Reg(1))),
        }],
        Some(Ty::I32),
    );
    let mut m = module(vec![main, callee]);
    m.structs.push(StructDesc {
        name: "P".into(),
        fields: vec![("x".into(), ValueType::I32)],
    });
    m.funcs[1].value_name = "f".into();
    let p = emit(&m);
    assert_eq!(p.types.structs.len(), 1);
    assert_eq!(p.types.func_names, vec![String::new(), "f".to_string()]);
    let code = &p.functions[0].code;
    let ops = ops(code);
    for op in [
        Opcode::NewArray,
        Opcode::ArrayGetU,
        Opcode::NewStruct,
        Opcode::NewCellRef,
        Opcode::Closure,
        Opcode::Try,
        Opcode::CallR,
        Opcode::TryExit,
        Opcode::RtCall,
    ] {
        assert!(ops.contains(&op), "{op:?} in {ops:?}");
    }
    // The array's elements sit in the call area right before NEWARRAY.
    let at = ops.iter().position(|&o| o == Opcode::NewArray).unwrap();
    let word = code[at];
    assert_eq!(enc::b(word), 10);
    assert_eq!(enc::c(word), 2);
    assert_eq!(ops[at - 1], Opcode::Move);
    // TRY's jump reaches the handler: the error value moves to the call area for RTCALL.
    let t = ops.iter().position(|&o| o == Opcode::Try).unwrap();
    let target = (t as isize + 2 + enc::sax_of(code[t + 1])) as usize;
    assert_eq!(ops[target..target + 2], [Opcode::Move, Opcode::RtCall]);
    assert_eq!(enc::b(code[target]), 7);
}
