//! Typed trees and acceptance checks for programs the checker must accept.

use orus_frontend::check::check;
use orus_frontend::diagnostics::render;
use orus_frontend::parser::parse;
use orus_frontend::source::SourceMap;
use orus_frontend::typed::{ExprKind, Program, StmtKind, Ty};

/// Parses and checks `source`, panicking with the rendered diagnostics on failure.
fn checked(source: &str) -> Program {
    let mut sources = SourceMap::new();
    let file = sources.add("test.orus", source);
    let (module, parse_errors) = parse(file, source);
    assert!(
        parse_errors.is_empty(),
        "{}",
        render(&parse_errors, &sources, false)
    );
    match check(&module, &sources) {
        Ok(program) => program,
        Err(errors) => panic!("{}", render(&errors, &sources, false)),
    }
}

fn function_names(program: &Program) -> Vec<&str> {
    program.functions.iter().map(|f| f.name.as_str()).collect()
}

#[test]
fn generic_functions_are_instantiated_per_type() {
    let program = checked(
        "fn echo(thing):\n    return thing\na = echo(5)\nb = echo(\"five\")\nc = echo(7)\n",
    );
    assert_eq!(
        function_names(&program),
        ["<module init test.orus>", "echo[i32]", "echo[string]"]
    );
    assert_eq!(program.functions[1].ret, Ty::I32);
    assert_eq!(program.functions[2].ret, Ty::Str);
    assert_eq!(program.globals.len(), 3);
}

#[test]
fn uncalled_generic_functions_have_no_instances() {
    let program = checked("fn pair_sum(a, b):\n    return a + b\nprint(1)\n");
    assert_eq!(function_names(&program), ["<module init test.orus>"]);
}

#[test]
fn literal_defaults_fix_parameter_types() {
    let program = checked("fn twice(v):\n    return v * 2\nprint(twice(4))\n");
    assert_eq!(function_names(&program)[1], "twice");
    assert_eq!(program.functions[1].ret, Ty::I32);
}

#[test]
fn mutual_recursion_and_hoisting() {
    let program = checked(
        "print(is_even(10))\nfn is_even(n: i32) -> bool:\n    if n == 0: return true\n    return is_odd(n - 1)\nfn is_odd(n: i32) -> bool:\n    if n == 0: return false\n    return is_even(n - 1)\n",
    );
    assert_eq!(program.functions.len(), 3);
}

#[test]
fn literals_adapt_to_the_other_operand() {
    let program = checked(
        "total: i64 = 5000000000\nhalf = total / 2\nratio: f64 = 0.5\nscaled = ratio * 3\n",
    );
    let tys: Vec<&Ty> = program.globals.iter().map(|g| &g.ty).collect();
    assert_eq!(tys, [&Ty::I64, &Ty::I64, &Ty::F64, &Ty::F64]);
}

#[test]
fn plain_declarations_escape_if_branches() {
    let program = checked(
        "fn f(x: i32) -> i32:\n    if x > 0:\n        note = 1\n    return note\nprint(f(1))\n",
    );
    let f = &program.functions[1];
    let note = f.locals.iter().find(|l| l.name == "note").unwrap();
    assert!(note.needs_init_check);
}

#[test]
fn implicit_tail_return_and_missing_return() {
    let program = checked("fn smaller(a: i32, b: i32) -> i32:\n    if a <= b: a\n    else: b\nfn loop_ret(n: i32) -> i32:\n    while n > 0:\n        return n\nprint(smaller(1, 2), loop_ret(3))\n");
    let smaller = &program.functions[1];
    assert!(!matches!(
        smaller.body.last().unwrap().kind,
        StmtKind::MissingReturn
    ));
    let loop_ret = &program.functions[2];
    assert!(matches!(
        loop_ret.body.last().unwrap().kind,
        StmtKind::MissingReturn
    ));
}

#[test]
fn float_division_of_constants_is_folded() {
    let program = checked("x = 1.0 / (2.0 - 2.0)\n");
    let StmtKind::Expr(assign) = &program.functions[0].body[0].kind else {
        panic!("expected an assignment")
    };
    let ExprKind::AssignGlobal(_, value) = &assign.kind else {
        panic!("expected a global assignment")
    };
    assert!(
        matches!(value.kind, ExprKind::Const(orus_frontend::typed::Const::F64(v)) if v.is_infinite())
    );
}

