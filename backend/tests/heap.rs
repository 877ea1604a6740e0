//! Heap values in native code, from hand-built IR: arrays (inline element access with the
//! §8.7 bounds checks), structs, enums, cells and closures called through `CallIndirect`,
//! generic runtime calls, `try`/`catch` across calls (including stack overflow), and the same
//! programs under the collector's stress mode.

mod common;

use common::{build, build_and_run, module, run_with_env, FnBuilder, Run};
use orus_backend::Arch;
use orus_midend::ir::*;
use orus_runtime::diagnostic::{render, SourceLoc};
use orus_runtime::error::RuntimeError;

const SOURCE: &str = "xs = [1, 2, 3]\nprint(xs[5])\n";

/// Location 0: `xs[5]` on line 2.
const LOC: (u32, u32, u32, u32) = (21, 26, 2, 7);

fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("app.orus"), SOURCE).expect("write source");
    dir
}

fn expected_error(dir: &std::path::Path, err: &RuntimeError) -> String {
    let path = dir.join("app.orus").display().to_string();
    let loc = SourceLoc {
        path: path.clone(),
        start: LOC.0,
        end: LOC.1,
        line: LOC.2,
        col: LOC.3,
    };
    render(err, Some(&loc), false).replace(&path, "app.orus")
}

/// Builds and runs `m` on the host, normally and with `ORUS_GC_STRESS=1`; both runs must
/// agree. `None` when the runtime archive is missing.
fn run_both(m: &Module) -> Option<(tempfile::TempDir, Run)> {
    let dir = workdir();
    let arch = Arch::host()?;
    let exe = build(m, arch, dir.path(), "prog")?;
    let normal = run_with_env(&exe, arch, dir.path(), &[]);
    let stressed = run_with_env(&exe, arch, dir.path(), &[("ORUS_GC_STRESS", "1")]);
    assert_eq!(normal.stdout, stressed.stdout, "stdout under GC stress");
    assert_eq!(normal.stderr, stressed.stderr, "stderr under GC stress");
    assert_eq!(normal.code, stressed.code, "exit under GC stress");
    Some((dir, normal))
}

/// Small helpers on top of [`FnBuilder`] for the heap instructions.
trait Heap {
    fn array(&mut self, b: BlockId, elem: ValueType, elems: Vec<Reg>) -> Reg;
    fn get(&mut self, b: BlockId, array: Reg, index: Reg, dst: Ty) -> Reg;
    fn len(&mut self, b: BlockId, array: Reg) -> Reg;
}

impl Heap for FnBuilder {
    fn array(&mut self, b: BlockId, elem: ValueType, elems: Vec<Reg>) -> Reg {
        let dst = self.reg(Ty::Ref);
        self.push(b, Inst::ArrayNew { dst, elem, elems });
        dst
    }

    fn get(&mut self, b: BlockId, array: Reg, index: Reg, dst: Ty) -> Reg {
        let index_ty = self.f.regs[index.0 as usize].ty;
        let d = self.reg(dst);
        self.push(
            b,
            Inst::ArrayGet {
                dst: d,
                array,
                index,
                index_ty,
                loc: LocId(0),
            },
        );
        d
    }

    fn len(&mut self, b: BlockId, array: Reg) -> Reg {
        let dst = self.reg(Ty::I32);
        self.push(b, Inst::ArrayLen { dst, array });
        dst
    }
}

