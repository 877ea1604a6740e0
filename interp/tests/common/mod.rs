//! Hand-built register IR for interpreter tests: every register `i` lives in slot `i` and the
//! call area sits above them, so tests exercise emit → verify → run without the allocator.
#![allow(dead_code)]

use orus_midend::emit::emit_module;
use orus_midend::ir::*;
use orus_midend::regalloc::FrameLayout;

/// A function whose register `i` has type `regs[i]` and lives in slot `i`.
pub fn function(name: &str, params: u32, regs: &[Ty], blocks: Vec<Block>) -> Function {
    let layout = FrameLayout::one_slot_per_register(regs, &blocks);
    Function {
        value_name: String::new(),
        name: name.to_string(),
        params: (0..params).map(Reg).collect(),
        ret: None,
        regs: regs.iter().map(|&ty| RegInfo { ty, name: None }).collect(),
        blocks,
        loc: LocId(0),
        layout: Some(layout),
    }
}

/// A module over `t.orus` whose location 0 is line 3, column 5; string 0 is `""`.
pub fn module(funcs: Vec<Function>) -> Module {
    Module {
        enums: Vec::new(),
        structs: Vec::new(),
        funcs,
        globals: vec![],
        strings: vec![Vec::new()],
        files: vec!["t.orus".into()],
        locations: vec![Location {
            file: 0,
            start: 10,
            end: 15,
            line: 3,
            col: 5,
        }],
        entry: FuncId(0),
    }
}

/// A block.
pub fn block(insts: Vec<Inst>, term: Term) -> Block {
    Block {
        handler: None,
        insts,
        term,
    }
}

/// `dst = value`.
pub fn konst(dst: u32, value: Const) -> Inst {
    Inst::Const {
        dst: Reg(dst),
        value,
    }
}

/// `dst = lhs op rhs` (checked).
pub fn binary(op: BinOp, ty: Ty, dst: u32, lhs: u32, rhs: u32) -> Inst {
    Inst::Binary {
        op,
        ty,
        checked: true,
        dst: Reg(dst),
        lhs: Reg(lhs),
        rhs: Reg(rhs),
        loc: LocId(0),
    }
}

/// `dst = lhs op rhs` → bool.
pub fn compare(op: CmpOp, ty: Ty, dst: u32, lhs: u32, rhs: u32) -> Inst {
    Inst::Cmp {
        op,
        ty,
        dst: Reg(dst),
        lhs: Reg(lhs),
        rhs: Reg(rhs),
    }
}

/// `dst = func(args)`.
pub fn call(dst: u32, func: u32, args: &[u32]) -> Inst {
    Inst::Call {
        dst: Some(Reg(dst)),
        func: FuncId(func),
        args: args.iter().map(|&a| Reg(a)).collect(),
        loc: LocId(0),
    }
}

/// `assert_eq("", actual, expected)` on two values of `ty`; `label` holds the `""` string.
pub fn assert_equal(label: u32, ty: ValueType, actual: u32, expected: u32) -> Inst {
    Inst::Runtime {
        dst: None,
        func: RuntimeFn::AssertEq,
        types: vec![ValueType::Str, ty.clone(), ty],
        args: vec![Reg(label), Reg(actual), Reg(expected)],
        loc: LocId(0),
    }
}

/// `if cond then a else b`.
pub fn branch(cond: u32, then: u32, otherwise: u32) -> Term {
    Term::Branch {
        cond: Reg(cond),
        then: BlockId(then),
        otherwise: BlockId(otherwise),
    }
}

/// `return reg`.
pub fn ret(reg: u32) -> Term {
    Term::Return(Some(Reg(reg)))
}

/// Emits a module, panicking on emitter errors (they are test failures).
pub fn emit(m: &Module) -> orus_abi::bytecode::Program {
    emit_module(m).expect("module emits")
}

/// `fn fib(n: i32) -> i32` as function index `index`.
pub fn fib(index: u32) -> Function {
    use BinOp::*;
    let i32s = [Ty::I32; 10];
    let entry = block(
        vec![
            konst(1, Const::I32(2)),
            compare(CmpOp::Lt, Ty::I32, 2, 0, 1),
        ],
        branch(2, 1, 2),
    );
    let base = block(vec![], ret(0));
    let recurse = block(
        vec![
            konst(3, Const::I32(1)),
            binary(Sub, Ty::I32, 4, 0, 3),
            call(5, index, &[4]),
            konst(6, Const::I32(2)),
            binary(Sub, Ty::I32, 7, 0, 6),
            call(8, index, &[7]),
            binary(Add, Ty::I32, 9, 5, 8),
        ],
        ret(9),
    );
    function("fib", 1, &i32s, vec![entry, base, recurse])
}

/// `fn main()` computing `value = callee(arg)` and asserting it equals `expected`.
pub fn check_call(callee: u32, arg: Const, expected: Const, ty: ValueType, reg_ty: Ty) -> Function {
    let arg_ty = arg.ty();
    function(
        "main",
        0,
        &[arg_ty, reg_ty, reg_ty, Ty::Ref],
        vec![block(
            vec![
                konst(0, arg),
                call(1, callee, &[0]),
                konst(2, expected),
                konst(3, Const::Str(StrId(0))),
                assert_equal(3, ty, 1, 2),
            ],
            Term::Return(None),
        )],
    )
}
