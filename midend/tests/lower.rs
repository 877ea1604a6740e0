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

// ----- Heap values, closures and try/catch (issue 4) -----

/// An expression at the start of the file (heap tests only check the IR shape).
fn ex(kind: ExprKind, ty: Ty) -> Expr {
    expr(kind, ty, 0, 1)
}

/// A statement at the start of the file.
fn st(kind: StmtKind) -> Stmt {
    stmt(kind, 0, 1)
}

/// An expression statement.
fn sx(e: Expr) -> Stmt {
    st(StmtKind::Expr(e))
}

/// A read of local `id`.
fn lv(id: u32, ty: Ty) -> Expr {
    local(id, ty, 0)
}

/// `local = value`.
fn set(id: u32, value: Expr) -> Expr {
    let ty = value.ty.clone();
    ex(ExprKind::AssignLocal(LocalId(id), Box::new(value)), ty)
}

/// A builtin call.
fn builtin(b: Builtin, args: Vec<Expr>, ty: Ty) -> Expr {
    ex(ExprKind::Builtin(b, args), ty)
}

/// A string constant.
fn text_const(s: &str) -> Expr {
    ex(ExprKind::Const(Const::Str(s.as_bytes().to_vec())), Ty::Str)
}

/// A local shared with closures.
fn captured(name: &str, ty: Ty) -> Local {
    let mut l = decl(name, ty);
    l.captured = true;
    l
}

fn arr(ty: Ty) -> Ty {
    Ty::Array(Box::new(ty))
}

/// A function instance.
fn function(
    name: &str,
    kind: FunctionKind,
    params: &[u32],
    locals: Vec<Local>,
    ret: Ty,
    body: Vec<Stmt>,
    captures: &[u32],
) -> Function {
    Function {
        name: name.into(),
        source_name: if kind == FunctionKind::ModuleInit {
            "<module>".into()
        } else {
            name.into()
        },
        kind,
        params: params.iter().map(|&p| LocalId(p)).collect(),
        locals,
        ret,
        body,
        captures: captures.iter().map(|&c| LocalId(c)).collect(),
        span: span(0, 1),
    }
}

/// A program of `functions` whose last one is the module initialiser.
fn program_of(functions: Vec<Function>, text: &str) -> (Program, orus_frontend::source::SourceMap) {
    let mut sources = orus_frontend::source::SourceMap::new();
    sources.add("main.orus", text);
    let init = FuncId(functions.len() as u32 - 1);
    let program = Program {
        functions,
        globals: vec![],
        init_order: vec![init],
        structs: vec![],
        enums: vec![],
    };
    (program, sources)
}

/// Lowers (and verifies) a program, then runs the whole pipeline (and verifies the
/// allocated module); returns both texts.
fn lower_and_compile(
    program: &Program,
    sources: &orus_frontend::source::SourceMap,
) -> (String, String) {
    let module = lower_program(program, sources).expect("lowers");
    if let Err(errors) = verify_module(&module) {
        panic!(
            "invalid IR:\n{}\n{}",
            errors.join("\n"),
            print_module(&module)
        );
    }
    let compiled = compile_ir(program, sources).expect("compiles");
    if let Err(errors) = verify_module(&compiled) {
        panic!("invalid allocated IR:\n{}", errors.join("\n"));
    }
    (print_module(&module), print_module(&compiled))
}

/// Asserts that `haystack` contains every needle.
fn assert_contains(haystack: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            haystack.contains(needle),
            "missing `{needle}` in:\n{haystack}"
        );
    }
}