fn arrays_read_write_push_and_nest_module() -> Module {
    let mut b = FnBuilder::new("main", &[], None);
    let e = BlockId(0);
    let one = b.konst(e, Const::I32(1));
    let two = b.konst(e, Const::I32(2));
    let three = b.konst(e, Const::I32(3));
    let xs = b.array(e, ValueType::I32, vec![one, two, three]);
    // xs[0] = 10 (u32 index), push(xs, 4) several times (growth), len, xs[3] (i64 index).
    let zero_u = b.konst(e, Const::U32(0));
    let ten = b.konst(e, Const::I32(10));
    b.push(
        e,
        Inst::ArraySet {
            array: xs,
            index: zero_u,
            index_ty: Ty::U32,
            src: ten,
            loc: LocId(0),
        },
    );
    for _ in 0..20 {
        b.push(
            e,
            Inst::ArrayPush {
                array: xs,
                src: three,
            },
        );
    }
    let n = b.len(e, xs);
    let i0 = b.konst(e, Const::I32(0));
    let first = b.get(e, xs, i0, Ty::I32);
    let i22 = b.konst(e, Const::I64(22));
    let last = b.get(e, xs, i22, Ty::I32);
    b.print(
        e,
        vec![ValueType::I32, ValueType::I32, ValueType::I32],
        vec![n, first, last],
    );
    // Nested: [[xs], [f64 array]] with Ref elements; read back through two levels.
    let half = b.konst(e, Const::F64(0.5));
    let fs = b.array(e, ValueType::F64, vec![half, half]);
    let outer = b.array(
        e,
        ValueType::Array(Box::new(ValueType::Array(Box::new(ValueType::I32)))),
        vec![xs, fs],
    );
    let i1 = b.konst(e, Const::U64(1));
    let inner = b.get(e, outer, i1, Ty::Ref);
    let f = b.get(e, inner, i1, Ty::F64);
    let inner0 = b.get(e, outer, i0, Ty::Ref);
    let same = b.cmp(e, CmpOp::Eq, Ty::Ref, inner0, xs);
    let differs = b.cmp(e, CmpOp::Ne, Ty::Ref, inner, xs);
    b.print(
        e,
        vec![ValueType::F64, ValueType::Bool, ValueType::Bool],
        vec![f, same, differs],
    );
    let m: Module = module(vec![b.f], &[], "app.orus", &[LOC]);
    m
}

#[test]
fn arrays_read_write_push_and_nest() {
    let m = arrays_read_write_push_and_nest_module();
    let Some((_dir, run)) = run_both(&m) else {
        return;
    };
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "23 10 3\n0.5 true true\n");
}

/// `main` reading `xs[index]` of a three-element array.
fn index_module(index: Const) -> Module {
    let mut b = FnBuilder::new("main", &[], None);
    let e = BlockId(0);
    let one = b.konst(e, Const::I64(1));
    let xs = b.array(e, ValueType::I64, vec![one, one, one]);
    let i = b.konst(e, index);
    let v = b.get(e, xs, i, Ty::I64);
    b.print(e, vec![ValueType::I64], vec![v]);
    module(vec![b.f], &[], "app.orus", &[LOC])
}

#[test]
fn array_index_errors() {
    let cases = [
        (Const::I32(3), RuntimeError::array_index_out_of_bounds()),
        (Const::I32(-1), RuntimeError::array_index_negative()),
        (Const::I64(i64::MIN), RuntimeError::array_index_negative()),
        (
            Const::U32(u32::MAX),
            RuntimeError::array_index_out_of_bounds(),
        ),
        // ≥ 2^63 as u64: out of bounds, never "negative".
        (
            Const::U64(u64::MAX),
            RuntimeError::array_index_out_of_bounds(),
        ),
    ];
    for (index, err) in cases {
        let dir = workdir();
        let Some(run) = build_and_run(&index_module(index.clone()), dir.path()) else {
            return;
        };
        assert_eq!(run.code, 70, "{index:?}");
        assert_eq!(run.stdout, "");
        assert_eq!(run.stderr, expected_error(dir.path(), &err), "{index:?}");
    }
}

fn structs_fields_and_reference_semantics_module() -> Module {
    let mut b = FnBuilder::new("main", &[], None);
    let e = BlockId(0);
    let x = b.konst(e, Const::F64(1.5));
    let name = b.konst(e, Const::Str(StrId(0)));
    let p = b.reg(Ty::Ref);
    b.push(
        e,
        Inst::StructNew {
            dst: p,
            id: 0,
            fields: vec![x, name],
        },
    );
    let alias = b.reg(Ty::Ref);
    b.push(e, Inst::Move { dst: alias, src: p });
    let y = b.konst(e, Const::F64(-2.5));
    b.push(
        e,
        Inst::FieldSet {
            obj: alias,
            field: 0,
            src: y,
        },
    );
    let got = b.reg(Ty::F64);
    b.push(
        e,
        Inst::FieldGet {
            dst: got,
            obj: p,
            field: 0,
        },
    );
    let label = b.reg(Ty::Ref);
    b.push(
        e,
        Inst::FieldGet {
            dst: label,
            obj: p,
            field: 1,
        },
    );
    b.print(e, vec![ValueType::Str, ValueType::F64], vec![label, got]);
    let mut m = module(vec![b.f], &["pt"], "app.orus", &[LOC]);
    m.structs.push(StructDesc {
        name: "Point".into(),
        fields: vec![
            ("x".into(), ValueType::F64),
            ("name".into(), ValueType::Str),
        ],
    });
    m
}

