//! Hand-built IR modules compiled to host executables and run: arithmetic, printing, strings,
//! calls, recursion, globals, and runtime errors with the interpreter's exact diagnostics.

mod common;

use common::{build_and_run, fib, module, FnBuilder};
use orus_midend::ir::*;
use orus_runtime::diagnostic::{render, SourceLoc};
use orus_runtime::error::RuntimeError;

const SOURCE: &str = "x = 2147483647\nprint(x + 1)\nfib(30)\n";

/// Writes the fake source file the locations point into; returns the temp dir.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("app.orus"), SOURCE).expect("write source");
    dir
}

/// The diagnostic the interpreter prints for `err` at `(start, end, line, col)` of SOURCE.
fn expected_error(dir: &std::path::Path, err: &RuntimeError, at: (u32, u32, u32, u32)) -> String {
    let path = dir.join("app.orus").display().to_string();
    let loc = SourceLoc {
        path: path.clone(),
        start: at.0,
        end: at.1,
        line: at.2,
        col: at.3,
    };
    render(err, Some(&loc), false).replace(&path, "app.orus")
}

const LOC: (u32, u32, u32, u32) = (21, 26, 2, 7);

#[test]
fn arithmetic_casts_and_printing() {
    let mut b = FnBuilder::new("main", &[], None);
    let e = BlockId(0);
    let a = b.konst(e, Const::I32(40));
    let two = b.konst(e, Const::I32(2));
    let sum = b.bin(e, BinOp::Add, Ty::I32, a, two, 0);
    b.print(e, vec![ValueType::I32], vec![sum]);
    let x = b.konst(e, Const::I64(-7));
    let y = b.konst(e, Const::I64(2));
    let q = b.bin(e, BinOp::Div, Ty::I64, x, y, 0);
    let r = b.bin(e, BinOp::Rem, Ty::I64, x, y, 0);
    b.print(e, vec![ValueType::I64, ValueType::I64], vec![q, r]);
    let f = b.konst(e, Const::F64(-5.5));
    let g = b.konst(e, Const::F64(2.0));
    let h = b.bin(e, BinOp::Rem, Ty::F64, f, g, 0);
    b.print(e, vec![ValueType::F64], vec![h]);
    let zero = b.konst(e, Const::U32(0));
    let one = b.konst(e, Const::U32(1));
    let wrap = b.bin(e, BinOp::Sub, Ty::U32, zero, one, 0);
    b.print(e, vec![ValueType::U32], vec![wrap]);
    let minus = b.konst(e, Const::I32(-1));
    let as_u32 = b.reg(Ty::U32);
    b.push(
        e,
        Inst::Cast {
            from: Ty::I32,
            to: Ty::U32,
            dst: as_u32,
            src: minus,
            loc: LocId(0),
        },
    );
    let fl = b.konst(e, Const::F64(-3.99));
    let as_i32 = b.reg(Ty::I32);
    b.push(
        e,
        Inst::Cast {
            from: Ty::F64,
            to: Ty::I32,
            dst: as_i32,
            src: fl,
            loc: LocId(0),
        },
    );
    let big = b.konst(e, Const::I64(5_000_000_000));
    let wrapped = b.reg(Ty::I32);
    b.push(
        e,
        Inst::Cast {
            from: Ty::I64,
            to: Ty::I32,
            dst: wrapped,
            src: big,
            loc: LocId(0),
        },
    );
    let lt = b.cmp(e, CmpOp::Lt, Ty::I32, as_i32, wrapped);
    b.print(
        e,
        vec![
            ValueType::U32,
            ValueType::I32,
            ValueType::I32,
            ValueType::Bool,
        ],
        vec![as_u32, as_i32, wrapped, lt],
    );
    let m = module(vec![b.f], &[], "app.orus", &[LOC]);
    let dir = workdir();
    let Some(run) = build_and_run(&m, dir.path()) else {
        return;
    };
    assert_eq!(run.stderr, "");
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "42\n-3 -1\n-1.5\n4294967295\n4294967295 -3 705032704 true\n"
    );
}

