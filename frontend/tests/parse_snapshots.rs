//! Golden snapshots of the parser: each embeds its source, then either a compact rendering of
//! the AST (statements one per line with the source text their span covers, expressions as
//! S-expressions) or the rendered diagnostics.

use orus_frontend::ast::*;
use orus_frontend::diagnostics;
use orus_frontend::parser::parse;
use orus_frontend::source::{SourceMap, Span};
use std::fmt::Write;

/// Parses `source` and renders the snapshot text.
fn snapshot(source: &str) -> String {
    let mut sources = SourceMap::new();
    let file = sources.add("test.orus", source);
    let (module, diags) = parse(file, source);
    let mut out = format!("----- SOURCE CODE\n{source}\n");
    if diags.is_empty() {
        out.push_str("----- AST\n");
        let printer = Printer { source };
        for item in &module.items {
            printer.stmt(&mut out, item, 0);
        }
    } else {
        out.push_str("----- ERRORS\n");
        out.push_str(&diagnostics::render(&diags, &sources, false));
    }
    out
}

macro_rules! snap {
    ($name:ident, $source:expr) => {
        #[test]
        fn $name() {
            insta::assert_snapshot!(snapshot($source));
        }
    };
}

struct Printer<'a> {
    source: &'a str,
}

impl Printer<'_> {
    /// The first line of the text a span covers, so spans can be checked by eye.
    fn covered(&self, span: Span) -> String {
        let text = &self.source[span.range()];
        match text.split_once('\n') {
            Some((first, _)) => format!("«{first}…»"),
            None => format!("«{text}»"),
        }
    }

    fn line(&self, out: &mut String, depth: usize, text: &str) {
        let _ = writeln!(out, "{}{text}", "  ".repeat(depth));
    }

    fn stmt(&self, out: &mut String, s: &Stmt, depth: usize) {
        let head = self.stmt_head(s, depth);
        let (first, rest) = head.split_once('\n').unwrap_or((&head, ""));
        self.line(out, depth, &format!("{first}  {}", self.covered(s.span)));
        if !rest.is_empty() {
            let _ = writeln!(out, "{rest}");
        }
        match &s.kind {
            StmtKind::DeclList(list) => {
                for b in list {
                    self.line(out, depth + 1, &self.binding(b, depth + 1));
                }
            }
            StmtKind::If {
                branches,
                else_block,
            } => {
                for (i, (cond, block)) in branches.iter().enumerate() {
                    let word = if i == 0 { "then" } else { "elif" };
                    self.line(
                        out,
                        depth + 1,
                        &format!("{word} {}", self.expr(cond, depth + 1)),
                    );
                    self.block(out, block, depth + 2);
                }
                if let Some(block) = else_block {
                    self.line(out, depth + 1, "else");
                    self.block(out, block, depth + 2);
                }
            }
            StmtKind::While { body, .. } | StmtKind::For { body, .. } => {
                self.block(out, body, depth + 1)
            }
            StmtKind::Match { arms, .. } => {
                for arm in arms {
                    let pattern = self.pattern(&arm.pattern, depth + 1);
                    self.line(out, depth + 1, &format!("arm {pattern}"));
                    self.block(out, &arm.body, depth + 2);
                }
            }
            StmtKind::Try { body, handler, .. } => {
                self.block(out, body, depth + 1);
                self.line(out, depth, "catch");
                self.block(out, handler, depth + 1);
            }
            StmtKind::Fn(def) => self.block(out, &def.body, depth + 1),
            StmtKind::Struct(def) => {
                for f in &def.fields {
                    let default = f
                        .default
                        .as_ref()
                        .map(|d| format!(" = {}", self.expr(d, depth + 1)))
                        .unwrap_or_default();
                    let text = format!("field {}: {}{default}", f.name.name, ty(&f.ty));
                    self.line(out, depth + 1, &text);
                }
            }
            StmtKind::Enum(def) => {
                for v in &def.variants {
                    let payload: Vec<_> = v
                        .payload
                        .iter()
                        .map(|p| match &p.name {
                            Some(n) => format!("{}: {}", n.name, ty(&p.ty)),
                            None => ty(&p.ty),
                        })
                        .collect();
                    self.line(
                        out,
                        depth + 1,
                        &format!("variant {}({})", v.name.name, payload.join(", ")),
                    );
                }
            }
            StmtKind::Impl(def) => {
                for m in &def.methods {
                    let pub_mark = if m.is_pub { "pub " } else { "" };
                    let text = format!("method {pub_mark}{}  {}", fn_sig(m), self.covered(m.span));
                    self.line(out, depth + 1, &text);
                    self.block(out, &m.body, depth + 2);
                }
            }
            _ => {}
        }
    }

    fn stmt_head(&self, s: &Stmt, depth: usize) -> String {
        let exprs = |list: &[Expr]| {
            list.iter()
                .map(|e| self.expr(e, depth))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match &s.kind {
            StmtKind::Use(u) => use_decl(u),
            StmtKind::Binding(b) => self.binding(b, depth),
            StmtKind::DeclList(_) => "decl-list".into(),
            StmtKind::Destructure { names, value } => format!(
                "destructure {} = {}",
                names
                    .iter()
                    .map(|n| n.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                self.expr(value, depth)
            ),
            StmtKind::Return(values) => format!("return {}", exprs(values)),
            StmtKind::Break(label) => format!("break{}", label_text(label)),
            StmtKind::Continue(label) => format!("continue{}", label_text(label)),
            StmtKind::Pass => "pass".into(),
            StmtKind::Print(args) => format!("print {}", exprs(args)),
            StmtKind::Expr(e) => format!("expr {}", self.expr(e, depth)),
            StmtKind::If { .. } => "if".into(),
            StmtKind::While { label, cond, .. } => {
                format!("while{} {}", label_text(label), self.expr(cond, depth))
            }
            StmtKind::For {
                label, var, source, ..
            } => {
                let source = match source {
                    ForSource::Iter(e) => self.expr(e, depth),
                    ForSource::Range {
                        start,
                        end,
                        inclusive,
                        step,
                    } => format!(
                        "(range {} {}{}{})",
                        self.expr(start, depth),
                        if *inclusive { "=" } else { "" },
                        self.expr(end, depth),
                        step.as_ref()
                            .map(|s| format!(" step {}", self.expr(s, depth)))
                            .unwrap_or_default()
                    ),
                };
                format!("for{} {} in {source}", label_text(label), var.name)
            }
            StmtKind::Match { subject, .. } => format!("match {}", self.expr(subject, depth)),
            StmtKind::Try { catch_name, .. } => format!(
                "try (catch {})",
                catch_name.as_ref().map_or("-", |n| n.name.as_str())
            ),
            StmtKind::Fn(def) => {
                let pub_mark = if def.is_pub { "pub " } else { "" };
                format!("{pub_mark}{}", fn_sig(def))
            }
            StmtKind::Struct(def) => {
                format!(
                    "{}struct {}",
                    if def.is_pub { "pub " } else { "" },
                    def.name.name
                )
            }
            StmtKind::Enum(def) => {
                let params: Vec<_> = def.type_params.iter().map(|p| p.name.as_str()).collect();
                format!(
                    "{}enum {}[{}]",
                    if def.is_pub { "pub " } else { "" },
                    def.name.name,
                    params.join(", ")
                )
            }
            StmtKind::Impl(def) => format!("impl {}", def.type_name.name),
        }
    }

    fn binding(&self, b: &Binding, depth: usize) -> String {
        let mut text = String::from("binding ");
        if b.is_pub {
            text.push_str("pub ");
        }
        if b.is_mut {
            text.push_str("mut ");
        }
        let _ = write!(text, "{:?} {}", b.kind, b.name.name);
        if let Some(t) = &b.ty {
            let _ = write!(text, ": {}", ty(t));
        }
        let _ = write!(text, " = {}", self.expr(&b.value, depth));
        text
    }

    fn block(&self, out: &mut String, block: &Block, depth: usize) {
        for s in &block.stmts {
            self.stmt(out, s, depth);
        }
    }

    fn pattern(&self, p: &Pattern, depth: usize) -> String {
        match p {
            Pattern::Wildcard(_) => "_".into(),
            Pattern::Variant { path, bindings, .. } => {
                let path: Vec<_> = path.iter().map(|i| i.name.as_str()).collect();
                let bindings = bindings.as_ref().map(|b| {
                    let names: Vec<_> = b.iter().map(|i| i.name.as_str()).collect();
                    format!("({})", names.join(", "))
                });
                format!("variant {}{}", path.join("."), bindings.unwrap_or_default())
            }
            Pattern::Expr(e) => self.expr(e, depth),
        }
    }

    /// An expression as an S-expression; function and match expressions continue on
    /// indented lines.
    fn expr(&self, e: &Expr, depth: usize) -> String {
        let list = |items: &[Expr]| -> String {
            items
                .iter()
                .map(|i| format!(" {}", self.expr(i, depth)))
                .collect()
        };
        match &e.kind {
            ExprKind::Int {
                value,
                negative,
                hex,
                suffix,
            } => {
                let sign = if *negative { "-" } else { "" };
                let digits = if *hex {
                    format!("0x{value:x}")
                } else {
                    value.to_string()
                };
                format!("{sign}{digits}{}", suffix_text(*suffix))
            }
            ExprKind::Float { value, suffix } => format!("{value:?}{}", suffix_text(*suffix)),
            ExprKind::Str(bytes) => format!("{:?}", String::from_utf8_lossy(bytes)),
            ExprKind::Bool(b) => b.to_string(),
            ExprKind::Name(n) => n.clone(),
            ExprKind::Paren(inner) => format!("(paren {})", self.expr(inner, depth)),
            ExprKind::Binary { op, lhs, rhs } => format!(
                "({op:?} {} {})",
                self.expr(lhs, depth),
                self.expr(rhs, depth)
            ),
            ExprKind::Unary { op, operand } => format!("({op:?} {})", self.expr(operand, depth)),
            ExprKind::Cast { expr, ty } => format!("(as {} {})", self.expr(expr, depth), ty.name),
            ExprKind::Assign { op, target, value } => format!(
                "(assign-{op:?} {} {})",
                self.expr(target, depth),
                self.expr(value, depth)
            ),
            ExprKind::Cond {
                then,
                cond,
                otherwise,
            } => format!(
                "(if {} then {} else {})",
                self.expr(cond, depth),
                self.expr(then, depth),
                self.expr(otherwise, depth)
            ),
            ExprKind::Call { callee, args } => {
                format!("(call {}{})", self.expr(callee, depth), list(args))
            }
            ExprKind::Index { base, index } => format!(
                "(index {} {})",
                self.expr(base, depth),
                self.expr(index, depth)
            ),
            ExprKind::Slice { base, start, end } => {
                let bound = |b: &Option<Box<Expr>>| {
                    b.as_deref()
                        .map_or("_".to_string(), |e| self.expr(e, depth))
                };
                format!(
                    "(slice {} {} {})",
                    self.expr(base, depth),
                    bound(start),
                    bound(end)
                )
            }
            ExprKind::Field { base, name } => {
                format!("(. {} {})", self.expr(base, depth), name.name)
            }
            ExprKind::StructLit {
                qualifier,
                name,
                fields,
            } => {
                let qualifier = qualifier
                    .as_ref()
                    .map(|q| format!("{}.", q.name))
                    .unwrap_or_default();
                let fields: String = fields
                    .iter()
                    .map(|f| format!(" {}: {}", f.name.name, self.expr(&f.value, depth)))
                    .collect();
                format!("(struct {qualifier}{}{fields})", name.name)
            }
            ExprKind::Array(items) => format!("(array{})", list(items)),
            ExprKind::ArrayFill { value, count } => format!(
                "(fill {} {})",
                self.expr(value, depth),
                self.expr(count, depth)
            ),
            ExprKind::Fn(f) => {
                let mut text = format!("(fn ({}){})", params(&f.params), ret(&f.ret));
                let mut body = String::new();
                self.block(&mut body, &f.body, depth + 2);
                text.push('\n');
                text.push_str(body.trim_end());
                text
            }
            ExprKind::Match { subject, arms } => {
                let mut text = format!("(match {})", self.expr(subject, depth));
                for arm in arms {
                    let _ = write!(
                        text,
                        "\n{}arm {} -> {}",
                        "  ".repeat(depth + 2),
                        self.pattern(&arm.pattern, depth + 2),
                        self.expr(&arm.body, depth + 2)
                    );
                }
                text
            }
            ExprKind::Timestamp => "(timestamp)".into(),
        }
    }
}

fn suffix_text(suffix: Option<NumSuffix>) -> String {
    suffix
        .map(|s| format!("{s:?}").to_lowercase())
        .unwrap_or_default()
}

fn label_text(label: &Option<Ident>) -> String {
    label
        .as_ref()
        .map(|l| format!(" '{}", l.name))
        .unwrap_or_default()
}

fn ty(t: &TypeExpr) -> String {
    match &t.kind {
        TypeExprKind::Named {
            qualifier,
            name,
            args,
        } => {
            let qualifier = qualifier
                .as_ref()
                .map(|q| format!("{}.", q.name))
                .unwrap_or_default();
            let args = if args.is_empty() {
                String::new()
            } else {
                format!("[{}]", args.iter().map(ty).collect::<Vec<_>>().join(", "))
            };
            format!("{qualifier}{}{args}", name.name)
        }
        TypeExprKind::Array { elem, len } => match len {
            None => format!("[{}]", ty(elem)),
            Some(ArrayLen::Literal(n, _)) => format!("[{}, {n}]", ty(elem)),
            Some(ArrayLen::Name(n)) => format!("[{}, {}]", ty(elem), n.name),
        },
        TypeExprKind::Fn { params, ret } => {
            let params: Vec<_> = params.iter().map(ty).collect();
            let ret = ret
                .as_ref()
                .map(|r| format!(" -> {}", ty(r)))
                .unwrap_or_default();
            format!("fn({}){ret}", params.join(", "))
        }
    }
}

fn params(params: &[Param]) -> String {
    params
        .iter()
        .map(|p| match &p.ty {
            Some(t) => format!("{}: {}", p.name.name, ty(t)),
            None => p.name.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn ret(ret: &Option<TypeExpr>) -> String {
    ret.as_ref()
        .map(|r| format!(" -> {}", ty(r)))
        .unwrap_or_default()
}

fn fn_sig(def: &FnDef) -> String {
    format!(
        "fn {}({}){}",
        def.name.name,
        params(&def.params),
        ret(&def.ret)
    )
}

fn use_decl(u: &UseDecl) -> String {
    let path: Vec<_> = u.path.iter().map(|i| i.name.as_str()).collect();
    let alias = u
        .alias
        .as_ref()
        .map(|a| format!(" as {}", a.name))
        .unwrap_or_default();
    let items = match &u.items {
        UseItems::Namespace => String::new(),
        UseItems::All => ": *".into(),
        UseItems::List(items) => {
            let items: Vec<_> = items
                .iter()
                .map(|i| match &i.alias {
                    Some(a) => format!("{} as {}", i.name.name, a.name),
                    None => i.name.name.clone(),
                })
                .collect();
            format!(": {}", items.join(", "))
        }
    };
    format!("use {}{alias}{items}", path.join("."))
}

// ---------- well-formed programs ----------

snap!(bindings, "x = 1\nmut y = 2\nratio: f64 = 0.25\nLIMIT: i32 := 64\nN := 5\npub VERSION: string := \"0.3\"\npub mut count = 0\n");
snap!(declaration_list, "lo = 0, mut hi = 10, step: i32 = 2\n");
snap!(
    destructuring_and_return_list,
    "fn f() -> [i32]: return 1, 2\np, q = f()\n"
);
snap!(
    chained_assignment,
    "x = y = 0\na.b = c[1] = 2\nxs[i] += 1\np.x -= 1\nn *= 2\nn /= 2\nn %= 2\n"
);
snap!(precedence, "r = not a == b or c and d < e + f * -g % h\n");
snap!(cast_level, "a = n / 2 as f64\nb = x + y as f64 * c\nc = x < y as i32\nd = (v as bool) as string\ne = x as i64 + 1 < y\n");
snap!(
    conditional_expression,
    "v = a if p else b if q else c\nprint(a if c else b)\n"
);
snap!(
    negative_literals,
    "a = -5\nb = -2 * 3\nc = a -1\nd = - 7\ne = -x\nf = -2147483648\ng = -2.5e3\nh = --1\n"
);
snap!(numeric_literals, "a = 1_000_000\nb = 0xdead_beef\nc = 0x1f64\nd = 7u32 + 10i64 + 3f64 + 0xFFu32\ne = 3.25 + 6.02e23 + 1e-9 + 2E2\nf = 3.0i32\ng = 18446744073709551615u64\n");
snap!(
    string_literals,
    "a = \"tab\\tnew\\nquote\\\" back\\\\ nul\\0 cr\\r\"\nb = \"two\nlines\"\nc = \"héllo ✓\"\n"
);
snap!(
    postfix_chain,
    "v = obj.items[i + 1].name.len()\nw = f(a)(b)[0]\n"
);
snap!(
    slices,
    "a = v[1..3]\nb = v[..2]\nc = v[2..]\nd = v[..]\ne = s[0..len(s)]\n"
);
snap!(struct_literals, "p = Point{ x: 1, y: 2 }\nq = Point{\n    x: 1\n    y: 2,\n}\nr = geo.Spot{ at: p, }\ne = Empty{}\n");
snap!(array_literals_and_fill, "zeros = [0, 5]\nblank = [\"\", SIZE]\npair = [4, 9,]\nboth = [4, -9]\nthree = [1, 2, 3]\nempty = []\nnested = [[0, 3], 2]\nadd_edge(graph, [4, 9])\nn = len([1, 3])\nprint([1, 3])\ngrid = [\n    [1, 2,],\n    [3, 4,],\n]\n");
snap!(
    fill_inside_nested_call_arguments,
    "f(P{ xs: [0, 3] })\ng(h([[1, 2], 3]))\nx = [f(1), 2]\n"
);
snap!(
    timestamp_intrinsic,
    "t = timestamp()\ntimestamp = 3\nu = timestamp + 1\n"
);
snap!(if_elif_else, "if temp > 30:\n    print(\"hot\")\nelif temp > 15: print(\"mild\")\nelse:\n    print(\"cold\")\n");
snap!(
    same_line_if_is_one_statement,
    "if ok: print(\"a\"); print(\"b\")\nif a: x\nelif b: y\nelse: z\n"
);
snap!(
    while_same_line_takes_all,
    "while n < 5: n += 1; total += n\nwhile running:\n    step()\n"
);
snap!(for_loops, "for i in 0..5:\n    pass\nfor i in 1..=5:\n    pass\nfor i in 0..10..3:\n    pass\nfor i in 8..0..-2:\n    pass\nfor x in items:\n    pass\nfor i in 0..len(xs):\n    pass\n");
snap!(labels_break_continue, "'scan: for row in 0..4:\n    'inner: while true:\n        if done: break 'scan\n        continue 'inner\n    break\ncontinue\n");
snap!(match_statement, "match reply:\n    Reply.Ok(body) ->\n        print(\"got\", body)\n    Reply.Fail(code, _) -> print(\"failed with\", code)\n    Reply.Pending -> pass\n    geo.Tone.Dark() -> pass\n    1 + 2 -> pass\n    LIMIT -> pass\n    -1 -> pass\n    _ -> pass\n");
snap!(match_expression, "fn describe(n: i32) -> string:\n    return match n:\n        0 -> \"none\"\n        1 -> \"single\"\n        _ -> \"several\"\nlabel = match r:\n    Reply.Ok(body) -> \"ok: \" + body\n    Reply.Pending -> \"waiting\"\nprint(label)\n");
snap!(try_catch, "try:\n    n = int(text)\n    print(\"parsed\", n)\ncatch problem:\n    print(\"could not parse:\", problem)\ntry: x = 1 / d\n\ncatch: pass\n");
snap!(functions, "fn area(w: i32, h: i32) -> i32:\n    return w * h\nfn shout(msg):\n    print(msg + \"!\")\nfn cube(v: f64) -> f64: v * v * v\nfn two(): a(); b()\npub fn api() -> void:\n    pass\nfn outer():\n    fn inner(x) -> i32: x\n    return inner(1)\n");
snap!(function_expressions_and_types, "fn make_counter() -> fn() -> i32:\n    mut n = 0\n    return fn() -> i32:\n        n = n + 1\n        return n\ntick = make_counter()\nop: fn(i32, i32) -> i32 = fn(a, b):\n    return a + b\nprint(tick(), tick())\n");
snap!(struct_enum_impl, "pub struct Sensor:\n    id: i32\n    label: string\n    readings: [f64]\n    offset: f64 = 0.0\nenum Reply:\n    Ok(body: string)\n    Fail(code: i32, string)\n    Pending\n    Nothing()\nenum Maybe[T, U]:\n    Just(value: T)\nimpl Sensor:\n    fn mean(self) -> f64:\n        return 0.0\n\n    pub fn blank(id: i32) -> Sensor: Sensor{ id: id, label: \"\", readings: [] }\n");
snap!(types, "a: [i32] = []\nb: [i32, 4] = [0, 4]\nc: [f64, N] = [0.0, N]\nd: Maybe[i32] = Maybe.Nothing\ne: geo.Spot = geo.Spot{ x: 1 }\nf: fn(i32) -> [string] = g\ng: [[i32]] = [\n    [1,],\n]\nh: fn() = k\n");
snap!(use_forms, "use geo.shapes\nuse geo.shapes as sh\nuse geo.shapes: area, Box\nuse geo.shapes: area as surface, Box as B\nuse geo.shapes: *\nuse util\n");
snap!(comments_and_layout, "// leading comment\nx = 1 /* inline */ + 2\n\n    // an indented comment line is blank\nif x > 1:   // trailing\n\n        /* blank too */\n    y = [\n  1,\n        2,\n    ]\n    z = 3; w = 4;;\n/* multi\n   line */\nprint(x)\n");
snap!(
    crlf_and_tabs,
    "if a:\r\n\tx = 1\r\n\tif b:\r\n\t    y = 2\r\nz = 3\r\n"
);
snap!(
    tail_if_expression_statements,
    "fn smaller(a: i32, b: i32) -> i32:\n    if a <= b: a\n    else: b\n"
);

// ---------- syntax errors ----------

snap!(
    error_missing_colon_after_if,
    "if x > 1\n    print(x)\nprint(2)\n"
);
snap!(error_missing_colons_everywhere, "while x\n    pass\nfor i in 0..3\n    pass\nif a:\n    pass\nelse\n    pass\ntry\n    pass\ncatch e\n    pass\nfn f()\n    pass\n");
snap!(
    error_return_type_missing,
    "fn f() -> :\n    pass\ng = fn(x) -> :\n    pass\n"
);
snap!(error_unclosed_array, "x = [1, 2\ny = 3\n");
snap!(error_unclosed_call_and_paren, "f(1, 2\n");
snap!(error_stray_indent, "x = 1\n    y = 2\nz = 3\n");
snap!(error_inconsistent_dedent, "if a:\n    x = 1\n  y = 2\n");
snap!(
    error_two_statements_on_one_line,
    "x = 1 print(x)\ny = 2 z = 3\n"
);
snap!(error_stray_comma, "print(1), 2\nx = 1, 2\n");
snap!(
    error_decl_list_in_block,
    "fn f():\n    a = 1, b = 2\n    pass\n"
);
snap!(error_else_if, "if a:\n    pass\nelse if b:\n    pass\n");
snap!(
    error_assignment_condition,
    "if x = 1:\n    pass\nwhile y = 2:\n    pass\nif a: pass\nelif z = 3: pass\n"
);
snap!(
    error_chained_cast,
    "y = v as bool as string\nz = (v as bool) as string\n"
);
snap!(
    error_pub_and_use_in_block,
    "fn f():\n    pub x = 1\n    use a.b\n    pass\n"
);
snap!(error_empty_block, "if a:\nprint(1)\nfn f():\n    ;\n");
snap!(error_for_same_line_body, "for i in 0..3: print(i)\n");
snap!(error_fn_expression_same_line_body, "f = fn(x): x\n");
snap!(error_optional_type, "x: i32? = 5\n");
snap!(
    error_forbidden_characters,
    "a = b & c\nd = e | f\ng = !h\ni = j ^ k\nl = ~m\nn = o << 2\np = q >> 1\nr = s?\nt = @u\n"
);
snap!(
    error_non_ascii_outside_strings,
    "café = 1\nx = \"café\" // café\n"
);
snap!(
    error_malformed_numbers,
    "a = 007\nb = 1__0\nc = 1_\nd = 1e+\ne = 0x\nf = 0b101\n"
);
snap!(
    error_literal_ranges,
    "a = 18446744073709551616\nb = 0x1_0000_0000_0000_0000\nc = 1e999\n"
);
snap!(error_bad_suffixes, "a = 5u\nb = 4294967296u32\nc = -1u32\nd = 3.5i32\ne = 2147483648i32\nf = 1i8\nok = 300u32 + 3.0i32 + -2147483648i32 + 0xFFFFFFFFi32\n");
snap!(
    error_bad_escapes_and_unterminated_string,
    "a = \"bad \\q escape\"\nb = \"never closed\n"
);
snap!(
    error_unterminated_block_comment,
    "x = 1\n/* never closed\ny = 2\n"
);
snap!(
    error_keyword_as_name,
    "if = 3\nfn while():\n    pass\nprint = 1\n"
);
snap!(
    error_invalid_assignment_target,
    "f() = 1\n(a) = 2\na + b += 3\n"
);
snap!(error_mut_forms, "mut x := 3\nmut y += 1\n");
snap!(
    error_struct_literal_fields,
    "p = Point{ x: 1 y: 2 }\nq = (a)[0]{ x: 1 }\nr = Point{ x 1 }\n"
);
snap!(error_struct_enum_impl_bodies, "struct S:\n    pub x: i32\n    y i32\nstruct T: x: i32\nimpl S:\n    x = 1\n    fn ok(self): pass\nenum E:\n    A(x: i32\n");
snap!(
    error_match_forms,
    "match x:\n    1 print(1)\n    2 -> pass; pass\n    _ -> pass\ny = match x: 1\n"
);
snap!(error_labels, "'outer: x = 1\nbreak 'while\n");
snap!(
    error_try_without_catch,
    "try:\n    x = 1\nprint(2)\ncatch e: pass\n"
);
snap!(error_stray_else_and_elif, "else: pass\nelif x: pass\n");
snap!(
    error_compound_after_colon,
    "if a: while b: pass\nwhile c: if d: pass\n"
);
snap!(error_timestamp_arguments, "t = timestamp(1)\n");
snap!(
    error_deep_nesting,
    &format!("x = {}1{}\ny = 2 3\n", "(".repeat(300), ")".repeat(300))
);
snap!(
    error_unclosed_bracket_before_statement_keyword,
    "total = sum(1, 2\nfn f():\n    return [1, 2\n    pass\nprint(total, 3\nwhile x: pass; y = )\n"
);
snap!(
    error_stray_indent_in_members_and_arms,
    "struct S:\n    x: i32\n        y: i32\n    z: i32\nmatch v:\n    1 -> pass\n        2 -> pass\n    _ -> pass\nok = 1\n"
);
snap!(
    error_recovery_reports_each_statement,
    "x = = 1\ny = 2 3\nif a\n    z = )\nok = 1\nfn g(a b):\n    pass\nw = (\n"
);