#[test]
fn structs_fields_and_reference_semantics() {
    let m = structs_fields_and_reference_semantics_module();
    let Some((_dir, run)) = run_both(&m) else {
        return;
    };
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "pt -2.5\n");
}

/// `make(start: i64) -> fn`: a cell holding `start` captured by a closure of function 2.
fn make_counter() -> Function {
    let mut b = FnBuilder::new("make", &[Ty::I64], Some(Ty::Ref));
    let e = BlockId(0);
    let start = b.f.params[0];
    let cell = b.reg(Ty::Ref);
    b.push(
        e,
        Inst::CellNew {
            dst: cell,
            src: start,
            ty: Ty::I64,
        },
    );
    let c = b.reg(Ty::Ref);
    b.push(
        e,
        Inst::Closure {
            dst: c,
            func: FuncId(2),
            captures: vec![cell],
        },
    );
    b.end(e, Term::Return(Some(c)));
    b.f
}

/// `tick(env, by: i64) -> i64`: adds `by` to the captured counter and returns it.
fn tick() -> Function {
    let mut b = FnBuilder::new("tick", &[Ty::Ref, Ty::I64], Some(Ty::I64));
    let e = BlockId(0);
    let (env, by) = (b.f.params[0], b.f.params[1]);
    let cell = b.reg(Ty::Ref);
    b.push(
        e,
        Inst::CaptureGet {
            dst: cell,
            env,
            index: 0,
        },
    );
    let old = b.reg(Ty::I64);
    b.push(e, Inst::CellGet { dst: old, cell });
    let new = b.bin(e, BinOp::Add, Ty::I64, old, by, 0);
    b.push(e, Inst::CellSet { cell, src: new });
    b.end(e, Term::Return(Some(new)));
    b.f.value_name = String::new();
    b.f
}

/// `is_big(env, x: f64) -> bool`: a capture-less function value with a float parameter.
fn is_big() -> Function {
    let mut b = FnBuilder::new("is_big", &[Ty::Ref, Ty::F64], Some(Ty::Bool));
    let e = BlockId(0);
    let x = b.f.params[1];
    let limit = b.konst(e, Const::F64(100.0));
    let r = b.cmp(e, CmpOp::Gt, Ty::F64, x, limit);
    b.end(e, Term::Return(Some(r)));
    b.f.value_name = "is_big".into();
    b.f
}

