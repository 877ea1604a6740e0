//! Builders for hand-written typed programs used by the midend tests.

#![allow(dead_code)]

use orus_frontend::source::{FileId, SourceMap, Span};
use orus_frontend::typed::*;

/// A span of `file` covering `start..end`.
pub fn span(start: usize, end: usize) -> Span {
    Span::new(FileId(0), start, end)
}

/// An expression of type `ty` at `start..end`.
pub fn expr(kind: ExprKind, ty: Ty, start: usize, end: usize) -> Expr {
    Expr {
        kind,
        ty,
        span: span(start, end),
    }
}

/// An `i32` constant.
pub fn int(v: i32, at: usize) -> Expr {
    expr(ExprKind::Const(Const::I32(v)), Ty::I32, at, at + 1)
}

/// A read of local `id` of type `ty`.
pub fn local(id: u32, ty: Ty, at: usize) -> Expr {
    expr(ExprKind::Local(LocalId(id)), ty, at, at + 1)
}

/// `l op r` of result type `ty`.
pub fn bin(op: BinOp, l: Expr, r: Expr, ty: Ty) -> Expr {
    let (start, end) = (l.span.start as usize, r.span.end as usize);
    expr(
        ExprKind::Binary(op, Box::new(l), Box::new(r)),
        ty,
        start,
        end,
    )
}

/// A statement at `start..end`.
pub fn stmt(kind: StmtKind, start: usize, end: usize) -> Stmt {
    Stmt {
        kind,
        span: span(start, end),
    }
}

/// A local declaration.
pub fn decl(name: &str, ty: Ty) -> Local {
    Local {
        captured: false,
        name: name.into(),
        ty,
        needs_init_check: false,
        span: span(0, 1),
    }
}

/// The source text the spans of `fib_program` point into.
pub const FIB_SOURCE: &str = "fn fib(n: i32) -> i32:\n    if n < 2: return n\n    return fib(n - 1) + fib(n - 2)\nprint(fib(10))\n";

/// `fib` plus a module initialiser printing `fib(10)`.
pub fn fib_program() -> (Program, SourceMap) {
    let mut sources = SourceMap::new();
    sources.add("fib.orus", FIB_SOURCE);
    let n = |at| local(0, Ty::I32, at);
    let call =
        |arg: Expr, start, end| expr(ExprKind::Call(FuncId(0), vec![arg]), Ty::I32, start, end);
    let fib = Function {
        captures: Vec::new(),
        name: "fib".into(),
        source_name: "fib".into(),
        kind: FunctionKind::Named,
        params: vec![LocalId(0)],
        locals: vec![decl("n", Ty::I32)],
        ret: Ty::I32,
        body: vec![
            stmt(
                StmtKind::If {
                    cond: bin(BinOp::Lt, n(30), int(2, 34), Ty::Bool),
                    then: vec![stmt(StmtKind::Return(Some(n(44))), 37, 45)],
                    otherwise: vec![],
                },
                27,
                45,
            ),
            stmt(
                StmtKind::Return(Some(bin(
                    BinOp::Add,
                    call(bin(BinOp::Sub, n(61), int(1, 65), Ty::I32), 57, 66),
                    call(bin(BinOp::Sub, n(73), int(2, 77), Ty::I32), 69, 78),
                    Ty::I32,
                ))),
                50,
                78,
            ),
            stmt(StmtKind::MissingReturn, 0, 2),
        ],
        span: span(0, 2),
    };
    let init = Function {
        captures: Vec::new(),
        name: "<module init fib.orus>".into(),
        source_name: "<module>".into(),
        kind: FunctionKind::ModuleInit,
        params: vec![],
        locals: vec![],
        ret: Ty::Void,
        body: vec![stmt(
            StmtKind::Print(vec![call(int(10, 89), 85, 92)]),
            79,
            93,
        )],
        span: span(79, 93),
    };
    let program = Program {
        functions: vec![fib, init],
        globals: vec![],
        init_order: vec![FuncId(1)],
        structs: vec![],
        enums: vec![],
    };
    (program, sources)
}

/// A module initialiser with the given locals and body, alone in a program.
pub fn init_program(locals: Vec<Local>, body: Vec<Stmt>, text: &str) -> (Program, SourceMap) {
    let mut sources = SourceMap::new();
    sources.add("main.orus", text);
    let init = Function {
        captures: Vec::new(),
        name: "<module init main.orus>".into(),
        source_name: "<module>".into(),
        kind: FunctionKind::ModuleInit,
        params: vec![],
        locals,
        ret: Ty::Void,
        body,
        span: span(0, 1),
    };
    let program = Program {
        functions: vec![init],
        globals: vec![],
        init_order: vec![FuncId(0)],
        structs: vec![],
        enums: vec![],
    };
    (program, sources)
}
