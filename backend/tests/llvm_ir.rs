//! Insta snapshots of the LLVM IR before LLVM's optimization (`orusc dump llvm`): hand-built
//! functions, and representative programs of `tests/programs` through the whole pipeline.

mod common;

use common::{fib, module, FnBuilder};
use orus_frontend::source::SourceMap;
use orus_frontend::{check, parser};
use orus_midend::ir::*;
use std::path::Path;

/// The LLVM IR of `m` without the target-specific header lines and the ABI version.
fn llvm(m: &Module) -> String {
    let text = orus_backend::llvm_ir(m).expect("lowering");
    // LLVM prints the `i64` field signed.
    let version = (orus_abi::version::ABI_VERSION as i64).to_string();
    text.replace(&version, "<ABI_VERSION>")
        .lines()
        .filter(|l| !l.starts_with("target datalayout") && !l.starts_with("target triple"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn checked_add_and_print() {
    let mut b = FnBuilder::new("main", &[], None);
    let e = BlockId(0);
    let x = b.konst(e, Const::I32(i32::MAX));
    let one = b.konst(e, Const::I32(1));
    let s = b.bin(e, BinOp::Add, Ty::I32, x, one, 0);
    b.print(e, vec![ValueType::I32], vec![s]);
    insta::assert_snapshot!(llvm(&module(vec![b.f], &[], "app.orus", &[(0, 1, 1, 1)])));
}

#[test]
fn recursive_scalar_function_uses_the_fast_convention() {
    let fib = fib(Ty::I64);
    let mut main = FnBuilder::new("main", &[], None);
    let ten = main.konst(BlockId(0), Const::I64(10));
    let r = main
        .call(BlockId(0), 1, vec![ten], Some(Ty::I64), 0)
        .expect("result");
    main.print(BlockId(0), vec![ValueType::I64], vec![r]);
    insta::assert_snapshot!(llvm(&module(
        vec![main.f, fib],
        &[],
        "app.orus",
        &[(0, 1, 1, 1)]
    )));
}

#[test]
fn string_function_pushes_a_frame_record() {
    let mut g = FnBuilder::new("shout", &[Ty::Ref], Some(Ty::Ref));
    let s = g.f.params[0];
    let bang = g.konst(BlockId(0), Const::Str(StrId(0)));
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
    let mut main = FnBuilder::new("main", &[], None);
    let hi = main.konst(BlockId(0), Const::Str(StrId(0)));
    let r = main
        .call(BlockId(0), 1, vec![hi], Some(Ty::Ref), 0)
        .expect("result");
    main.print(BlockId(0), vec![ValueType::Str], vec![r]);
    insta::assert_snapshot!(llvm(&module(
        vec![main.f, g.f],
        &["!"],
        "app.orus",
        &[(0, 1, 1, 1)]
    )));
}

#[test]
fn casts_and_division_checks() {
    let mut b = FnBuilder::new("main", &[], None);
    let e = BlockId(0);
    let x = b.konst(e, Const::F64(3.5));
    let i = b.reg(Ty::U32);
    b.push(
        e,
        Inst::Cast {
            from: Ty::F64,
            to: Ty::U32,
            dst: i,
            src: x,
            loc: LocId(0),
        },
    );
    let k = b.konst(e, Const::U32(2));
    let q = b.bin(e, BinOp::Rem, Ty::U32, i, k, 0);
    let w = b.reg(Ty::I64);
    b.push(
        e,
        Inst::Cast {
            from: Ty::U32,
            to: Ty::I64,
            dst: w,
            src: q,
            loc: LocId(0),
        },
    );
    let m1 = b.konst(e, Const::I64(-1));
    let d = b.bin(e, BinOp::Div, Ty::I64, w, m1, 0);
    b.print(e, vec![ValueType::I64], vec![d]);
    insta::assert_snapshot!(llvm(&module(vec![b.f], &[], "app.orus", &[(0, 1, 1, 1)])));
}

/// `main` with arrays, a cell, a closure called indirectly and a `try` region whose handler
/// prints the error; function 1 is the closure's code.
fn heap_module() -> Module {
    let mut main = FnBuilder::new("main", &[], None);
    let (e, guarded, handler) = (BlockId(0), main.block(), main.block());
    let one = main.konst(e, Const::I32(1));
    let xs = main.reg(Ty::Ref);
    main.push(
        e,
        Inst::ArrayNew {
            dst: xs,
            elem: ValueType::I32,
            elems: vec![one],
        },
    );
    let big = main.konst(e, Const::U64(5));
    let v = main.reg(Ty::I32);
    main.push(
        e,
        Inst::ArrayGet {
            dst: v,
            array: xs,
            index: big,
            index_ty: Ty::U64,
            loc: LocId(0),
        },
    );
    main.push(
        e,
        Inst::ArraySet {
            array: xs,
            index: one,
            index_ty: Ty::I32,
            src: v,
            loc: LocId(0),
        },
    );
    let error = main.reg(Ty::Ref);
    main.push(e, Inst::TryEnter { handler, error });
    main.end(e, Term::Jump(guarded));
    main.f.blocks[guarded.0 as usize].handler = Some(handler);
    let seven = main.konst(guarded, Const::I64(7));
    let cell = main.reg(Ty::Ref);
    main.push(
        guarded,
        Inst::CellNew {
            dst: cell,
            src: seven,
            ty: Ty::I64,
        },
    );
    let f = main.reg(Ty::Ref);
    main.push(
        guarded,
        Inst::Closure {
            dst: f,
            func: FuncId(1),
            captures: vec![cell],
        },
    );
    let r = main.reg(Ty::I64);
    main.push(
        guarded,
        Inst::CallIndirect {
            dst: Some(r),
            callee: f,
            args: vec![seven],
            loc: LocId(0),
        },
    );
    main.push(guarded, Inst::TryExit);
    main.end(guarded, Term::Return(None));
    main.print(handler, vec![ValueType::Error], vec![error]);
    main.end(handler, Term::Return(None));
    let mut get = FnBuilder::new("get", &[Ty::Ref, Ty::I64], Some(Ty::I64));
    let env = get.f.params[0];
    let c = get.reg(Ty::Ref);
    get.push(
        BlockId(0),
        Inst::CaptureGet {
            dst: c,
            env,
            index: 0,
        },
    );
    let value = get.reg(Ty::I64);
    get.push(
        BlockId(0),
        Inst::CellGet {
            dst: value,
            cell: c,
        },
    );
    get.end(BlockId(0), Term::Return(Some(value)));
    module(vec![main.f, get.f], &[], "app.orus", &[(0, 1, 1, 1)])
}

#[test]
fn heap_instructions_closures_and_try() {
    insta::assert_snapshot!(llvm(&heap_module()));
}

/// The heap module lowers, verifies and becomes an object file for every target.
#[test]
fn heap_module_compiles_for_every_target() {
    for arch in [
        orus_backend::Arch::X86_64,
        orus_backend::Arch::Aarch64,
        orus_backend::Arch::Riscv64,
    ] {
        let dir = tempfile::tempdir().expect("tempdir");
        let options = orus_backend::Options {
            arch,
            opt: 2,
            emit: orus_backend::Emit::Obj,
            runtime: None,
        };
        orus_backend::compile(&heap_module(), &options, &dir.path().join("heap.o"))
            .unwrap_or_else(|e| panic!("{}: {e}", arch.triple()));
    }
}

/// Representative programs of `tests/programs` (one per area).
const PROGRAMS: &[&str] = &[
    "tests/programs/arith/i32_overflow_add.orus",
    "tests/programs/arith/float_arithmetic.orus",
    "tests/programs/arith/unsigned_wraparound.orus",
    "tests/programs/casts/to_string_floats_use_g.orus",
    "tests/programs/control/for_range_forms.orus",
    "tests/programs/control/if_elif_else.orus",
    "tests/programs/functions/recursion.orus",
    "tests/programs/functions/mutual_recursion.orus",
    "tests/programs/recursion/infinite_stack_overflow.orus",
    "tests/programs/strings/concatenation.orus",
    "tests/programs/print/format_integer_specs.orus",
    "tests/programs/closures/make_counter.orus",
    "tests/programs/trycatch/same_line_suites.orus",
    "tests/programs/arrays/identity_equality.orus",
    "tests/programs/enums/return_from_match.orus",
];

/// The IR of the program at `rel` (relative to the workspace root), if it compiles.
fn program_ir(rel: &str) -> Option<Module> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent()?;
    let text = std::fs::read_to_string(root.join(rel)).ok()?;
    let mut sources = SourceMap::new();
    let file = sources.add(rel.to_string(), text.clone());
    let (module, errors) = parser::parse(file, &text);
    if !errors.is_empty() {
        return None;
    }
    let program = check::check(&module, &sources).ok()?;
    orus_midend::compile_ir(&program, &sources).ok()
}

#[test]
fn representative_programs() {
    for rel in PROGRAMS {
        let m = program_ir(rel).unwrap_or_else(|| panic!("{rel}: missing or does not compile"));
        let name = Path::new(rel)
            .with_extension("")
            .display()
            .to_string()
            .replace("tests/programs/", "")
            .replace('/', "__");
        insta::assert_snapshot!(name, llvm(&m), rel);
    }
}