fn closures_share_captured_cells_and_call_indirectly_module() -> Module {
    let mut b = FnBuilder::new("main", &[], None);
    let e = BlockId(0);
    let start = b.konst(e, Const::I64(10));
    let counter = b
        .call(e, 1, vec![start], Some(Ty::Ref), 0)
        .expect("closure");
    let other = b
        .call(e, 1, vec![start], Some(Ty::Ref), 0)
        .expect("closure");
    let mut results = vec![];
    for (f, by) in [(counter, 1), (counter, 5), (other, 100), (counter, 1)] {
        let k = b.konst(e, Const::I64(by));
        let dst = b.reg(Ty::I64);
        b.push(
            e,
            Inst::CallIndirect {
                dst: Some(dst),
                callee: f,
                args: vec![k],
                loc: LocId(0),
            },
        );
        results.push(dst);
    }
    // A result-less call of a function that returns a value.
    let k = b.konst(e, Const::I64(1000));
    b.push(
        e,
        Inst::CallIndirect {
            dst: None,
            callee: other,
            args: vec![k],
            loc: LocId(0),
        },
    );
    let again = b.konst(e, Const::I64(0));
    let seen = b.reg(Ty::I64);
    b.push(
        e,
        Inst::CallIndirect {
            dst: Some(seen),
            callee: other,
            args: vec![again],
            loc: LocId(0),
        },
    );
    results.push(seen);
    let pred = b.reg(Ty::Ref);
    b.push(
        e,
        Inst::Closure {
            dst: pred,
            func: FuncId(3),
            captures: vec![],
        },
    );
    let x = b.konst(e, Const::F64(123.0));
    let big = b.reg(Ty::Bool);
    b.push(
        e,
        Inst::CallIndirect {
            dst: Some(big),
            callee: pred,
            args: vec![x],
            loc: LocId(0),
        },
    );
    let mut types = vec![ValueType::I64; results.len()];
    types.push(ValueType::Bool);
    results.push(big);
    b.print(e, types, results);
    let m: Module = module(
        vec![b.f, make_counter(), tick(), is_big()],
        &[],
        "app.orus",
        &[LOC],
    );
    m
}

#[test]
fn closures_share_captured_cells_and_call_indirectly() {
    let m = closures_share_captured_cells_and_call_indirectly_module();
    let Some((_dir, run)) = run_both(&m) else {
        return;
    };
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "11 16 110 17 1110 true\n");
}

fn generic_runtime_calls_and_enums_module() -> Module {
    let mut b = FnBuilder::new("main", &[], None);
    let e = BlockId(0);
    let vals: Vec<Reg> = [3, 1, 2]
        .iter()
        .map(|&v| b.konst(e, Const::I32(v)))
        .collect();
    let xs = b.array(e, ValueType::I32, vals);
    let sorted = b.reg(Ty::Ref);
    b.push(
        e,
        Inst::RtCall {
            dst: Some(sorted),
            func: RtFn::Sorted,
            types: vec![ValueType::I32],
            args: vec![xs],
            loc: LocId(0),
        },
    );
    let popped = b.reg(Ty::I32);
    b.push(
        e,
        Inst::RtCall {
            dst: Some(popped),
            func: RtFn::ArrayPop,
            types: vec![ValueType::I32],
            args: vec![sorted],
            loc: LocId(0),
        },
    );
    let i0 = b.konst(e, Const::I32(0));
    let first = b.get(e, sorted, i0, Ty::I32);
    let n = b.len(e, sorted);
    // Ok(7) of `Result` (enum 0, variant 0), its tag and payload.
    let variant = b.konst(e, Const::U32(0));
    let seven = b.konst(e, Const::I32(7));
    let ok = b.reg(Ty::Ref);
    b.push(
        e,
        Inst::RtCall {
            dst: Some(ok),
            func: RtFn::EnumNew,
            types: vec![ValueType::Enum(0), ValueType::I32],
            args: vec![variant, seven],
            loc: LocId(0),
        },
    );
    let tag = b.reg(Ty::I32);
    b.push(
        e,
        Inst::EnumTag {
            dst: tag,
            value: ok,
        },
    );
    let payload = b.reg(Ty::I32);
    b.push(
        e,
        Inst::EnumPayload {
            dst: payload,
            value: ok,
            index: 0,
        },
    );
    let eq = b.reg(Ty::Bool);
    b.push(
        e,
        Inst::RtCall {
            dst: Some(eq),
            func: RtFn::ValueEq,
            types: vec![ValueType::Enum(0)],
            args: vec![ok, ok],
            loc: LocId(0),
        },
    );
    b.print(
        e,
        vec![ValueType::I32; 5]
            .into_iter()
            .chain([ValueType::Bool])
            .collect(),
        vec![popped, first, n, tag, payload, eq],
    );
    let mut m = module(vec![b.f], &[], "app.orus", &[LOC]);
    m.enums.push(EnumDesc {
        name: "Result".into(),
        variants: vec![
            VariantDesc {
                name: "Ok".into(),
                arity: 1,
            },
            VariantDesc {
                name: "Err".into(),
                arity: 1,
            },
        ],
    });
    m
}

