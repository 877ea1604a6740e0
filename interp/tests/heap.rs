//! Heap values in the interpreter, from hand-built IR: arrays, structs, cells and closures,
//! indirect calls, try/catch unwinding across calls, and the collector under stress mode
//! (a collection at every allocation) keeping every live object intact.

mod common;

use common::{emit, module};
use orus_interp::{run, Failure, Options};
use orus_midend::ir::*;
use orus_runtime::error::RuntimeError;

/// Builds one function block by block. `check` compares a register with a constant and
/// branches to a trap block naming the check when they differ, so a failing check is a
/// runtime error `Variable 'check N' used before assignment`.
struct Builder {
    name: String,
    params: u32,
    regs: Vec<Ty>,
    blocks: Vec<Option<Block>>,
    cur: usize,
    insts: Vec<Inst>,
    handler: Option<BlockId>,
    checks: u32,
}

impl Builder {
    fn new(name: &str, params: &[Ty]) -> Builder {
        Builder {
            name: name.to_string(),
            params: params.len() as u32,
            regs: params.to_vec(),
            blocks: vec![None],
            cur: 0,
            insts: Vec::new(),
            handler: None,
            checks: 0,
        }
    }

    fn reg(&mut self, ty: Ty) -> Reg {
        self.regs.push(ty);
        Reg(self.regs.len() as u32 - 1)
    }

    fn block(&mut self) -> BlockId {
        self.blocks.push(None);
        BlockId(self.blocks.len() as u32 - 1)
    }

    fn emit(&mut self, inst: Inst) {
        self.insts.push(inst);
    }

    fn konst(&mut self, value: Const) -> Reg {
        let r = self.reg(value.ty());
        self.emit(Inst::Const { dst: r, value });
        r
    }

    /// Ends the current block with `term` and continues in `next`.
    fn finish(&mut self, term: Term, next: BlockId) {
        self.blocks[self.cur] = Some(Block {
            insts: std::mem::take(&mut self.insts),
            term,
            handler: self.handler,
        });
        self.cur = next.0 as usize;
    }

    /// Continues in a new block (jumping there).
    fn split(&mut self) -> BlockId {
        let next = self.block();
        self.finish(Term::Jump(next), next);
        next
    }

    fn check(&mut self, ty: Ty, r: Reg, expected: Const) {
        let e = self.konst(expected);
        let c = self.reg(Ty::Bool);
        self.emit(Inst::Cmp {
            op: CmpOp::Eq,
            ty,
            dst: c,
            lhs: r,
            rhs: e,
        });
        self.check_true(c);
    }

    fn check_true(&mut self, c: Reg) {
        let ok = self.block();
        let bad = self.block();
        self.finish(
            Term::Branch {
                cond: c,
                then: ok,
                otherwise: bad,
            },
            bad,
        );
        self.checks += 1;
        let kind = TrapKind::Unassigned(format!("check {}", self.checks));
        self.finish(
            Term::Trap {
                kind,
                loc: LocId(0),
            },
            ok,
        );
    }

    fn binary(&mut self, op: BinOp, ty: Ty, lhs: Reg, rhs: Reg) -> Reg {
        let dst = self.reg(ty);
        self.emit(Inst::Binary {
            op,
            ty,
            checked: true,
            dst,
            lhs,
            rhs,
            loc: LocId(0),
        });
        dst
    }

    fn call(&mut self, ty: Ty, func: u32, args: &[Reg]) -> Reg {
        let dst = self.reg(ty);
        self.emit(Inst::Call {
            dst: Some(dst),
            func: FuncId(func),
            args: args.to_vec(),
            loc: LocId(0),
        });
        dst
    }

    fn array(&mut self, elem: ValueType, elems: &[Reg]) -> Reg {
        let dst = self.reg(Ty::Ref);
        self.emit(Inst::ArrayNew {
            dst,
            elem,
            elems: elems.to_vec(),
        });
        dst
    }

