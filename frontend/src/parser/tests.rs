//! Parser unit tests: precedence, suites, the fill form, literal folding and recovery.

use super::parse;
use crate::ast::{Expr, ExprKind, Stmt, StmtKind};
use crate::source::FileId;

fn parse_ok(text: &str) -> Vec<Stmt> {
    let (module, diags) = parse(FileId(0), text);
    assert!(diags.is_empty(), "{text:?}: {diags:#?}");
    module.items
}

fn messages(text: &str) -> Vec<String> {
    parse(FileId(0), text)
        .1
        .into_iter()
        .map(|d| d.message)
        .collect()
}

/// The value of `x = <expr>` written as an S-expression.
fn expr(text: &str) -> String {
    let items = parse_ok(&format!("x = {text}"));
    match &items[0].kind {
        StmtKind::Binding(b) => show(&b.value),
        other => panic!("not a binding: {other:?}"),
    }
}

fn show(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Int {
            value, negative, ..
        } => format!("{}{value}", if *negative { "-" } else { "" }),
        ExprKind::Float { value, .. } => format!("{value:?}"),
        ExprKind::Str(s) => format!("{:?}", String::from_utf8_lossy(s)),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Paren(e) => format!("(paren {})", show(e)),
        ExprKind::Binary { op, lhs, rhs } => format!("({op:?} {} {})", show(lhs), show(rhs)),
        ExprKind::Unary { op, operand } => format!("({op:?} {})", show(operand)),
        ExprKind::Cast { expr, ty } => format!("(as {} {})", show(expr), ty.name),
        ExprKind::Assign { op, target, value } => {
            format!("(assign{op:?} {} {})", show(target), show(value))
        }
        ExprKind::Cond {
            then,
            cond,
            otherwise,
        } => format!("(if {} {} {})", show(cond), show(then), show(otherwise)),
        ExprKind::Call { callee, args } => format!("(call {}{})", show(callee), list(args)),
        ExprKind::Index { base, index } => format!("(index {} {})", show(base), show(index)),
        ExprKind::Slice { base, start, end } => format!(
            "(slice {} {} {})",
            show(base),
            start.as_deref().map_or("_".into(), show),
            end.as_deref().map_or("_".into(), show)
        ),
        ExprKind::Field { base, name } => format!("(. {} {})", show(base), name.name),
        ExprKind::StructLit { name, fields, .. } => {
            let fields: Vec<_> = fields
                .iter()
                .map(|f| format!(" {}={}", f.name.name, show(&f.value)))
                .collect();
            format!("({}{{}}{})", name.name, fields.concat())
        }
        ExprKind::Array(elems) => format!("(array{})", list(elems)),
        ExprKind::ArrayFill { value, count } => format!("(fill {} {})", show(value), show(count)),
        ExprKind::Fn(_) => "(fn)".into(),
        ExprKind::Match { arms, .. } => format!("(match {} arms)", arms.len()),
        ExprKind::Timestamp => "(timestamp)".into(),
    }
}

fn list(items: &[Expr]) -> String {
    items.iter().map(|e| format!(" {}", show(e))).collect()
}

#[test]
fn arithmetic_precedence() {
    assert_eq!(expr("1 + 2 * 3 - 4"), "(Sub (Add 1 (Mul 2 3)) 4)");
    assert_eq!(expr("-x % 3"), "(Mod (Neg x) 3)");
    assert_eq!(expr("not a == b"), "(Eq (Not a) b)");
    assert_eq!(expr("a or b and c"), "(Or a (And b c))");
    assert_eq!(expr("a < b < c"), "(Lt (Lt a b) c)");
}

#[test]
fn cast_sits_at_comparison_level_and_keeps_looping() {
    assert_eq!(expr("n / 2 as f64"), "(as (Div n 2) f64)");
    assert_eq!(expr("a + b as f64 * c"), "(Mul (as (Add a b) f64) c)");
    assert_eq!(expr("x < y as i32"), "(as (Lt x y) i32)");
    assert_eq!(
        expr("(v as bool) as string"),
        "(as (paren (as v bool)) string)"
    );
    assert_eq!(
        messages("x = v as bool as string"),
        vec!["Chained type casts are not allowed"]
    );
}