#[test]
fn generic_runtime_calls_and_enums() {
    let m = generic_runtime_calls_and_enums_module();
    let Some((_dir, run)) = run_both(&m) else {
        return;
    };
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "3 1 2 0 7 true\n");
}

/// `fail(n: i64) -> i64`: `10 / n` (division by zero for 0), one call deeper when n > 0.
fn failing() -> Function {
    let mut b = FnBuilder::new("fail", &[Ty::I64], Some(Ty::I64));
    let (e, deeper, divide) = (BlockId(0), b.block(), b.block());
    let n = b.f.params[0];
    let zero = b.konst(e, Const::I64(0));
    let pos = b.cmp(e, CmpOp::Gt, Ty::I64, n, zero);
    b.end(
        e,
        Term::Branch {
            cond: pos,
            then: deeper,
            otherwise: divide,
        },
    );
    let one = b.konst(deeper, Const::I64(1));
    let m = b.bin(deeper, BinOp::Sub, Ty::I64, n, one, 0);
    // A string in this frame: its record is on the chain when the error unwinds past it.
    let _s = b.konst(deeper, Const::Str(StrId(0)));
    let r = b
        .call(deeper, 1, vec![m], Some(Ty::I64), 0)
        .expect("result");
    b.end(deeper, Term::Return(Some(r)));
    let ten = b.konst(divide, Const::I64(10));
    let q = b.bin(divide, BinOp::Div, Ty::I64, ten, n, 0);
    b.end(divide, Term::Return(Some(q)));
    b.f
}

/// `down(n) = down(n + 1)`: infinite recursion.
fn down() -> Function {
    let mut d = FnBuilder::new("down", &[Ty::I64], Some(Ty::I64));
    let n = d.f.params[0];
    let one = d.konst(BlockId(0), Const::I64(1));
    let next = d.bin(BlockId(0), BinOp::Add, Ty::I64, n, one, 0);
    let r = d
        .call(BlockId(0), 2, vec![next], Some(Ty::I64), 0)
        .expect("result");
    d.end(BlockId(0), Term::Return(Some(r)));
    d.f
}