/// Array literals, push/pop/len/sorted, indexing with several index classes, element
/// assignment, slices with default bounds, repetition, the fill form, string indexing and
/// slicing, identity `==` and `for x in xs`.
#[test]
fn arrays_and_strings() {
    let text = "xs = [1, 2, 3]\npush(xs, 4)\nprint(xs[1], len(xs), xs[0..1], xs[..])\nxs[2u32] = 9\nfor x in xs: print(x)\ns = \"hey\"\nprint(s[1u64], s[1..], xs * 2, pop(xs), sorted(xs))\nys = [\"\", 3]\nprint(xs == xs)\n";
    let ai = arr(Ty::I32);
    let xs = || lv(0, arr(Ty::I32));
    let u32c = |v| ex(ExprKind::Const(Const::U32(v)), Ty::U32);
    let u64c = |v| ex(ExprKind::Const(Const::U64(v)), Ty::U64);
    let i64c = |v| ex(ExprKind::Const(Const::I64(v)), Ty::I64);
    let index = |target: Expr, i: Expr, ty: Ty| {
        ex(
            ExprKind::Index {
                target: Box::new(target),
                index: Box::new(i),
            },
            ty,
        )
    };
    let slice = |target: Expr, a: Option<Expr>, b: Option<Expr>| {
        let ty = target.ty.clone();
        ex(
            ExprKind::Slice {
                target: Box::new(target),
                start: a.map(Box::new),
                end: b.map(Box::new),
            },
            ty,
        )
    };
    let body = vec![
        sx(set(
            0,
            ex(
                ExprKind::ArrayLit(vec![int(1, 0), int(2, 0), int(3, 0)]),
                ai.clone(),
            ),
        )),
        sx(builtin(Builtin::Push, vec![xs(), int(4, 0)], ai.clone())),
        st(StmtKind::Print(vec![
            index(xs(), int(1, 0), Ty::I32),
            builtin(Builtin::ArrayLen, vec![xs()], Ty::I32),
            slice(xs(), Some(int(0, 0)), Some(int(1, 0))),
            slice(xs(), None, None),
        ])),
        sx(ex(
            ExprKind::IndexAssign {
                target: Box::new(xs()),
                index: Box::new(u32c(2)),
                value: Box::new(int(9, 0)),
            },
            Ty::I32,
        )),
        st(StmtKind::ForArray {
            id: LoopId(0),
            var: LocalId(1),
            array: xs(),
            body: vec![st(StmtKind::Print(vec![lv(1, Ty::I32)]))],
        }),
        sx(set(2, text_const("hey"))),
        st(StmtKind::Print(vec![
            index(lv(2, Ty::Str), u64c(1), Ty::Str),
            slice(lv(2, Ty::Str), Some(int(1, 0)), None),
            bin(BinOp::Repeat, xs(), int(2, 0), ai.clone()),
            builtin(Builtin::Pop, vec![xs()], Ty::I32),
            builtin(Builtin::Sorted, vec![xs()], ai.clone()),
        ])),
        sx(set(
            3,
            ex(
                ExprKind::ArrayFill {
                    value: Box::new(text_const("")),
                    count: Box::new(i64c(3)),
                },
                arr(Ty::Str),
            ),
        )),
        st(StmtKind::Print(vec![bin(BinOp::Eq, xs(), xs(), Ty::Bool)])),
    ];
    let init = function(
        "<module init main.orus>",
        FunctionKind::ModuleInit,
        &[],
        vec![
            decl("xs", ai.clone()),
            decl("x", Ty::I32),
            decl("s", Ty::Str),
            decl("ys", arr(Ty::Str)),
        ],
        Ty::Void,
        body,
        &[],
    );
    let (program, sources) = program_of(vec![init], text);
    let (ir, compiled) = lower_and_compile(&program, &sources);
    assert_contains(
        &ir,
        &[
            "= array.new [i32] [%",
            "array.push %0, %",
            ".i32] @",
            "= array.len %0",
            "rt.array_slice(%0, %",
            ") [i32] @",
            "array.set %0[%",
            ".u32], %",
            "rt.str_index(%2, %",
            "gt.u64",
            "const.i64 9223372036854775807",
            "cast.u64.i64",
            "rt.str_slice(%2, %",
            "rt.array_repeat(%0, %",
            "rt.array_pop(%0) [i32]",
            "rt.sorted(%0) [i32]",
            "rt.array_fill(%",
            ") [str]",
            "eq.ref %0, %0",
            "print(%",
        ],
    );
    // The loop re-reads the length in its header and reads the element in the body.
    let header = ir
        .split("\nb")
        .find(|b| b.contains("= array.len %") && b.contains("lt.i32"))
        .expect("a loop header reading the length");
    assert!(header.contains("br.if"), "{header}");
    assert!(compiled.contains("layout:"));
    insta::assert_snapshot!(snapshot_text(text, &ir));
}

/// Struct construction, field reads and writes, enum construction (variant number first,
/// payload types in the type list), tags, payloads (plain and checked), structural `==` on
/// enums, a statement block used as an expression, and the module's type tables.
#[test]
fn structs_and_enums() {
    let text = "p = Point{x: 1, y: 2.5}\np.x = p.x + 1\ns = Shape.Rect(2, \"r\")\nprint(s == s, s != s)\nprint(match s: Shape.Rect(w, n) -> w)\n";
    let point = Ty::Struct(0);
    let shape = Ty::Enum(0);
    let p = || lv(0, point.clone());
    let s = || lv(1, shape.clone());
    let field = |n| ex(ExprKind::Field(Box::new(p()), n), Ty::I32);
    let matched = ex(
        ExprKind::Block(
            vec![st(StmtKind::If {
                cond: bin(
                    BinOp::Eq,
                    ex(ExprKind::EnumTag(Box::new(s())), Ty::I32),
                    int(1, 0),
                    Ty::Bool,
                ),
                then: vec![
                    sx(set(
                        2,
                        ex(
                            ExprKind::EnumPayload {
                                value: Box::new(s()),
                                index: 0,
                                checked: false,
                            },
                            Ty::I32,
                        ),
                    )),
                    sx(set(
                        3,
                        ex(
                            ExprKind::EnumPayload {
                                value: Box::new(s()),
                                index: 1,
                                checked: true,
                            },
                            Ty::Str,
                        ),
                    )),
                ],
                otherwise: vec![],
            })],
            Box::new(lv(2, Ty::I32)),
        ),
        Ty::I32,
    );
    let body = vec![
        sx(set(
            0,
            ex(
                ExprKind::StructLit {
                    id: 0,
                    fields: vec![int(1, 0), ex(ExprKind::Const(Const::F64(2.5)), Ty::F64)],
                },
                point.clone(),
            ),
        )),
        sx(ex(
            ExprKind::FieldAssign {
                target: Box::new(p()),
                field: 0,
                value: Box::new(bin(BinOp::Add, field(0), int(1, 0), Ty::I32)),
            },
            Ty::I32,
        )),
        sx(set(
            1,
            ex(
                ExprKind::EnumLit {
                    id: 0,
                    variant: 1,
                    args: vec![int(2, 0), text_const("r")],
                },
                shape.clone(),
            ),
        )),
        st(StmtKind::Print(vec![
            bin(BinOp::Eq, s(), s(), Ty::Bool),
            bin(BinOp::Ne, s(), s(), Ty::Bool),
        ])),
        st(StmtKind::Print(vec![matched])),
    ];
    let init = function(
        "<module init main.orus>",
        FunctionKind::ModuleInit,
        &[],
        vec![
            decl("p", point),
            decl("s", shape),
            decl("w", Ty::I32),
            decl("n", Ty::Str),
        ],
        Ty::Void,
        body,
        &[],
    );
    let (mut program, sources) = program_of(vec![init], text);
    program.structs.push(StructInfo {
        name: "Point".into(),
        fields: vec![("x".into(), Ty::I32), ("y".into(), Ty::F64)],
    });
    program.enums.push(EnumInfo {
        name: "Shape".into(),
        variants: vec![
            ("Dot".into(), vec![]),
            ("Rect".into(), vec![Some(Ty::I32), None]),
        ],
    });
    let (ir, _) = lower_and_compile(&program, &sources);
    assert_contains(
        &ir,
        &[
            "= struct.new Point{%",
            "= field.get %0.0",
            "field.set %0.0, %",
            "= const.u32 1",
            "rt.enum_new(%",
            ") [enum0, i32, str] @",
            "rt.value_eq(%1, %1) [enum0]",
            "= enum.tag %1",
            "= enum.payload %1.0",
            "rt.enum_payload_checked(%1, %",
            ") [str] @",
        ],
    );
    let module = lower_program(&program, &sources).expect("lowers");
    assert_eq!(module.structs.len(), 1);
    assert_eq!(module.structs[0].name, "Point");
    assert_eq!(
        module.structs[0].fields,
        vec![
            ("x".to_string(), orus_midend::ir::ValueType::I32),
            ("y".to_string(), orus_midend::ir::ValueType::F64)
        ]
    );
    assert_eq!(module.enums[0].name, "Shape");
    let arities: Vec<u32> = module.enums[0].variants.iter().map(|v| v.arity).collect();
    assert_eq!(arities, vec![0, 2]);
    insta::assert_snapshot!(snapshot_text(text, &ir));
}