    fn get(&mut self, ty: Ty, array: Reg, index: Reg, index_ty: Ty) -> Reg {
        let dst = self.reg(ty);
        self.emit(Inst::ArrayGet {
            dst,
            array,
            index,
            index_ty,
            loc: LocId(0),
        });
        dst
    }

    fn len(&mut self, array: Reg) -> Reg {
        let dst = self.reg(Ty::I32);
        self.emit(Inst::ArrayLen { dst, array });
        dst
    }

    fn build(mut self, term: Term) -> Function {
        let end = BlockId(self.cur as u32);
        self.finish(term, end);
        let blocks = self
            .blocks
            .into_iter()
            .map(|b| b.expect("every block is finished"))
            .collect();
        common::function(&self.name, self.params, &self.regs, blocks)
    }
}

fn run_module(m: &Module) -> Result<orus_interp::Stats, Failure> {
    run(&emit(m), Options::default())
}

fn with_structs(mut m: Module) -> Module {
    m.structs = vec![StructDesc {
        name: "P".into(),
        fields: vec![("x".into(), ValueType::I32), ("s".into(), ValueType::Str)],
    }];
    m
}

/// Array literal, index read/write, push, len and reference semantics.
fn arrays_main() -> Function {
    let mut b = Builder::new("main", &[]);
    let (x, y, z) = (
        b.konst(Const::I32(10)),
        b.konst(Const::I32(20)),
        b.konst(Const::I32(30)),
    );
    let a = b.array(ValueType::I32, &[x, y, z]);
    let one = b.konst(Const::I32(1));
    let v = b.get(Ty::I32, a, one, Ty::I32);
    b.check(Ty::I32, v, Const::I32(20));
    let two = b.konst(Const::I64(2));
    let n = b.konst(Const::I32(99));
    b.emit(Inst::ArraySet {
        array: a,
        index: two,
        index_ty: Ty::I64,
        src: n,
        loc: LocId(0),
    });
    let v = b.get(Ty::I32, a, two, Ty::I64);
    b.check(Ty::I32, v, Const::I32(99));
    let seven = b.konst(Const::I32(7));
    b.emit(Inst::ArrayPush {
        array: a,
        src: seven,
    });
    let l = b.len(a);
    b.check(Ty::I32, l, Const::I32(4));
    let three = b.konst(Const::U64(3));
    let v = b.get(Ty::I32, a, three, Ty::U64);
    b.check(Ty::I32, v, Const::I32(7));
    // b = a; b[0] = 5 → a[0] == 5
    let alias = b.reg(Ty::Ref);
    b.emit(Inst::Move { dst: alias, src: a });
    let zero = b.konst(Const::U32(0));
    let five = b.konst(Const::I32(5));
    b.emit(Inst::ArraySet {
        array: alias,
        index: zero,
        index_ty: Ty::U32,
        src: five,
        loc: LocId(0),
    });
    let v = b.get(Ty::I32, a, zero, Ty::U32);
    b.check(Ty::I32, v, Const::I32(5));
    // An empty array of arrays, then pushes.
    let nested = b.array(ValueType::Array(Box::new(ValueType::I32)), &[]);
    b.emit(Inst::ArrayPush {
        array: nested,
        src: a,
    });
    let zero32 = b.konst(Const::I32(0));
    let inner = b.get(Ty::Ref, nested, zero32, Ty::I32);
    let same = b.reg(Ty::Bool);
    b.emit(Inst::Cmp {
        op: CmpOp::Eq,
        ty: Ty::Ref,
        dst: same,
        lhs: inner,
        rhs: a,
    });
    b.check_true(same);
    b.build(Term::Return(None))
}

#[test]
fn arrays_index_push_len_and_share() {
    run_module(&module(vec![arrays_main()])).expect("array checks pass");
}

/// `a = [1, 2, 3]; a[index]` with an index constant of class `index_ty`.
fn out_of_range(index: Const, index_ty: Ty, set: bool) -> Failure {
    let mut b = Builder::new("main", &[]);
    let e: Vec<Reg> = (1..=3).map(|v| b.konst(Const::I64(v))).collect();
    let a = b.array(ValueType::I64, &e);
    let i = b.konst(index);
    if set {
        b.emit(Inst::ArraySet {
            array: a,
            index: i,
            index_ty,
            src: e[0],
            loc: LocId(0),
        });
    } else {
        b.get(Ty::I64, a, i, index_ty);
    }
    let m = module(vec![b.build(Term::Return(None))]);
    run_module(&m).unwrap_err()
}