fn try_catch_across_calls_nesting_and_stack_overflow_module() -> Module {
    // main:
    //   x = 1
    //   try:                     (b0 → b1, handler b2)
    //     x = 2; fail(3); print("not reached")
    //   catch e: print("caught", x)
    //   try:                     (b3, handler b4)
    //     try:                   (inner handler b5)
    //       down(0)
    //     catch e2:              (b5, guarded by the outer handler b4)
    //       print("inner", x); fail(0)
    //   catch e3: print("outer")
    //   try: down(0) catch e4: print("again")     (b6, handler b7)
    //   print(fail(2))           (b8: 10 / 0 two calls deep, uncaught)
    let mut b = FnBuilder::new("main", &[], None);
    let b0 = BlockId(0);
    let [b1, b2, b3, b4, b5, b6, b7, b8] = std::array::from_fn(|_| b.block());
    let x = b.reg(Ty::I64);
    let (e1, e2, e3, e4) = (
        b.reg(Ty::Ref),
        b.reg(Ty::Ref),
        b.reg(Ty::Ref),
        b.reg(Ty::Ref),
    );
    let one = b.konst(b0, Const::I64(1));
    b.push(b0, Inst::Move { dst: x, src: one });
    b.push(
        b0,
        Inst::TryEnter {
            handler: b2,
            error: e1,
        },
    );
    b.end(b0, Term::Jump(b1));
    b.f.blocks[b1.0 as usize].handler = Some(b2);
    let two = b.konst(b1, Const::I64(2));
    b.push(b1, Inst::Move { dst: x, src: two });
    let three = b.konst(b1, Const::I64(3));
    b.call(b1, 1, vec![three], Some(Ty::I64), 0);
    let nope = b.konst(b1, Const::Str(StrId(1)));
    b.print(b1, vec![ValueType::Str], vec![nope]);
    b.push(b1, Inst::TryExit);
    b.end(b1, Term::Jump(b3));
    let caught = b.konst(b2, Const::Str(StrId(2)));
    b.print(b2, vec![ValueType::Str, ValueType::I64], vec![caught, x]);
    b.end(b2, Term::Jump(b3));
    // Nested regions.
    b.push(
        b3,
        Inst::TryEnter {
            handler: b4,
            error: e2,
        },
    );
    b.push(
        b3,
        Inst::TryEnter {
            handler: b5,
            error: e3,
        },
    );
    let zero = b.konst(b3, Const::I64(0));
    b.call(b3, 2, vec![zero], Some(Ty::I64), 0);
    b.push(b3, Inst::TryExit);
    b.push(b3, Inst::TryExit);
    b.end(b3, Term::Jump(b6));
    b.f.blocks[b3.0 as usize].handler = Some(b5);
    let inner = b.konst(b5, Const::Str(StrId(3)));
    b.print(b5, vec![ValueType::Str, ValueType::I64], vec![inner, x]);
    let z = b.konst(b5, Const::I64(0));
    b.call(b5, 1, vec![z], Some(Ty::I64), 0);
    b.push(b5, Inst::TryExit);
    b.end(b5, Term::Jump(b6));
    b.f.blocks[b5.0 as usize].handler = Some(b4);
    let outer = b.konst(b4, Const::Str(StrId(4)));
    b.print(b4, vec![ValueType::Str], vec![outer]);
    b.end(b4, Term::Jump(b6));
    // Stack overflow caught twice: the depth is right after a catch.
    b.push(
        b6,
        Inst::TryEnter {
            handler: b7,
            error: e4,
        },
    );
    let z = b.konst(b6, Const::I64(0));
    b.call(b6, 2, vec![z], Some(Ty::I64), 0);
    b.push(b6, Inst::TryExit);
    b.end(b6, Term::Jump(b8));
    b.f.blocks[b6.0 as usize].handler = Some(b7);
    let again = b.konst(b7, Const::Str(StrId(5)));
    b.print(b7, vec![ValueType::Str], vec![again]);
    b.end(b7, Term::Jump(b8));
    // Uncaught: 10 / 0 two calls deep ends the program with the diagnostic.
    let two = b.konst(b8, Const::I64(2));
    let r = b.call(b8, 1, vec![two], Some(Ty::I64), 0).expect("result");
    b.print(b8, vec![ValueType::I64], vec![r]);
    b.end(b8, Term::Return(None));
    let m: Module = module(
        vec![b.f, failing(), down()],
        &["s", "not reached", "caught", "inner", "outer", "again"],
        "app.orus",
        &[LOC],
    );
    m
}

#[test]
fn try_catch_across_calls_nesting_and_stack_overflow() {
    let m = try_catch_across_calls_nesting_and_stack_overflow_module();
    let Some((dir, run)) = run_both(&m) else {
        return;
    };
    assert_eq!(run.stdout, "caught 2\ninner 2\nouter\nagain\n");
    assert_eq!(run.code, 70);
    assert_eq!(
        run.stderr,
        expected_error(dir.path(), &RuntimeError::division_by_zero())
    );
}