#[test]
fn strings_format_and_concat() {
    let mut b = FnBuilder::new("main", &[], None);
    let e = BlockId(0);
    let hello = b.konst(e, Const::Str(StrId(0)));
    let world = b.konst(e, Const::Str(StrId(1)));
    let joined = b.reg(Ty::Ref);
    b.push(
        e,
        Inst::Runtime {
            dst: Some(joined),
            func: RuntimeFn::Concat,
            types: vec![],
            args: vec![hello, world],
            loc: LocId(0),
        },
    );
    b.print(e, vec![ValueType::Str], vec![joined]);
    let len = b.reg(Ty::I32);
    b.push(
        e,
        Inst::Runtime {
            dst: Some(len),
            func: RuntimeFn::StrLen,
            types: vec![],
            args: vec![joined],
            loc: LocId(0),
        },
    );
    let fmt = b.konst(e, Const::Str(StrId(2)));
    let half = b.konst(e, Const::F64(2.5));
    b.print(
        e,
        vec![ValueType::Str, ValueType::I32, ValueType::F64],
        vec![fmt, len, half],
    );
    let text = b.reg(Ty::Ref);
    b.push(
        e,
        Inst::Runtime {
            dst: Some(text),
            func: RuntimeFn::ToString,
            types: vec![ValueType::F64],
            args: vec![half],
            loc: LocId(0),
        },
    );
    let same = b.reg(Ty::Bool);
    b.push(
        e,
        Inst::Runtime {
            dst: Some(same),
            func: RuntimeFn::StrEq,
            types: vec![],
            args: vec![hello, hello],
            loc: LocId(0),
        },
    );
    b.print(e, vec![ValueType::Str, ValueType::Bool], vec![text, same]);
    let m = module(
        vec![b.f],
        &["hello", " world", "len=@ x=@"],
        "app.orus",
        &[LOC],
    );
    let dir = workdir();
    let Some(run) = build_and_run(&m, dir.path()) else {
        return;
    };
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "hello world\nlen=11 x=2.5\n2.5 true\n");
}

#[test]
fn calls_recursion_and_globals() {
    let mut b = FnBuilder::new("main", &[], None);
    let e = BlockId(0);
    let n = b.konst(e, Const::I32(25));
    let r = b.call(e, 1, vec![n], Some(Ty::I32), 0).expect("result");
    b.push(
        e,
        Inst::StoreGlobal {
            global: GlobalId(0),
            src: r,
        },
    );
    let g = b.reg(Ty::I32);
    b.push(
        e,
        Inst::LoadGlobal {
            dst: g,
            global: GlobalId(0),
        },
    );
    b.print(e, vec![ValueType::I32], vec![g]);
    let mut m = module(vec![b.f, fib(Ty::I32)], &[], "app.orus", &[LOC]);
    m.globals.push(Global {
        name: "result".into(),
        ty: Ty::I32,
    });
    let dir = workdir();
    let Some(run) = build_and_run(&m, dir.path()) else {
        return;
    };
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "75025\n");
}

#[test]
fn reference_parameters_live_in_frames() {
    // greet(s: string) -> string { return s + "!" }
    let mut g = FnBuilder::new("greet", &[Ty::Ref], Some(Ty::Ref));
    let s = g.f.params[0];
    let bang = g.konst(BlockId(0), Const::Str(StrId(1)));
    let out = g.reg(Ty::Ref);
    g.push(
        BlockId(0),
        Inst::Runtime {
            dst: Some(out),
            func: RuntimeFn::Concat,
            types: vec![],
            args: vec![s, bang],
            loc: LocId(0),
        },
    );
    g.end(BlockId(0), Term::Return(Some(out)));
    let mut b = FnBuilder::new("main", &[], None);
    let e = BlockId(0);
    let hi = b.konst(e, Const::Str(StrId(0)));
    let r = b.call(e, 1, vec![hi], Some(Ty::Ref), 0).expect("result");
    b.print(e, vec![ValueType::Str], vec![r]);
    let m = module(vec![b.f, g.f], &["hi", "!"], "app.orus", &[LOC]);
    let dir = workdir();
    let Some(run) = build_and_run(&m, dir.path()) else {
        return;
    };
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "hi!\n");
}