#[test]
fn array_index_errors_have_the_spec_messages() {
    let negative = RuntimeError::array_index_negative();
    let bounds = RuntimeError::array_index_out_of_bounds();
    for set in [false, true] {
        let f = out_of_range(Const::I32(-1), Ty::I32, set);
        assert_eq!(f.error, negative);
        assert_eq!(f.location.expect("located").line, 3);
        assert_eq!(out_of_range(Const::I64(3), Ty::I64, set).error, bounds);
        assert_eq!(out_of_range(Const::U32(3), Ty::U32, set).error, bounds);
        assert_eq!(
            out_of_range(Const::U64(1 << 63), Ty::U64, set).error,
            bounds
        );
        assert_eq!(
            out_of_range(Const::U64(u64::MAX), Ty::U64, set).error,
            bounds
        );
    }
}

/// Struct creation, field reads and writes, reference semantics.
fn structs_main() -> Function {
    let mut b = Builder::new("main", &[]);
    let x = b.konst(Const::I32(1));
    let s = b.konst(Const::Str(StrId(0)));
    let p = b.reg(Ty::Ref);
    b.emit(Inst::StructNew {
        dst: p,
        id: 0,
        fields: vec![x, s],
    });
    let fx = b.reg(Ty::I32);
    b.emit(Inst::FieldGet {
        dst: fx,
        obj: p,
        field: 0,
    });
    b.check(Ty::I32, fx, Const::I32(1));
    let q = b.reg(Ty::Ref);
    b.emit(Inst::Move { dst: q, src: p });
    let v = b.konst(Const::I32(42));
    b.emit(Inst::FieldSet {
        obj: q,
        field: 0,
        src: v,
    });
    let fx = b.reg(Ty::I32);
    b.emit(Inst::FieldGet {
        dst: fx,
        obj: p,
        field: 0,
    });
    b.check(Ty::I32, fx, Const::I32(42));
    let fs = b.reg(Ty::Ref);
    b.emit(Inst::FieldGet {
        dst: fs,
        obj: p,
        field: 1,
    });
    let same = b.reg(Ty::Bool);
    b.emit(Inst::Cmp {
        op: CmpOp::Eq,
        ty: Ty::Ref,
        dst: same,
        lhs: fs,
        rhs: s,
    });
    b.check_true(same);
    b.build(Term::Return(None))
}

#[test]
fn structs_fields_and_identity() {
    run_module(&with_structs(module(vec![structs_main()]))).expect("struct checks pass");
}

/// `fn counter(env) -> i32`: increments its captured cell and returns the new value.
fn counter() -> Function {
    let mut b = Builder::new("counter", &[Ty::Ref]);
    let cell = b.reg(Ty::Ref);
    b.emit(Inst::CaptureGet {
        dst: cell,
        env: Reg(0),
        index: 0,
    });
    let v = b.reg(Ty::I32);
    b.emit(Inst::CellGet { dst: v, cell });
    let one = b.konst(Const::I32(1));
    let v2 = b.binary(BinOp::Add, Ty::I32, v, one);
    b.emit(Inst::CellSet { cell, src: v2 });
    let mut f = b.build(Term::Return(Some(v2)));
    f.ret = Some(Ty::I32);
    f
}

/// `fn add(env, x: i32, y: i32) -> i32`: `x + y + captured`.
fn add_captured() -> Function {
    let mut b = Builder::new("add", &[Ty::Ref, Ty::I32, Ty::I32]);
    let cell = b.reg(Ty::Ref);
    b.emit(Inst::CaptureGet {
        dst: cell,
        env: Reg(0),
        index: 1,
    });
    let c = b.reg(Ty::I32);
    b.emit(Inst::CellGet { dst: c, cell });
    let s = b.binary(BinOp::Add, Ty::I32, Reg(1), Reg(2));
    let s = b.binary(BinOp::Add, Ty::I32, s, c);
    let mut f = b.build(Term::Return(Some(s)));
    f.ret = Some(Ty::I32);
    f
}