fn short_lived_allocations_in_a_loop_module() -> Module {
    // for i in 0..200000: xs = [i, i]; total += len(xs) + xs[1]  (collects under stress)
    let mut b = FnBuilder::new("main", &[], None);
    let (e, head, body, done) = (BlockId(0), b.block(), b.block(), b.block());
    let i = b.reg(Ty::I64);
    let total = b.reg(Ty::I64);
    let zero = b.konst(e, Const::I64(0));
    b.push(e, Inst::Move { dst: i, src: zero });
    b.push(
        e,
        Inst::Move {
            dst: total,
            src: zero,
        },
    );
    b.end(e, Term::Jump(head));
    let limit = b.konst(head, Const::I64(20_000));
    let more = b.cmp(head, CmpOp::Lt, Ty::I64, i, limit);
    b.end(
        head,
        Term::Branch {
            cond: more,
            then: body,
            otherwise: done,
        },
    );
    let xs = b.array(body, ValueType::I64, vec![i, i]);
    // Unrelated allocations while `xs` lives only in this frame: a collection here must see
    // it through the frame record (or its memory would be reused by `ys`).
    let ys = b.array(body, ValueType::I64, vec![i]);
    let cell = b.reg(Ty::Ref);
    b.push(
        body,
        Inst::CellNew {
            dst: cell,
            src: ys,
            ty: Ty::Ref,
        },
    );
    let zs = b.array(body, ValueType::I64, vec![]);
    b.push(body, Inst::ArrayPush { array: zs, src: i });
    let back = b.reg(Ty::Ref);
    b.push(body, Inst::Move { dst: back, src: xs });
    let n = b.len(body, back);
    let n64 = b.reg(Ty::I64);
    b.push(
        body,
        Inst::Cast {
            from: Ty::I32,
            to: Ty::I64,
            dst: n64,
            src: n,
            loc: LocId(0),
        },
    );
    let one = b.konst(body, Const::I32(1));
    let v = b.get(body, back, one, Ty::I64);
    let t1 = b.bin(body, BinOp::Add, Ty::I64, total, n64, 0);
    let t2 = b.bin(body, BinOp::Add, Ty::I64, t1, v, 0);
    b.push(
        body,
        Inst::Move {
            dst: total,
            src: t2,
        },
    );
    let step = b.konst(body, Const::I64(1));
    let next = b.bin(body, BinOp::Add, Ty::I64, i, step, 0);
    b.push(body, Inst::Move { dst: i, src: next });
    b.end(body, Term::Jump(head));
    b.print(done, vec![ValueType::I64], vec![total]);
    b.end(done, Term::Return(None));
    let m: Module = module(vec![b.f], &[], "app.orus", &[LOC]);
    m
}

#[test]
fn short_lived_allocations_in_a_loop() {
    let m = short_lived_allocations_in_a_loop_module();
    let Some((_dir, run)) = run_both(&m) else {
        return;
    };
    assert_eq!(run.stderr, "");
    // Σ (2 + i) for i < 20000.
    assert_eq!(
        run.stdout,
        format!("{}\n", 2 * 20_000 + 19_999 * 20_000 / 2)
    );
}

/// The programs above with their expected stdout and exit status, for the foreign targets.
fn cross_cases() -> Vec<(Module, String, i32)> {
    vec![
        (
            arrays_read_write_push_and_nest_module(),
            "23 10 3\n0.5 true true\n".into(),
            0,
        ),
        (index_module(Const::U64(u64::MAX)), String::new(), 70),
        (index_module(Const::I32(-1)), String::new(), 70),
        (
            structs_fields_and_reference_semantics_module(),
            "pt -2.5\n".into(),
            0,
        ),
        (
            closures_share_captured_cells_and_call_indirectly_module(),
            "11 16 110 17 1110 true\n".into(),
            0,
        ),
        (
            generic_runtime_calls_and_enums_module(),
            "3 1 2 0 7 true\n".into(),
            0,
        ),
        (
            try_catch_across_calls_nesting_and_stack_overflow_module(),
            "caught 2\ninner 2\nouter\nagain\n".into(),
            70,
        ),
        (
            short_lived_allocations_in_a_loop_module(),
            format!("{}\n", 2 * 20_000 + 19_999 * 20_000 / 2),
            0,
        ),
    ]
}

/// Every heap program cross-built for AArch64 and RISC-V 64 and run under qemu (the
/// `_setjmp`-based `try` included), normally and under GC stress.
#[test]
fn heap_programs_on_foreign_targets_under_qemu() {
    for arch in [Arch::Aarch64, Arch::Riscv64] {
        if common::runtime_for(arch).is_none() {
            continue;
        }
        let dir = workdir();
        for (i, (m, stdout, code)) in cross_cases().into_iter().enumerate() {
            let Some(exe) = build(&m, arch, dir.path(), &format!("prog{i}")) else {
                return;
            };
            for env in [&[][..], &[("ORUS_GC_STRESS", "1")][..]] {
                let run = run_with_env(&exe, arch, dir.path(), env);
                assert_eq!(run.stdout, stdout, "{} case {i} {env:?}", arch.triple());
                assert_eq!(run.code, code, "{} case {i}: {}", arch.triple(), run.stderr);
            }
        }
    }
}
