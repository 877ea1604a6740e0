//! Lowering, printing and the whole midend pipeline on hand-built typed programs. Each
//! snapshot embeds the program's source text above the IR.

mod common;

use common::*;
use orus_frontend::typed::*;
use orus_midend::{compile_ir, lower::lower_program, print::print_module, verify::verify_module};

fn snapshot_text(source: &str, ir: &str) -> String {
    format!("----- SOURCE CODE\n{source}----- IR\n{ir}")
}

#[test]
fn fib_lowers_to_checked_arithmetic_and_calls() {
    let (program, sources) = fib_program();
    let module = lower_program(&program, &sources).expect("lowers");
    verify_module(&module).expect("valid IR");
    insta::assert_snapshot!(snapshot_text(FIB_SOURCE, &print_module(&module)));
}

#[test]
fn fib_full_pipeline_has_layouts() {
    let (program, sources) = fib_program();
    let module = compile_ir(&program, &sources).expect("compiles");
    verify_module(&module).expect("valid IR");
    assert!(module.funcs.iter().all(|f| f.layout.is_some()));
    insta::assert_snapshot!(snapshot_text(FIB_SOURCE, &print_module(&module)));
}

/// `for i in 0..=10..2: print(i)` and `for j in 3: print(j)`.
#[test]
fn numeric_for_loops() {
    let text = "for i in 0..=10..2: print(i)\nfor j in 3: print(j)\n";
    let print = |id, at| {
        stmt(
            StmtKind::Print(vec![local(id, Ty::I32, at)]),
            at - 6,
            at + 2,
        )
    };
    let body = vec![
        stmt(
            StmtKind::ForRange {
                id: LoopId(0),
                var: LocalId(0),
                start: int(0, 9),
                end: int(10, 13),
                step: Some(int(2, 17)),
                inclusive: true,
                body: vec![print(0, 26)],
            },
            0,
            28,
        ),
        stmt(
            StmtKind::ForInt {
                id: LoopId(1),
                var: LocalId(1),
                count: int(3, 38),
                body: vec![print(1, 47)],
            },
            29,
            49,
        ),
    ];
    let (program, sources) = init_program(vec![decl("i", Ty::I32), decl("j", Ty::I32)], body, text);
    let module = lower_program(&program, &sources).expect("lowers");
    verify_module(&module).expect("valid IR");
    insta::assert_snapshot!(snapshot_text(text, &print_module(&module)));
    let optimized = compile_ir(&program, &sources).expect("compiles");
    verify_module(&optimized).expect("valid after allocation");
}

/// A dynamic step and a `u32` loop: zero-step trap, run-time direction, wrap-around exit.
#[test]
fn dynamic_step_and_unsigned_range() {
    let text = "for i in 0..n..s: pass\nfor k in 1u32..=5u32: pass\n";
    let u32c = |v: u32, at: usize| expr(ExprKind::Const(Const::U32(v)), Ty::U32, at, at + 1);
    let body = vec![
        stmt(
            StmtKind::ForRange {
                id: LoopId(0),
                var: LocalId(0),
                start: int(0, 9),
                end: local(1, Ty::I32, 12),
                step: Some(local(2, Ty::I32, 15)),
                inclusive: true,
                body: vec![],
            },
            0,
            22,
        ),
        stmt(
            StmtKind::ForRange {
                id: LoopId(1),
                var: LocalId(3),
                start: u32c(1, 32),
                end: u32c(5, 39),
                step: None,
                inclusive: true,
                body: vec![],
            },
            23,
            50,
        ),
    ];
    let locals = vec![
        decl("i", Ty::I32),
        decl("n", Ty::I32),
        decl("s", Ty::I32),
        decl("k", Ty::U32),
    ];
    let (program, sources) = init_program(locals, body, text);
    let module = lower_program(&program, &sources).expect("lowers");
    verify_module(&module).expect("valid IR");
    insta::assert_snapshot!(snapshot_text(text, &print_module(&module)));
    compile_ir(&program, &sources).expect("compiles");
}