fn call_value(b: &mut Builder, callee: Reg, args: &[Reg]) -> Reg {
    let dst = b.reg(Ty::I32);
    b.emit(Inst::CallIndirect {
        dst: Some(dst),
        callee,
        args: args.to_vec(),
        loc: LocId(0),
    });
    dst
}

fn closures_main() -> Function {
    let mut b = Builder::new("main", &[]);
    let zero = b.konst(Const::I32(0));
    let cell = b.reg(Ty::Ref);
    b.emit(Inst::CellNew {
        dst: cell,
        src: zero,
        ty: Ty::I32,
    });
    let f = b.reg(Ty::Ref);
    b.emit(Inst::Closure {
        dst: f,
        func: FuncId(1),
        captures: vec![cell],
    });
    let r1 = call_value(&mut b, f, &[]);
    b.check(Ty::I32, r1, Const::I32(1));
    let r2 = call_value(&mut b, f, &[]);
    b.check(Ty::I32, r2, Const::I32(2));
    let seen = b.reg(Ty::I32);
    b.emit(Inst::CellGet { dst: seen, cell });
    b.check(Ty::I32, seen, Const::I32(2));
    // A second closure capturing a Ref cell and the counter's cell.
    let boxed = b.reg(Ty::Ref);
    b.emit(Inst::CellNew {
        dst: boxed,
        src: f,
        ty: Ty::Ref,
    });
    let g = b.reg(Ty::Ref);
    b.emit(Inst::Closure {
        dst: g,
        func: FuncId(2),
        captures: vec![boxed, cell],
    });
    let (x, y) = (b.konst(Const::I32(30)), b.konst(Const::I32(10)));
    let r = call_value(&mut b, g, &[x, y]);
    b.check(Ty::I32, r, Const::I32(42));
    // The counter is still reachable through the Ref cell.
    let again = b.reg(Ty::Ref);
    b.emit(Inst::CellGet {
        dst: again,
        cell: boxed,
    });
    let r3 = call_value(&mut b, again, &[]);
    b.check(Ty::I32, r3, Const::I32(3));
    b.build(Term::Return(None))
}

#[test]
fn closures_share_cells_and_see_mutations() {
    let m = module(vec![closures_main(), counter(), add_captured()]);
    run_module(&m).expect("closure checks pass");
}

#[test]
fn closures_survive_stress_collections() {
    orus_runtime::gc::set_stress(true);
    let m = module(vec![closures_main(), counter(), add_captured()]);
    run_module(&m).expect("closure checks pass under stress");
    orus_runtime::gc::set_stress(false);
}

/// `fn thrower(n: i32) -> i32 { n / 0 }` (function 1).
fn thrower() -> Function {
    let mut b = Builder::new("thrower", &[Ty::I32]);
    let zero = b.konst(Const::I32(0));
    let q = b.binary(BinOp::Div, Ty::I32, Reg(0), zero);
    let mut f = b.build(Term::Return(Some(q)));
    f.ret = Some(Ty::I32);
    f
}

/// `fn middle(n: i32) -> i32 { thrower(n) + 1 }` (function 2), with a Ref local.
fn middle() -> Function {
    let mut b = Builder::new("middle", &[Ty::I32]);
    let e = b.konst(Const::I32(1));
    let _garbage = b.array(ValueType::I32, &[e]);
    let r = b.call(Ty::I32, 1, &[Reg(0)]);
    let r = b.binary(BinOp::Add, Ty::I32, r, e);
    let mut f = b.build(Term::Return(Some(r)));
    f.ret = Some(Ty::I32);
    f
}