#[test]
fn typeof_and_istype_fold_to_constants() {
    let program = checked("x = 5u64\nprint(typeof(x), istype(x, \"u64\"))\n");
    let StmtKind::Print(args) = &program.functions[0].body[1].kind else {
        panic!("expected print")
    };
    assert!(
        matches!(&args[0].kind, ExprKind::Const(orus_frontend::typed::Const::Str(s)) if s == b"u64")
    );
    assert!(matches!(
        &args[1].kind,
        ExprKind::Const(orus_frontend::typed::Const::Bool(true))
    ));
}

#[test]
fn scalar_core_programs_check() {
    for source in [
        "mut tally = 0\nfn record(points: i32):\n    bonus = points * 2\n    if bonus > 10:\n        note = \"big\"\n    tally = tally + bonus\nrecord(7)\nprint(tally)\n",
        "'scan: for row in 0..4:\n    for col in 0..=4..2:\n        if row == col:\n            break 'scan\n        continue\n",
        "n: u64 = 10\nfor i in 0..n:\n    print(i)\nfor j in 5:\n    pass\n",
        "x = 6 and 3\ny = true or false\nz = not 0\nw = -1 as u32\nprint(x, y, z, w)\n",
        "done = true\nprint(done == 1, 0 == false)\n",
        "s = \"a\" + \"b\"\nprint(s == \"ab\", s != \"x\")\n",
        "LIMIT: i32 := 64\ngreeting = \"hi\", mut hits = 0\nhits += 1\nprint(LIMIT, greeting, hits)\n",
        "fn fact(n):\n    if n <= 1: return 1\n    return n * fact(n - 1)\nprint(fact(10))\n",
        "a = b = 0\nprint(a, b)\nreturn\n",
        "x = 3 if 1 < 2 else 4\nbig: u64 = 18446744073709551615\nprint(x, big, 0xFFFFFFFF, timestamp())\n",
        "fn add(a, b): a + b\nprint(add(1, 2), add(\"x\", \"y\"), add(1.5, 2.5))\n",
        "len = 3\nprint(len)\nif assert_eq(\"l\", len, 3): print(\"ok\")\n",
    ] {
        checked(source);
    }
}

#[test]
fn len_of_a_string_is_a_builtin_i32() {
    let program = checked("s = \"h\u{e9}\"\nprint(len(s))\n");
    let StmtKind::Print(args) = &program.functions[0].body[1].kind else {
        panic!("expected print");
    };
    assert!(matches!(
        args[0].kind,
        ExprKind::Builtin(orus_frontend::typed::Builtin::StrLen, _)
    ));
    assert_eq!(args[0].ty, Ty::I32);
}

#[test]
fn module_if_declarations_are_mutable_and_init_checked() {
    let program =
        checked("top = 1\nif true:\n    inner = 1\n    inner = inner + 1\nprint(top, inner)\n");
    let flags: Vec<(&str, bool)> = program
        .globals
        .iter()
        .map(|g| (g.name.as_str(), g.needs_init_check))
        .collect();
    assert_eq!(flags, [("top", false), ("inner", true)]);
}

#[test]
fn nested_functions_are_named_after_their_parents() {
    let program = checked(
        "fn outer(n: i32) -> i32:\n    fn pick(flag, a, b):\n        if flag: return a\n        return b\n    fn inner(v: i32) -> i32:\n        fn leaf(w: i32) -> i32: w + 1\n        return leaf(v)\n    size = pick(true, 1, 2)\n    return inner(n) + size + len(pick(false, \"a\", \"bc\"))\nprint(outer(1))\n",
    );
    let mut names = function_names(&program);
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "<module init test.orus>",
            "outer",
            "outer.inner",
            "outer.inner.leaf",
            "outer.pick[bool, i32, i32]",
            "outer.pick[bool, string, string]",
        ]
    );
    let leaf = program
        .functions
        .iter()
        .find(|f| f.name == "outer.inner.leaf")
        .unwrap();
    assert_eq!(leaf.source_name, "leaf");
}