/// A module whose main computes `i32::MAX + 1`.
fn overflow_module() -> Module {
    let mut b = FnBuilder::new("main", &[], None);
    let e = BlockId(0);
    let x = b.konst(e, Const::I32(i32::MAX));
    let one = b.konst(e, Const::I32(1));
    let s = b.bin(e, BinOp::Add, Ty::I32, x, one, 0);
    b.print(e, vec![ValueType::I32], vec![s]);
    module(vec![b.f], &[], "app.orus", &[LOC])
}

#[test]
fn overflow_prints_the_interpreter_diagnostic_and_exits_70() {
    let dir = workdir();
    let Some(run) = build_and_run(&overflow_module(), dir.path()) else {
        return;
    };
    assert_eq!(run.code, 70);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        expected_error(dir.path(), &RuntimeError::overflow(), LOC)
    );
    assert!(run.stderr.contains("error[E0004]"), "{}", run.stderr);
}

#[test]
fn missing_source_file_prints_the_location() {
    let dir = tempfile::tempdir().expect("tempdir");
    let Some(run) = build_and_run(&overflow_module(), dir.path()) else {
        return;
    };
    assert_eq!(run.code, 70);
    assert!(run.stderr.contains("--> app.orus:2:7"), "{}", run.stderr);
}

/// Emits a computation into `main` and returns its result register.
type Builder = Box<dyn Fn(&mut FnBuilder) -> Reg>;

#[test]
fn division_by_zero_and_failing_casts() {
    let cases: Vec<(Builder, RuntimeError)> = vec![
        (
            Box::new(|b: &mut FnBuilder| {
                let x = b.konst(BlockId(0), Const::I64(1));
                let z = b.konst(BlockId(0), Const::I64(0));
                b.bin(BlockId(0), BinOp::Div, Ty::I64, x, z, 0)
            }),
            RuntimeError::division_by_zero(),
        ),
        (
            Box::new(|b: &mut FnBuilder| {
                let x = b.konst(BlockId(0), Const::F64(1.0));
                let z = b.konst(BlockId(0), Const::F64(0.0));
                b.bin(BlockId(0), BinOp::Rem, Ty::F64, x, z, 0)
            }),
            RuntimeError::division_by_zero(),
        ),
        (
            Box::new(|b: &mut FnBuilder| {
                let x = b.konst(BlockId(0), Const::I32(i32::MIN));
                let m = b.konst(BlockId(0), Const::I32(-1));
                b.bin(BlockId(0), BinOp::Div, Ty::I32, x, m, 0)
            }),
            RuntimeError::overflow(),
        ),
        (
            Box::new(|b: &mut FnBuilder| {
                let x = b.konst(BlockId(0), Const::I32(i32::MIN));
                let dst = b.reg(Ty::I32);
                b.push(
                    BlockId(0),
                    Inst::Neg {
                        ty: Ty::I32,
                        checked: true,
                        dst,
                        src: x,
                        loc: LocId(0),
                    },
                );
                dst
            }),
            RuntimeError::negate_min(),
        ),
        (
            Box::new(|b: &mut FnBuilder| {
                let x = b.konst(BlockId(0), Const::I64(-1));
                let dst = b.reg(Ty::U64);
                b.push(
                    BlockId(0),
                    Inst::Cast {
                        from: Ty::I64,
                        to: Ty::U64,
                        dst,
                        src: x,
                        loc: LocId(0),
                    },
                );
                dst
            }),
            RuntimeError::cast_out_of_range("Cannot convert negative i64 to u64"),
        ),
        (
            Box::new(|b: &mut FnBuilder| {
                let x = b.konst(BlockId(0), Const::F64(-0.5));
                let dst = b.reg(Ty::U32);
                b.push(
                    BlockId(0),
                    Inst::Cast {
                        from: Ty::F64,
                        to: Ty::U32,
                        dst,
                        src: x,
                        loc: LocId(0),
                    },
                );
                dst
            }),
            RuntimeError::cast_out_of_range("f64 value out of u32 range"),
        ),
        (
            Box::new(|b: &mut FnBuilder| {
                let x = b.konst(BlockId(0), Const::U64(1 << 40));
                let dst = b.reg(Ty::I32);
                b.push(
                    BlockId(0),
                    Inst::Cast {
                        from: Ty::U64,
                        to: Ty::I32,
                        dst,
                        src: x,
                        loc: LocId(0),
                    },
                );
                dst
            }),
            RuntimeError::cast_out_of_range("u64 value too large for i32"),
        ),
    ];
    let dir = workdir();
    for (make, err) in cases {
        let mut b = FnBuilder::new("main", &[], None);
        let r = make(&mut b);
        let ty = b.f.regs[r.0 as usize].ty;
        let vt = match ty {
            Ty::I32 => ValueType::I32,
            Ty::I64 => ValueType::I64,
            Ty::U32 => ValueType::U32,
            Ty::U64 => ValueType::U64,
            _ => ValueType::F64,
        };
        b.print(BlockId(0), vec![vt], vec![r]);
        let m = module(vec![b.f], &[], "app.orus", &[LOC]);
        let Some(run) = build_and_run(&m, dir.path()) else {
            return;
        };
        assert_eq!(run.code, 70, "{}", err.message);
        assert_eq!(run.stdout, "");
        assert_eq!(run.stderr, expected_error(dir.path(), &err, LOC));
    }
}