/// `fn forever(n: i32) -> i32 { forever(n) }` (function 3).
fn forever() -> Function {
    let mut b = Builder::new("forever", &[Ty::I32]);
    let r = b.call(Ty::I32, 3, &[Reg(0)]);
    let mut f = b.build(Term::Return(Some(r)));
    f.ret = Some(Ty::I32);
    f
}

/// `try { body } catch e { flag = value }`, continuing after the handler in a new block.
fn try_region(b: &mut Builder, flag: Reg, value: i32, body: impl FnOnce(&mut Builder)) {
    let guarded = b.block();
    let handler = b.block();
    let after = b.block();
    let error = b.reg(Ty::Ref);
    b.emit(Inst::TryEnter { handler, error });
    b.finish(Term::Jump(guarded), guarded);
    let outer = b.handler;
    b.handler = Some(handler);
    body(b);
    b.emit(Inst::TryExit);
    b.handler = outer;
    b.finish(Term::Jump(after), handler);
    b.emit(Inst::Const {
        dst: flag,
        value: Const::I32(value),
    });
    b.finish(Term::Jump(after), after);
}

fn try_main() -> Function {
    let mut b = Builder::new("main", &[]);
    let flag = b.konst(Const::I32(0));
    let five = b.konst(Const::I32(5));
    // An error two calls deep is caught here.
    try_region(&mut b, flag, 1, |b| {
        let r = b.call(Ty::I32, 2, &[five]);
        b.check(Ty::I32, r, Const::I32(-1));
    });
    b.check(Ty::I32, flag, Const::I32(1));
    // No error: the handler does not run.
    try_region(&mut b, flag, 2, |b| {
        let e = b.konst(Const::I32(3));
        b.array(ValueType::I32, &[e]);
    });
    b.check(Ty::I32, flag, Const::I32(1));
    // Nested regions: the inner handler catches; then an error in an inner handler goes
    // to the outer one.
    try_region(&mut b, flag, 3, |b| {
        let inner_flag = b.konst(Const::I32(0));
        try_region(b, inner_flag, 7, |b| {
            b.call(Ty::I32, 1, &[five]);
        });
        b.check(Ty::I32, inner_flag, Const::I32(7));
    });
    b.check(Ty::I32, flag, Const::I32(1));
    let handler = b.block();
    let after = b.block();
    let error = b.reg(Ty::Ref);
    b.emit(Inst::TryEnter { handler, error });
    let guarded = b.split();
    let _ = guarded;
    let outer = b.handler;
    b.handler = Some(handler);
    let inner_flag = b.konst(Const::I32(0));
    try_region(&mut b, inner_flag, 9, |b| {
        b.call(Ty::I32, 1, &[five]);
    });
    // Inside the outer region, after the inner handler ran: raise again.
    b.call(Ty::I32, 2, &[five]);
    b.emit(Inst::TryExit);
    b.handler = outer;
    b.finish(Term::Jump(after), handler);
    b.emit(Inst::Const {
        dst: flag,
        value: Const::I32(4),
    });
    b.finish(Term::Jump(after), after);
    b.check(Ty::I32, flag, Const::I32(4));
    // Stack overflow is catchable and leaves a working stack behind.
    try_region(&mut b, flag, 5, |b| {
        b.call(Ty::I32, 3, &[five]);
    });
    b.check(Ty::I32, flag, Const::I32(5));
    let r = b.call(Ty::I32, 2, &[five]);
    let _ = r;
    b.build(Term::Return(None))
}

#[test]
fn try_catch_unwinds_across_calls() {
    let m = module(vec![try_main(), thrower(), middle(), forever()]);
    let options = Options {
        max_depth: 10_000,
        ..Options::default()
    };
    // The last statement raises outside any region: a normal failure at its location.
    let failure = run(&emit(&m), options).unwrap_err();
    assert_eq!(failure.error, RuntimeError::division_by_zero());
    assert_eq!(failure.location.expect("located").line, 3);
}

#[test]
fn try_catch_under_stress_collections() {
    orus_runtime::gc::set_stress(true);
    let m = module(vec![try_main(), thrower(), middle(), forever()]);
    let options = Options {
        max_depth: 2_000,
        ..Options::default()
    };
    let failure = run(&emit(&m), options).unwrap_err();
    assert_eq!(failure.error, RuntimeError::division_by_zero());
    orus_runtime::gc::set_stress(false);
}