/// Closures (docs/HEAP.md §5): a captured local lives in a cell created at entry, the
/// closure's function takes the environment as parameter 0 and binds its captures from it,
/// a captured parameter is copied into a cell, a named function used as a value goes through
/// an adapter, and function values are called indirectly.
///
/// ```text
/// fn make_counter() -> fn() -> i32:      // 0
///     mut n = 0
///     return fn() -> i32:                 // 1
///         n = n + 1
///         return n
/// fn inc(k: i32) -> i32: return k + 1     // 2
/// fn adder(a: i32) -> fn(i32) -> i32:     // 3
///     return fn(b: i32) -> i32: a + b     // 4
/// tick = make_counter()                   // 5: module init
/// f = inc
/// print(tick(), f(5), adder(1)(2))
/// ```
#[test]
fn closures_cells_and_adapters() {
    let text = "fn make_counter() -> fn() -> i32:\n    mut n = 0\n    return fn() -> i32:\n        n = n + 1\n        return n\n";
    let counter_ty = Ty::Func(vec![], Box::new(Ty::I32));
    let unary = Ty::Func(vec![Ty::I32], Box::new(Ty::I32));
    let ret = |e: Expr| st(StmtKind::Return(Some(e)));
    let make_counter = function(
        "make_counter",
        FunctionKind::Named,
        &[],
        vec![captured("n", Ty::I32)],
        counter_ty.clone(),
        vec![
            sx(set(0, int(0, 0))),
            ret(ex(
                ExprKind::Closure {
                    func: FuncId(1),
                    captures: vec![LocalId(0)],
                },
                counter_ty.clone(),
            )),
        ],
        &[],
    );
    let lambda = function(
        "<fn>",
        FunctionKind::Lambda,
        &[],
        vec![captured("n", Ty::I32)],
        Ty::I32,
        vec![
            sx(set(0, bin(BinOp::Add, lv(0, Ty::I32), int(1, 0), Ty::I32))),
            ret(lv(0, Ty::I32)),
        ],
        &[0],
    );
    let inc = function(
        "inc",
        FunctionKind::Named,
        &[0],
        vec![decl("k", Ty::I32)],
        Ty::I32,
        vec![ret(bin(BinOp::Add, lv(0, Ty::I32), int(1, 0), Ty::I32))],
        &[],
    );
    let adder = function(
        "adder",
        FunctionKind::Named,
        &[0],
        vec![captured("a", Ty::I32)],
        unary.clone(),
        vec![ret(ex(
            ExprKind::Closure {
                func: FuncId(4),
                captures: vec![LocalId(0)],
            },
            unary.clone(),
        ))],
        &[],
    );
    let add_lambda = function(
        "<fn>",
        FunctionKind::Lambda,
        &[0],
        vec![decl("b", Ty::I32), captured("a", Ty::I32)],
        Ty::I32,
        vec![sx(bin(BinOp::Add, lv(1, Ty::I32), lv(0, Ty::I32), Ty::I32))],
        &[1],
    );
    let call_value = |f: Expr, args: Vec<Expr>| ex(ExprKind::CallValue(Box::new(f), args), Ty::I32);
    let init = function(
        "<module init main.orus>",
        FunctionKind::ModuleInit,
        &[],
        vec![decl("tick", counter_ty.clone()), decl("f", unary.clone())],
        Ty::Void,
        vec![
            sx(set(
                0,
                ex(ExprKind::Call(FuncId(0), vec![]), counter_ty.clone()),
            )),
            sx(set(1, ex(ExprKind::FuncRef(FuncId(2)), unary.clone()))),
            st(StmtKind::Print(vec![
                call_value(lv(0, counter_ty.clone()), vec![]),
                call_value(lv(1, unary.clone()), vec![int(5, 0)]),
                call_value(
                    ex(ExprKind::Call(FuncId(3), vec![int(1, 0)]), unary.clone()),
                    vec![int(2, 0)],
                ),
                ex(ExprKind::FuncRef(FuncId(2)), unary.clone()),
            ])),
        ],
        &[],
    );
    let (program, sources) = program_of(
        vec![make_counter, lambda, inc, adder, add_lambda, init],
        text,
    );
    let (ir, _) = lower_and_compile(&program, &sources);
    let module = lower_program(&program, &sources).expect("lowers");
    // Functions: the five, the module init, the entry, then one adapter for `inc`.
    assert_eq!(module.funcs.len(), 8, "{ir}");
    assert_eq!(module.funcs[7].name, "inc.value");
    assert_eq!(module.funcs[7].value_name, "inc");
    assert_eq!(module.funcs[7].params.len(), 2, "env + k");
    assert_eq!(
        module.funcs[1].value_name, "",
        "function expressions print as <fn>"
    );
    assert_eq!(module.funcs[0].value_name, "make_counter");
    assert_eq!(
        module.funcs[1].params.len(),
        1,
        "the lambda takes its environment"
    );
    assert_eq!(module.funcs[4].params.len(), 2, "environment, then b");
    assert_contains(
        &ir,
        &[
            // make_counter: the cell exists before the closure is made; writes go through it.
            "fn make_counter() -> ref {",
            "%2 = const.i32 0\n  %1 = cell.new.i32 %2",
            "cell.set %1, %",
            "= closure <fn>[%1]",
            // the counter lambda: capture 0 of the environment is the cell.
            "fn <fn>(%0: ref) -> i32 {",
            "%2 = capture.get %0.0",
            "= cell.get %2",
            "cell.set %2, %",
            // adder copies its captured parameter into a fresh cell.
            "fn adder(%0: i32) -> ref {",
            "%1 = cell.new.i32 %0",
            "= closure <fn>[%1]",
            "fn <fn>(%0: ref, %1: i32) -> i32 {",
            // module init: FuncRef is a capture-less closure of the adapter.
            "= closure inc.value[]",
            "= call.indirect %",
            "fn inc.value(%0: ref, %1: i32) -> i32 {",
            "= call inc(%1)",
        ],
    );
    insta::assert_snapshot!(snapshot_text(text, &ir));
}