#[test]
fn conditional_and_assignment_nest_to_the_right() {
    assert_eq!(expr("a if p else b if q else c"), "(if p a (if q b c))");
    assert_eq!(expr("y = z = 0"), "(assignSet y (assignSet z 0))");
    assert_eq!(expr("p.x += 1"), "(assignAdd (. p x) 1)");
    assert!(messages("x = f() = 1")[0].starts_with("Invalid assignment target"));
}

#[test]
fn minus_folds_into_literals_only_in_unary_position() {
    assert_eq!(expr("-2 * 3"), "(Mul -2 3)");
    assert_eq!(expr("a -1"), "(Sub a 1)");
    assert_eq!(expr("- 5"), "-5");
    assert_eq!(expr("-x"), "(Neg x)");
    assert_eq!(expr("--1"), "(Neg -1)");
    assert_eq!(expr("-2.5"), "-2.5");
}

#[test]
fn literal_suffix_checks() {
    assert!(messages("x = 300u32 + 3.0i32 + 0xFFFFFFFFi32 + -2147483648i32").is_empty());
    for bad in ["4294967296u32", "-1u32", "3.5i32", "2147483648i32", "-1u64"] {
        assert_eq!(
            messages(&format!("x = {bad}")).len(),
            1,
            "{bad} should be rejected"
        );
    }
}

#[test]
fn postfix_forms() {
    assert_eq!(expr("f(a, b)[0].y"), "(. (index (call f a b) 0) y)");
    assert_eq!(expr("xs[1..3]"), "(slice xs 1 3)");
    assert_eq!(expr("xs[..]"), "(slice xs _ _)");
    assert_eq!(expr("xs[2..]"), "(slice xs 2 _)");
    assert_eq!(expr("xs[..2]"), "(slice xs _ 2)");
    assert_eq!(expr("P{ a: 1, b: 2 }"), "(P{} a=1 b=2)");
    assert_eq!(expr("geo.P{ a: 1\n b: 2 }"), "(P{} a=1 b=2)");
    assert_eq!(expr("timestamp()"), "(timestamp)");
    assert_eq!(expr("timestamp"), "timestamp");
}