#[test]
fn deep_recursion_is_a_clean_stack_overflow() {
    // down(n) = down(n + 1), forever.
    let mut d = FnBuilder::new("down", &[Ty::I64], Some(Ty::I64));
    let n = d.f.params[0];
    let one = d.konst(BlockId(0), Const::I64(1));
    let next = d.bin(BlockId(0), BinOp::Add, Ty::I64, n, one, 0);
    let r = d
        .call(BlockId(0), 1, vec![next], Some(Ty::I64), 0)
        .expect("result");
    d.end(BlockId(0), Term::Return(Some(r)));
    let mut b = FnBuilder::new("main", &[], None);
    let zero = b.konst(BlockId(0), Const::I64(0));
    let r = b
        .call(BlockId(0), 1, vec![zero], Some(Ty::I64), 0)
        .expect("result");
    b.print(BlockId(0), vec![ValueType::I64], vec![r]);
    let m = module(vec![b.f, d.f], &[], "app.orus", &[LOC]);
    let dir = workdir();
    let Some(run) = build_and_run(&m, dir.path()) else {
        return;
    };
    assert_eq!(run.code, 70);
    assert_eq!(
        run.stderr,
        expected_error(dir.path(), &RuntimeError::stack_overflow(), LOC)
    );
}

#[test]
fn traps_name_their_variable() {
    let mut b = FnBuilder::new("main", &[], None);
    b.end(
        BlockId(0),
        Term::Trap {
            kind: TrapKind::Unassigned("total".into()),
            loc: LocId(0),
        },
    );
    let m = module(vec![b.f], &[], "app.orus", &[LOC]);
    let dir = workdir();
    let Some(run) = build_and_run(&m, dir.path()) else {
        return;
    };
    assert_eq!(run.code, 70);
    assert_eq!(
        run.stderr,
        expected_error(dir.path(), &RuntimeError::unassigned("total"), LOC)
    );
}