/// `try`/`catch` (docs/HEAP.md §7): nested regions, `TryExit` before `break`/`continue`/
/// `return` once per region left, the handler binding the error, and handler blocks belonging
/// to the enclosing region.
///
/// ```text
/// fn risky(d: i32) -> i32:
///     mut i = 0
///     while true:
///         try:
///             if i == 3: break
///             try:
///                 i = i + 10 / d
///                 if i > 100: return i
///             catch:
///                 continue
///         catch e:
///             print(e)
///             return -1
///     return i
/// ```
#[test]
fn try_regions() {
    let text = "fn risky(d: i32) -> i32:\n    mut i = 0\n    while true:\n        try:\n            if i == 3: break\n";
    let i = || lv(1, Ty::I32);
    let inner = st(StmtKind::Try {
        body: vec![
            sx(set(
                1,
                bin(
                    BinOp::Add,
                    i(),
                    bin(BinOp::Div, int(10, 0), lv(0, Ty::I32), Ty::I32),
                    Ty::I32,
                ),
            )),
            st(StmtKind::If {
                cond: bin(BinOp::Gt, i(), int(100, 0), Ty::Bool),
                then: vec![st(StmtKind::Return(Some(i())))],
                otherwise: vec![],
            }),
        ],
        var: None,
        handler: vec![st(StmtKind::Continue(LoopId(0)))],
    });
    let outer = st(StmtKind::Try {
        body: vec![
            st(StmtKind::If {
                cond: bin(BinOp::Eq, i(), int(3, 0), Ty::Bool),
                then: vec![st(StmtKind::Break(LoopId(0)))],
                otherwise: vec![],
            }),
            inner,
        ],
        var: Some(LocalId(2)),
        handler: vec![
            st(StmtKind::Print(vec![lv(2, Ty::Error)])),
            st(StmtKind::Return(Some(int(-1, 0)))),
        ],
    });
    let risky = function(
        "risky",
        FunctionKind::Named,
        &[0],
        vec![decl("d", Ty::I32), decl("i", Ty::I32), decl("e", Ty::Error)],
        Ty::I32,
        vec![
            sx(set(1, int(0, 0))),
            st(StmtKind::While {
                id: LoopId(0),
                cond: ex(ExprKind::Const(Const::Bool(true)), Ty::Bool),
                body: vec![outer],
            }),
            st(StmtKind::Return(Some(i()))),
        ],
        &[],
    );
    let init = function(
        "<module init main.orus>",
        FunctionKind::ModuleInit,
        &[],
        vec![],
        Ty::Void,
        vec![st(StmtKind::Print(vec![ex(
            ExprKind::Call(FuncId(0), vec![int(0, 0)]),
            Ty::I32,
        )]))],
        &[],
    );
    let (program, sources) = program_of(vec![risky, init], text);
    let (ir, compiled) = lower_and_compile(&program, &sources);
    let module = lower_program(&program, &sources).expect("lowers");
    let f = &module.funcs[0];
    // Find the two TryEnters and check the handler structure.
    let enters: Vec<(usize, orus_midend::ir::BlockId)> = f
        .blocks
        .iter()
        .enumerate()
        .flat_map(|(b, block)| {
            block.insts.iter().filter_map(move |inst| match inst {
                orus_midend::ir::Inst::TryEnter { handler, .. } => Some((b, *handler)),
                _ => None,
            })
        })
        .collect();
    assert_eq!(enters.len(), 2, "{ir}");
    let (outer_at, outer_h) = enters[0];
    let (inner_at, inner_h) = enters[1];
    assert_eq!(
        f.blocks[outer_at].handler, None,
        "the outer try.enter is unguarded"
    );
    assert_eq!(
        f.blocks[inner_at].handler,
        Some(outer_h),
        "inner try.enter is guarded"
    );
    assert_eq!(
        f.blocks[outer_h.0 as usize].handler, None,
        "outer catch is unguarded"
    );
    assert_eq!(
        f.blocks[inner_h.0 as usize].handler,
        Some(outer_h),
        "the inner catch belongs to the outer region"
    );
    let exits_before = |term_matches: &dyn Fn(&orus_midend::ir::Term) -> bool| -> Vec<usize> {
        f.blocks
            .iter()
            .filter(|b| term_matches(&b.term) && b.handler.is_some())
            .map(|b| {
                b.insts
                    .iter()
                    .rev()
                    .take_while(|i| matches!(i, orus_midend::ir::Inst::TryExit))
                    .count()
            })
            .collect()
    };
    // `return i` inside both regions leaves two; nothing returns from inside with fewer.
    let returns = exits_before(&|t| matches!(t, orus_midend::ir::Term::Return(_)));
    assert!(returns.contains(&2), "{returns:?}\n{ir}");
    // The handler of the inner try (`continue`) leaves the outer region only.
    let inner_catch = &f.blocks[inner_h.0 as usize];
    assert_eq!(
        inner_catch.insts,
        vec![orus_midend::ir::Inst::TryExit],
        "{ir}"
    );
    assert_contains(
        &ir,
        &[
            "= try.enter catch b",
            " (catch b",
            "try.exit\n  try.exit\n  ret %1",
            "print(%",
            "[error]",
            "const.i32 -1\n  ret %",
        ],
    );
    // The outer handler binds `e` from the error register, and prints it.
    let catch_text = ir
        .split("\nb")
        .find(|b| b.starts_with(&format!("{}:", outer_h.0)))
        .expect("outer handler block");
    assert!(catch_text.contains("%2 = move %"), "{catch_text}");
    // Allocation keeps the structure (verified in lower_and_compile) and the text; the
    // optimizer removed unreachable blocks and renumbered the handlers consistently.
    assert!(compiled.contains("(catch b"), "{compiled}");
    let optimized = compile_ir(&program, &sources).expect("compiles");
    let g = &optimized.funcs[0];
    assert!(
        g.blocks.len() < f.blocks.len(),
        "unreachable blocks are gone"
    );
    let mut checked = 0;
    for block in &g.blocks {
        for inst in &block.insts {
            if let orus_midend::ir::Inst::TryEnter { handler, .. } = inst {
                let orus_midend::ir::Term::Jump(guarded) = block.term else {
                    panic!("try.enter block ends with a jump")
                };
                assert_eq!(g.blocks[guarded.0 as usize].handler, Some(*handler));
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 2);
    insta::assert_snapshot!(snapshot_text(text, &ir));
}

/// Under register pressure the error register of a `try.enter` is spilled: the engine
/// writes it when an error is caught, so its store to the spill slot must be the first
/// instruction of the handler, not the one after `try.enter`. The layout verifier also
/// checks that nothing defined in the region overwrites a value live into the handler.
#[test]
fn spilled_error_register_is_stored_in_the_handler() {
    const N: u32 = 300;
    let text = "v0 = 0\n";
    let i64c = |v| ex(ExprKind::Const(Const::I64(v)), Ty::I64);
    let mut locals: Vec<Local> = (0..N).map(|k| decl(&format!("v{k}"), Ty::I64)).collect();
    locals.push(decl("e", Ty::Error));
    locals.push(decl("sum", Ty::I64));
    let (e, sum) = (N, N + 1);
    let mut body: Vec<Stmt> = (0..N).map(|k| sx(set(k, i64c(k as i64)))).collect();
    body.push(st(StmtKind::Try {
        body: vec![sx(set(
            0,
            bin(BinOp::Div, lv(1, Ty::I64), lv(0, Ty::I64), Ty::I64),
        ))],
        var: Some(LocalId(e)),
        handler: vec![st(StmtKind::Print(vec![lv(e, Ty::Error)]))],
    }));
    body.push(sx(set(sum, i64c(0))));
    for k in 0..N {
        body.push(sx(set(
            sum,
            bin(BinOp::Add, lv(sum, Ty::I64), lv(k, Ty::I64), Ty::I64),
        )));
    }
    body.push(st(StmtKind::Print(vec![lv(sum, Ty::I64)])));
    let init = function(
        "<module init main.orus>",
        FunctionKind::ModuleInit,
        &[],
        locals,
        Ty::Void,
        body,
        &[],
    );
    let (program, sources) = program_of(vec![init], text);
    let module = compile_ir(&program, &sources).expect("compiles");
    if let Err(errors) = verify_module(&module) {
        panic!("invalid allocated IR:\n{}", errors.join("\n"));
    }
    let f = &module.funcs[0];
    let layout = f.layout.as_ref().expect("allocated");
    assert!(layout.spill_count() > 0, "the test needs register pressure");
    let (enter_block, enter_at, handler, error) = f
        .blocks
        .iter()
        .enumerate()
        .find_map(|(b, block)| {
            block
                .insts
                .iter()
                .enumerate()
                .find_map(|(i, inst)| match inst {
                    orus_midend::ir::Inst::TryEnter { handler, error } => {
                        Some((b, i, *handler, *error))
                    }
                    _ => None,
                })
        })
        .expect("a try.enter");
    let after = f.blocks[enter_block].insts.get(enter_at + 1);
    let handler_first = f.blocks[handler.0 as usize].insts.first();
    let text = print_module(&module);
    match handler_first {
        Some(orus_midend::ir::Inst::Spill { src, .. }) => {
            assert_eq!(*src, error, "the handler stores the caught error first");
        }
        other => panic!("expected a spill at the handler start, found {other:?}\n{text}"),
    }
    assert!(
        !matches!(after, Some(orus_midend::ir::Inst::Spill { src, .. }) if *src == error),
        "no store right after try.enter"
    );
    assert!(
        layout.is_ref_slot(layout.slot_of[error.0 as usize]),
        "error lives in a ref slot"
    );
}

/// `for n in range(…)` asks the range value for its values; a captured loop variable and a
/// captured catch variable are stored into their cells; a closure created inside a `try`.
///
/// ```text
/// fn main_like():
///     fs = []
///     for n in range(0, 3, 1):
///         push(fs, fn() -> i64: n)
///     try:
///         pass
///     catch e:
///         g = fn() -> string: typeof(e)
/// ```
#[test]
fn range_loops_and_captured_loop_and_catch_variables() {
    let text = "fs = []\n";
    let i64c = |v| ex(ExprKind::Const(Const::I64(v)), Ty::I64);
    let fn_i64 = Ty::Func(vec![], Box::new(Ty::I64));
    let fn_str = Ty::Func(vec![], Box::new(Ty::Str));
    let get_n = function(
        "<fn>",
        FunctionKind::Lambda,
        &[],
        vec![captured("n", Ty::I64)],
        Ty::I64,
        vec![sx(lv(0, Ty::I64))],
        &[0],
    );
    let describe = function(
        "<fn>",
        FunctionKind::Lambda,
        &[],
        vec![captured("e", Ty::Error)],
        Ty::Str,
        vec![sx(builtin(
            Builtin::TypeofError,
            vec![lv(0, Ty::Error)],
            Ty::Str,
        ))],
        &[0],
    );
    let fs_ty = arr(fn_i64.clone());
    let init = function(
        "<module init main.orus>",
        FunctionKind::ModuleInit,
        &[],
        vec![
            decl("fs", fs_ty.clone()),
            captured("n", Ty::I64),
            captured("e", Ty::Error),
            decl("g", fn_str.clone()),
        ],
        Ty::Void,
        vec![
            sx(set(0, ex(ExprKind::ArrayLit(vec![]), fs_ty.clone()))),
            st(StmtKind::ForRangeValue {
                id: LoopId(0),
                var: LocalId(1),
                range: builtin(Builtin::Range, vec![i64c(0), i64c(3), i64c(1)], Ty::Range),
                body: vec![sx(builtin(
                    Builtin::Push,
                    vec![
                        lv(0, fs_ty.clone()),
                        ex(
                            ExprKind::Closure {
                                func: FuncId(0),
                                captures: vec![LocalId(1)],
                            },
                            fn_i64.clone(),
                        ),
                    ],
                    fs_ty.clone(),
                ))],
            }),
            st(StmtKind::Try {
                body: vec![],
                var: Some(LocalId(2)),
                handler: vec![sx(set(
                    3,
                    ex(
                        ExprKind::Closure {
                            func: FuncId(1),
                            captures: vec![LocalId(2)],
                        },
                        fn_str.clone(),
                    ),
                ))],
            }),
        ],
        &[],
    );
    let (program, sources) = program_of(vec![get_n, describe, init], text);
    let (ir, _) = lower_and_compile(&program, &sources);
    assert_contains(
        &ir,
        &[
            "rt.range_new(%",
            "= rt.range_has_next(%",
            "= rt.range_next(%",
            "= array.new [fn] []",
            "rt.typeof_error(%",
        ],
    );
    let init_text = ir
        .split("fn <module init main.orus>")
        .nth(1)
        .expect("the module init");
    // Both cells are created at entry (zero values), before anything else runs.
    let entry = init_text.split("\nb1").next().unwrap();
    assert!(entry.contains("= cell.new.i64 %"), "{entry}");
    assert!(entry.contains("= cell.new.ref %"), "{entry}");
    // The loop stores each value into n's cell; the handler stores the error into e's.
    let next = init_text.find("= rt.range_next(%").expect("range_next");
    assert!(init_text[next..].contains("cell.set %"), "{init_text}");
    let enter = init_text.find("= try.enter catch b").expect("try.enter");
    let error_reg = init_text[..enter].rsplit("  ").next().unwrap().trim();
    assert!(
        init_text.contains(&format!("cell.set %6, {error_reg}"))
            || init_text.contains(&format!(", {error_reg}\n")),
        "{init_text}"
    );
    insta::assert_snapshot!(snapshot_text(text, &ir));
}

/// Small real programs for the heap features, through the real parser and checker. While
/// the checker does not accept a construct yet the program is skipped (and named on stderr);
/// every program it accepts must lower, optimize, allocate and verify.
#[test]
fn real_heap_programs_compile_when_the_checker_accepts_them() {
    let programs: &[(&str, &str)] = &[
        (
            "arrays",
            "xs = [1, 2, 3]\npush(xs, 4)\nprint(xs[1], len(xs), xs[0..1], xs[..])\nxs[2] = 9\nfor x in xs:\n    print(x)\nys = xs * 2\nprint(pop(ys), sorted(ys))\nzs = [0, 5]\nprint(zs, xs == xs)\n",
        ),
        (
            "strings",
            "s = \"hello\"\nprint(s[1], s[1..3], s[..], len(s))\nn: u64 = 2\nprint(s[n])\n",
        ),
        (
            "structs",
            "struct Point:\n    x: i32\n    y: i32\np = Point{x: 1, y: 2}\np.x = p.x + 5\nprint(p.x, p.y)\n",
        ),
        (
            "enums",
            "enum Shape:\n    Dot\n    Rect(i32, i32)\ns = Shape.Rect(2, 3)\nmatch s:\n    Shape.Dot -> print(0)\n    Shape.Rect(w, h) -> print(w * h)\nprint(s == Shape.Rect(2, 3))\n",
        ),
        (
            "closures",
            "fn make_counter() -> fn() -> i32:\n    mut n = 0\n    return fn() -> i32:\n        n = n + 1\n        return n\ntick = make_counter()\nprint(tick(), tick())\nfn inc(k: i32) -> i32:\n    return k + 1\nf = inc\nprint(f(1), f)\n",
        ),
        (
            "try",
            "fn risky(d: i32) -> i32:\n    return 10 / d\ntry:\n    print(risky(0))\ncatch e:\n    print(e, typeof(e))\nmut i = 0\nwhile i < 3:\n    try:\n        i = i + 1\n        if i == 2:\n            continue\n        print(i)\n    catch:\n        break\n",
        ),
        (
            "nested",
            "fn outer(a: i32) -> i32:\n    mut x = a\n    fn bump(k: i32) -> i32:\n        x = x + k\n        return x\n    bump(1)\n    g = bump\n    g(2)\n    return x\nprint(outer(1))\n",
        ),
        (
            "loop_closures",
            "fn make() -> [fn() -> i32]:\n    fs: [fn() -> i32] = []\n    for i in 3:\n        g = fn() -> i32:\n            return i\n        push(fs, g)\n    return fs\nfor f in make():\n    print(f())\n",
        ),
        (
            "methods",
            "struct Counter:\n    n: i32\nimpl Counter:\n    fn bump(self, k: i32):\n        self.n = self.n + k\nc = Counter{n: 0}\nc.bump(3)\nprint(c.n, c)\n",
        ),
        (
            "generic_enum",
            "enum Maybe[T]:\n    Some(T)\n    Nothing\nfn unwrap(m) -> i32:\n    match m:\n        Maybe.Some(v) -> return v\n        Maybe.Nothing -> return 0\nprint(unwrap(Maybe.Some(4)))\n",
        ),
        (
            "try_in_function",
            "fn f(xs: [i32], i: i32) -> i32:\n    try:\n        return xs[i]\n    catch e:\n        print(e)\n    return -1\nprint(f([1, 2], 5), f([1, 2], 1))\n",
        ),
        (
            "nested_try_shadow",
            "try:\n    a = [1, 2,]\n    try:\n        print(a[2])\n    catch e:\n        print(\"inner\", typeof(e))\n    print(\"between\")\n    b = int(\"x1\")\n    print(\"not reached\", b)\ncatch e:\n    print(\"outer\", e)\n",
        ),
        (
            "ranges",
            "for v in range(0, 10, 3):\n    print(v)\nprint(int(\"42\"), float(\"2.5\"))\n",
        ),
    ];
    let mut accepted = Vec::new();
    for (name, text) in programs {
        let mut sources = orus_frontend::source::SourceMap::new();
        let file = sources.add(format!("{name}.orus"), *text);
        let (ast, errors) = orus_frontend::parser::parse(file, text);
        if !errors.is_empty() {
            eprintln!("{name}: does not parse yet");
            continue;
        }
        let program = match orus_frontend::check::check(&ast, &sources) {
            Ok(program) => program,
            Err(errors) => {
                eprintln!(
                    "{name}: not accepted by the checker yet ({} errors)",
                    errors.len()
                );
                continue;
            }
        };
        if std::env::var_os("ORUS_LOWER_DUMP").is_some() {
            let lowered = lower_program(&program, &sources).expect("lowers");
            eprintln!("===== {name}\n{}", print_module(&lowered));
        }
        let module = compile_ir(&program, &sources)
            .unwrap_or_else(|e| panic!("{name} does not compile:\n{e}"));
        verify_module(&module).unwrap_or_else(|e| panic!("{name}: {}", e.join("\n")));
        if std::env::var_os("ORUS_LOWER_DUMP").is_some() {
            eprintln!("===== {name} (allocated)\n{}", print_module(&module));
        }
        accepted.push(*name);
    }
    eprintln!("compiled: {accepted:?}");
}

/// A value live into a handler keeps its slot for the whole guarded region: nothing defined
/// inside the region may reuse it, even values that are dead after the region.
///
/// ```text
/// fn g(d: i32):
///     x = d + 1
///     try:
///         y = d * 2
///         z = 10 / d
///         print(y, z)
///     catch:
///         print(x)
/// ```
#[test]
fn values_live_into_a_handler_keep_their_slots() {
    let text = "fn g(d: i32):\n    x = d + 1\n";
    let d = || lv(0, Ty::I32);
    let g = function(
        "g",
        FunctionKind::Named,
        &[0],
        vec![
            decl("d", Ty::I32),
            decl("x", Ty::I32),
            decl("y", Ty::I32),
            decl("z", Ty::I32),
        ],
        Ty::Void,
        vec![
            sx(set(1, bin(BinOp::Add, d(), int(1, 0), Ty::I32))),
            st(StmtKind::Try {
                body: vec![
                    sx(set(2, bin(BinOp::Mul, d(), int(2, 0), Ty::I32))),
                    sx(set(3, bin(BinOp::Div, int(10, 0), d(), Ty::I32))),
                    st(StmtKind::Print(vec![lv(2, Ty::I32), lv(3, Ty::I32)])),
                ],
                var: None,
                handler: vec![st(StmtKind::Print(vec![lv(1, Ty::I32)]))],
            }),
        ],
        &[],
    );
    let init = function(
        "<module init main.orus>",
        FunctionKind::ModuleInit,
        &[],
        vec![],
        Ty::Void,
        vec![sx(ex(ExprKind::Call(FuncId(0), vec![int(0, 0)]), Ty::Void))],
        &[],
    );
    let (program, sources) = program_of(vec![g, init], text);
    let module = compile_ir(&program, &sources).expect("compiles");
    verify_module(&module).expect("valid layout");
    let f = &module.funcs[0];
    let layout = f.layout.as_ref().unwrap();
    let x = orus_midend::ir::Reg(1);
    let x_slot = layout.slot_of[x.0 as usize];
    let mut guarded_defs = 0;
    for block in f.blocks.iter().filter(|b| b.handler.is_some()) {
        for inst in &block.insts {
            if let Some(def) = orus_midend::dataflow::inst_def(inst) {
                guarded_defs += 1;
                assert_ne!(
                    layout.slot_of[def.0 as usize],
                    x_slot,
                    "%{} reuses the slot of x:\n{}",
                    def.0,
                    print_module(&module)
                );
            }
        }
    }
    assert!(guarded_defs >= 3, "{}", print_module(&module));
}

/// The layout verifier rejects a slot shared between a value live into a handler and a value
/// defined inside the guarded region, and accepts sharing with values the handler does not
/// need.
#[test]
fn verifier_checks_slots_live_into_handlers() {
    use orus_midend::ir::{self as ir, Block, BlockId, Inst as I, Reg, RegInfo, Term};
    use orus_midend::regalloc::FrameLayout;
    let build = |handler_reads_x: bool, y_slot: u32| {
        let reg = |ty| RegInfo { ty, name: None };
        let handler_print = if handler_reads_x { Reg(0) } else { Reg(3) };
        let f = ir::Function {
            name: "f".into(),
            params: vec![],
            ret: None,
            regs: vec![
                reg(ir::Ty::I32),
                reg(ir::Ty::I32),
                reg(ir::Ty::Ref),
                reg(ir::Ty::I32),
            ],
            blocks: vec![
                Block {
                    insts: vec![
                        I::Const {
                            dst: Reg(0),
                            value: ir::Const::I32(1),
                        },
                        I::TryEnter {
                            handler: BlockId(2),
                            error: Reg(2),
                        },
                    ],
                    term: Term::Jump(BlockId(1)),
                    handler: None,
                },
                Block {
                    insts: vec![
                        I::Const {
                            dst: Reg(1),
                            value: ir::Const::I32(2),
                        },
                        I::Print {
                            types: vec![ir::ValueType::I32],
                            args: vec![Reg(1)],
                        },
                        I::TryExit,
                    ],
                    term: Term::Return(None),
                    handler: Some(BlockId(2)),
                },
                Block {
                    insts: vec![
                        I::Const {
                            dst: Reg(3),
                            value: ir::Const::I32(3),
                        },
                        I::Print {
                            types: vec![ir::ValueType::I32],
                            args: vec![handler_print],
                        },
                    ],
                    term: Term::Return(None),
                    handler: None,
                },
            ],
            loc: ir::LocId(0),
            layout: Some(FrameLayout {
                slot_of: vec![0, y_slot, 1, 2],
                slot_types: vec![ir::Ty::I32, ir::Ty::Ref, ir::Ty::I32],
                spill_types: vec![],
                call_base: 3,
                frame_size: 5,
            }),
            value_name: String::new(),
        };
        let mut sources = orus_frontend::source::SourceMap::new();
        sources.add("f.orus", "x\n");
        ir::Module {
            funcs: vec![f],
            files: vec!["f.orus".into()],
            locations: vec![ir::Location {
                file: 0,
                start: 0,
                end: 1,
                line: 1,
                col: 1,
            }],
            ..ir::Module::default()
        }
    };
    let errors =
        verify_module(&build(true, 0)).expect_err("y overwrites x, which the handler reads");
    assert!(
        errors.iter().any(|e| e.contains("%1 overwrites live %0")),
        "{errors:?}"
    );
    verify_module(&build(true, 2)).expect("distinct slots are fine");
    verify_module(&build(false, 0)).expect("x is dead in the region when the handler ignores it");
}

/// The verifier follows `try` regions along every path: a missing `try.exit` before a return,
/// a guarded block without its handler, and an unmatched `try.exit` are reported.
#[test]
fn verifier_checks_try_structure() {
    use orus_midend::ir::{self as ir, Block, BlockId, Inst as I, Reg, RegInfo, Term};
    let module = |guarded: Vec<I>, handler: Option<BlockId>| ir::Module {
        funcs: vec![ir::Function {
            name: "f".into(),
            params: vec![],
            ret: None,
            regs: vec![RegInfo {
                ty: ir::Ty::Ref,
                name: None,
            }],
            blocks: vec![
                Block {
                    insts: vec![I::TryEnter {
                        handler: BlockId(2),
                        error: Reg(0),
                    }],
                    term: Term::Jump(BlockId(1)),
                    handler: None,
                },
                Block {
                    insts: guarded,
                    term: Term::Return(None),
                    handler,
                },
                Block {
                    insts: vec![],
                    term: Term::Return(None),
                    handler: None,
                },
            ],
            loc: ir::LocId(0),
            layout: None,
            value_name: String::new(),
        }],
        files: vec!["f.orus".into()],
        locations: vec![ir::Location {
            file: 0,
            start: 0,
            end: 1,
            line: 1,
            col: 1,
        }],
        ..ir::Module::default()
    };
    verify_module(&module(vec![I::TryExit], Some(BlockId(2)))).expect("well formed");
    let errors = verify_module(&module(vec![], Some(BlockId(2)))).expect_err("no try.exit");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("returns inside try regions [b2]")),
        "{errors:?}"
    );
    let errors = verify_module(&module(vec![I::TryExit], None)).expect_err("unguarded");
    assert!(
        errors.iter().any(|e| e.contains("b1: handler none")),
        "{errors:?}"
    );
    let errors = verify_module(&module(vec![I::TryExit, I::TryExit], Some(BlockId(2))))
        .expect_err("two exits");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("try.exit outside a try region")),
        "{errors:?}"
    );
}