#[test]
fn fill_form_rules() {
    assert_eq!(expr("[0, 5]"), "(fill 0 5)");
    assert_eq!(expr("[\"\", SIZE]"), "(fill \"\" SIZE)");
    assert_eq!(expr("[4, 9,]"), "(array 4 9)");
    assert_eq!(expr("[4, -9]"), "(array 4 -9)");
    assert_eq!(expr("[1, 2, 3]"), "(array 1 2 3)");
    assert_eq!(expr("len([1, 3])"), "(call len (array 1 3))");
    assert_eq!(
        expr("f(P{ xs: [[0, 2], 1] })"),
        "(call f (P{} xs=(array (array 0 2) 1)))"
    );
    let items = parse_ok("print([1, 3])");
    match &items[0].kind {
        StmtKind::Print(args) => assert_eq!(show(&args[0]), "(fill 1 3)"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn same_line_if_branch_is_one_statement() {
    let items = parse_ok("if ok: print(\"a\"); print(\"b\")");
    assert_eq!(items.len(), 2);
    assert!(matches!(items[1].kind, StmtKind::Print(_)));
}

#[test]
fn same_line_while_and_fn_bodies_take_every_statement() {
    let items = parse_ok("while c: a; b\nfn f(): a; b;\n");
    assert_eq!(items.len(), 2);
    match &items[0].kind {
        StmtKind::While { body, .. } => assert_eq!(body.stmts.len(), 2),
        other => panic!("{other:?}"),
    }
    match &items[1].kind {
        StmtKind::Fn(def) => assert_eq!(def.body.stmts.len(), 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn elif_and_else_follow_same_line_branches() {
    let items = parse_ok("if a: x\nelif b: y\nelse: z\nw");
    assert_eq!(items.len(), 2);
    match &items[0].kind {
        StmtKind::If {
            branches,
            else_block,
        } => {
            assert_eq!(branches.len(), 2);
            assert!(else_block.is_some());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn statement_dispatch() {
    let items = parse_ok("a, b = f()\nx: i32 = 1\nN := 2\nmut m = 3\nlo = 0, mut hi = 1\nx += 1");
    let kinds: Vec<_> = items
        .iter()
        .map(|s| match &s.kind {
            StmtKind::Destructure { .. } => "destructure",
            StmtKind::Binding(_) => "binding",
            StmtKind::DeclList(_) => "decl-list",
            StmtKind::Expr(_) => "expr",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "destructure",
            "binding",
            "binding",
            "binding",
            "decl-list",
            "expr"
        ]
    );
}

#[test]
fn match_statement_versus_expression() {
    let items = parse_ok("match x:\n    1 -> pass\ny = match x:\n    1 -> 2\n    _ -> 3\n");
    assert!(matches!(items[0].kind, StmtKind::Match { .. }));
    match &items[1].kind {
        StmtKind::Binding(b) => assert_eq!(show(&b.value), "(match 2 arms)"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn syntax_errors() {
    let cases = [
        (
            "if x = 1:\n    pass",
            "An assignment cannot be the condition of 'if'; did you mean '=='?",
        ),
        ("if a\n    pass", "Expected ':' after if statement"),
        ("while a\n    pass", "Expected ':' after while statement"),
        (
            "fn f() -> :\n    pass",
            "Expected return type after '->' in function 'f', but found COLON",
        ),
        (
            "x = [1, 2\ny = 3",
            "Expected ']' to close this array literal, but found NEWLINE instead.",
        ),
        (
            "x = 1\n    y = 2",
            "It looks like this line is indented, but there's no open block above it.",
        ),
        (
            "fn f():\n    pub x = 1",
            "'pub' declarations are only allowed at module scope",
        ),
        (
            "fn f():\n    use a",
            "'use' declarations are only allowed at module scope",
        ),
        (
            "if a:\n    pass\nelse if b:\n    pass",
            "'else if' is not valid Orus; write 'elif'",
        ),
    ];
    for (text, message) in cases {
        assert_eq!(messages(text), vec![message.to_string()], "{text:?}");
    }
}

#[test]
fn recovery_reports_every_broken_statement() {
    let text = "x = = 1\ny = 2 3\nif a\n    z = )\nok = 1\nw = (";
    assert_eq!(messages(text).len(), 4, "{:#?}", messages(text));
    let (module, _) = parse(FileId(0), text);
    assert!(module
        .items
        .iter()
        .any(|s| matches!(&s.kind, StmtKind::Binding(b) if b.name.name == "ok")));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("x = {}1{}", "(".repeat(5000), ")".repeat(5000));
    assert_eq!(messages(&deep).len(), 1);
    let unary = format!("x = {}1", "not ".repeat(5000));
    assert_eq!(messages(&unary).len(), 1);
    let chain = format!("x = 1{}", " + 1".repeat(5000));
    assert_eq!(messages(&chain).len(), 1);
    let fields = format!("x = a{}", ".b".repeat(5000));
    assert_eq!(messages(&fields).len(), 1);
    assert!(messages(&format!("x = 1{}", " + 1".repeat(200))).is_empty());
    let mut blocks = String::new();
    for depth in 0..400 {
        blocks.push_str(&" ".repeat(depth));
        blocks.push_str("if a:\n");
    }
    blocks.push_str(&" ".repeat(400));
    blocks.push_str("pass\n");
    assert!(!messages(&blocks).is_empty());
}

#[test]
fn any_input_terminates() {
    let samples = [
        "",
        "\n\n",
        ")",
        "]]]",
        "fn",
        "fn (",
        "match",
        "match x:\n",
        "if:",
        "'",
        "'a:",
        "struct",
        "enum E[",
        "x = {",
        "a.b{",
        "try:",
        "catch",
        "\t\tx",
        "@@@",
        "\"",
        "for i in",
        "print",
        "print(",
        "return,",
        "use",
        "use a:",
        "pub",
        "x: [i32",
    ];
    for text in samples {
        let _ = parse(FileId(0), text);
    }
}