/// `fn make(i: i32) -> [i32]`: returns `[i, i + 1]` after allocating garbage.
fn make_pair() -> Function {
    let mut b = Builder::new("make", &[Ty::I32]);
    let one = b.konst(Const::I32(1));
    let next = b.binary(BinOp::Add, Ty::I32, Reg(0), one);
    let s = b.konst(Const::Str(StrId(0)));
    let junk = b.reg(Ty::Ref);
    b.emit(Inst::StructNew {
        dst: junk,
        id: 0,
        fields: vec![next, s],
    });
    let pair = b.array(ValueType::I32, &[Reg(0), next]);
    let _more = b.array(ValueType::Str, &[s, s]);
    let mut f = b.build(Term::Return(Some(pair)));
    f.ret = Some(Ty::Ref);
    f
}

/// Keeps 300 pairs in an array of arrays while allocating garbage, then checks them all.
fn stress_main() -> Function {
    let mut b = Builder::new("main", &[]);
    let keep = b.array(ValueType::Array(Box::new(ValueType::I32)), &[]);
    let i = b.konst(Const::I32(0));
    let limit = b.konst(Const::I32(300));
    let one = b.konst(Const::I32(1));
    let header = b.block();
    let body = b.block();
    let exit = b.block();
    b.finish(Term::Jump(header), header);
    let go = b.reg(Ty::Bool);
    b.emit(Inst::Cmp {
        op: CmpOp::Lt,
        ty: Ty::I32,
        dst: go,
        lhs: i,
        rhs: limit,
    });
    b.finish(
        Term::Branch {
            cond: go,
            then: body,
            otherwise: exit,
        },
        body,
    );
    let pair = b.call(Ty::Ref, 1, &[i]);
    b.emit(Inst::ArrayPush {
        array: keep,
        src: pair,
    });
    let cell = b.reg(Ty::Ref);
    b.emit(Inst::CellNew {
        dst: cell,
        src: pair,
        ty: Ty::Ref,
    });
    b.emit(Inst::Binary {
        op: BinOp::Add,
        ty: Ty::I32,
        checked: true,
        dst: i,
        lhs: i,
        rhs: one,
        loc: LocId(0),
    });
    b.finish(Term::Jump(header), exit);
    let l = b.len(keep);
    b.check(Ty::I32, l, Const::I32(300));
    // Check every pair: keep[k] == [k, k + 1].
    let k = b.konst(Const::I32(0));
    let header = b.block();
    let body = b.block();
    let done = b.block();
    b.finish(Term::Jump(header), header);
    let go = b.reg(Ty::Bool);
    b.emit(Inst::Cmp {
        op: CmpOp::Lt,
        ty: Ty::I32,
        dst: go,
        lhs: k,
        rhs: limit,
    });
    b.finish(
        Term::Branch {
            cond: go,
            then: body,
            otherwise: done,
        },
        body,
    );
    let pair = b.get(Ty::Ref, keep, k, Ty::I32);
    let zero = b.konst(Const::I32(0));
    let first = b.get(Ty::I32, pair, zero, Ty::I32);
    let eq = b.reg(Ty::Bool);
    b.emit(Inst::Cmp {
        op: CmpOp::Eq,
        ty: Ty::I32,
        dst: eq,
        lhs: first,
        rhs: k,
    });
    b.check_true(eq);
    let second = b.get(Ty::I32, pair, one, Ty::I32);
    let expected = b.binary(BinOp::Add, Ty::I32, k, one);
    let eq = b.reg(Ty::Bool);
    b.emit(Inst::Cmp {
        op: CmpOp::Eq,
        ty: Ty::I32,
        dst: eq,
        lhs: second,
        rhs: expected,
    });
    b.check_true(eq);
    b.emit(Inst::Binary {
        op: BinOp::Add,
        ty: Ty::I32,
        checked: true,
        dst: k,
        lhs: k,
        rhs: one,
        loc: LocId(0),
    });
    b.finish(Term::Jump(header), done);
    b.build(Term::Return(None))
}