/// `x` is assigned in one branch only, then read: the read checks the init flag.
#[test]
fn init_checked_local_and_logical_operators() {
    let text = "if c and d: x = 1\nprint(x)\n";
    let mut x = decl("x", Ty::I32);
    x.needs_init_check = true;
    let cond = expr(
        ExprKind::Logical {
            is_and: true,
            lhs: Box::new(local(1, Ty::Bool, 3)),
            rhs: Box::new(local(2, Ty::Bool, 9)),
        },
        Ty::Bool,
        3,
        10,
    );
    let assign = expr(
        ExprKind::AssignLocal(LocalId(0), Box::new(int(1, 16))),
        Ty::I32,
        12,
        17,
    );
    let body = vec![
        stmt(
            StmtKind::If {
                cond,
                then: vec![stmt(StmtKind::Expr(assign), 12, 17)],
                otherwise: vec![],
            },
            0,
            17,
        ),
        stmt(StmtKind::Print(vec![local(0, Ty::I32, 24)]), 18, 26),
    ];
    let locals = vec![x, decl("c", Ty::Bool), decl("d", Ty::Bool)];
    let (program, sources) = init_program(locals, body, text);
    let module = lower_program(&program, &sources).expect("lowers");
    verify_module(&module).expect("valid IR");
    insta::assert_snapshot!(snapshot_text(text, &print_module(&module)));
    compile_ir(&program, &sources).expect("compiles");
}

#[test]
fn constants_fold_but_errors_stay() {
    let text = "print(2 + 3, 7 / 0)\n";
    let body = vec![stmt(
        StmtKind::Print(vec![
            bin(BinOp::Add, int(2, 6), int(3, 10), Ty::I32),
            bin(BinOp::Div, int(7, 13), int(0, 17), Ty::I32),
        ]),
        0,
        19,
    )];
    let (program, sources) = init_program(vec![], body, text);
    let module = compile_ir(&program, &sources).expect("compiles");
    insta::assert_snapshot!(snapshot_text(text, &print_module(&module)));
}

#[test]
fn unsupported_constructs_are_internal_errors() {
    let body = vec![stmt(
        StmtKind::Try {
            body: vec![],
            var: None,
            handler: vec![],
        },
        0,
        1,
    )];
    let (program, sources) = init_program(vec![], body, "try: pass\n");
    let error = lower_program(&program, &sources).expect_err("not supported yet");
    assert!(error.contains("try/catch"), "{error}");
}

/// `c = true`, then `if c: msg = "hi"` at top level and `print(len(msg))`: `msg` is a module
/// variable declared in an `if` branch, so its store sets a flag global and its read checks
/// it; `len` of a string is a runtime call.
#[test]
fn init_checked_global_and_string_length() {
    let text = "if c: msg = \"hi\"\nprint(len(msg))\n";
    let assign = expr(
        ExprKind::AssignGlobal(
            GlobalId(0),
            Box::new(expr(
                ExprKind::Const(Const::Str(b"hi".to_vec())),
                Ty::Str,
                12,
                16,
            )),
        ),
        Ty::Str,
        6,
        16,
    );
    let read = expr(ExprKind::Global(GlobalId(0)), Ty::Str, 27, 30);
    let body = vec![
        stmt(
            StmtKind::If {
                cond: local(0, Ty::Bool, 3),
                then: vec![stmt(StmtKind::Expr(assign), 6, 16)],
                otherwise: vec![],
            },
            0,
            16,
        ),
        stmt(
            StmtKind::Print(vec![expr(
                ExprKind::Builtin(Builtin::StrLen, vec![read]),
                Ty::I32,
                23,
                31,
            )]),
            17,
            32,
        ),
    ];
    let (mut program, sources) = init_program(vec![decl("c", Ty::Bool)], body, text);
    program.globals.push(Global {
        name: "msg".into(),
        ty: Ty::Str,
        needs_init_check: true,
        span: span(6, 9),
    });
    let module = lower_program(&program, &sources).expect("lowers");
    verify_module(&module).expect("valid IR");
    assert_eq!(module.globals.len(), 2, "the value and its init flag");
    insta::assert_snapshot!(snapshot_text(text, &print_module(&module)));
    compile_ir(&program, &sources).expect("compiles");
}