#[test]
fn stress_collections_keep_live_objects_intact() {
    orus_runtime::gc::set_stress(true);
    let before = orus_runtime::gc::stats().collections;
    let m = with_structs(module(vec![stress_main(), make_pair()]));
    run_module(&m).expect("every kept pair is intact");
    let after = orus_runtime::gc::stats().collections;
    orus_runtime::gc::set_stress(false);
    assert!(after > before + 1000, "{before} → {after} collections");
}

#[test]
fn garbage_is_reclaimed_without_stress() {
    let m = with_structs(module(vec![stress_main(), make_pair()]));
    run_module(&m).expect("runs");
    orus_runtime::gc::collect();
    assert!(orus_runtime::gc::stats().bytes_allocated > 0);
}

/// `Shape.Circle(r)` / `Shape.Rect(w, h)` built by `RTCALL enum_new`, read back with
/// `ENUMTAG`/`ENUMPAYLOAD`; then `pop` of an empty array (an `RTCALL` error) is caught.
fn enums_main() -> Function {
    let mut b = Builder::new("main", &[]);
    let variant = b.konst(Const::U32(1));
    let (w, h) = (b.konst(Const::I32(3)), b.konst(Const::I32(4)));
    let rect = b.reg(Ty::Ref);
    b.emit(Inst::RtCall {
        dst: Some(rect),
        func: RtFn::EnumNew,
        types: vec![ValueType::Enum(0), ValueType::I32, ValueType::I32],
        args: vec![variant, w, h],
        loc: LocId(0),
    });
    let tag = b.reg(Ty::I32);
    b.emit(Inst::EnumTag {
        dst: tag,
        value: rect,
    });
    b.check(Ty::I32, tag, Const::I32(1));
    let p1 = b.reg(Ty::I32);
    b.emit(Inst::EnumPayload {
        dst: p1,
        value: rect,
        index: 1,
    });
    b.check(Ty::I32, p1, Const::I32(4));
    let flag = b.konst(Const::I32(0));
    try_region(&mut b, flag, 1, |b| {
        let empty = b.array(ValueType::I32, &[]);
        let popped = b.reg(Ty::I32);
        b.emit(Inst::RtCall {
            dst: Some(popped),
            func: RtFn::ArrayPop,
            types: vec![ValueType::I32],
            args: vec![empty],
            loc: LocId(0),
        });
    });
    b.check(Ty::I32, flag, Const::I32(1));
    b.build(Term::Return(None))
}

#[test]
fn enums_and_caught_runtime_call_errors() {
    orus_runtime::gc::set_stress(true);
    let mut m = module(vec![enums_main()]);
    m.enums = vec![EnumDesc {
        name: "Shape".into(),
        variants: vec![
            VariantDesc {
                name: "Circle".into(),
                arity: 1,
            },
            VariantDesc {
                name: "Rect".into(),
                arity: 2,
            },
        ],
    }];
    let result = run_module(&m);
    orus_runtime::gc::set_stress(false);
    result.expect("enum checks pass and the pop error is caught");
}

#[test]
fn disassembly_names_heap_operands() {
    let m = with_structs(module(vec![closures_main(), counter(), add_captured()]));
    let text = orus_interp::disassemble(&emit(&m));
    for needle in [
        "NEWCELL ",
        "NEWCELL_R",
        "CLOSURE    r",
        "; counter",
        "CALLR ",
        "GETCAPTURE r1 r0 0",
        "GETCELL ",
        "SETCELL ",
    ] {
        assert!(text.contains(needle), "{needle:?} missing in\n{text}");
    }
    let m = with_structs(module(vec![structs_main()]));
    let text = orus_interp::disassemble(&emit(&m));
    assert!(text.contains("NEWSTRUCT"), "{text}");
    assert!(text.contains("S#0"), "{text}");
    assert!(text.contains("; P"), "{text}");
}
