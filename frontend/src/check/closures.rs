//! Function values (LANGUAGE.md §8.11, §10.6, §10.8): named functions used as values,
//! function expressions with the variables they capture, and calls of function values.
//!
//! A function expression is checked inline, in the inference context of the function that
//! contains it, so its unannotated parameters are inferred from its uses on both sides. The
//! variables of enclosing functions it names are captured: the enclosing local is marked
//! captured and the expression's function gets a local of its own bound to the cell. In
//! pass 2 the typed function of an expression is built once the enclosing body is complete
//! (when every type the expression depends on is known): the expression is checked a second
//! time then, and only that check's typed tree is kept.

use super::errors;
use super::expr::{is_adaptable, Checked};
use super::scope::{Body, EnvScope, Found, LocalVar, ScopeKind};
use super::types::Type;
use super::Checker;
use crate::ast::{self, ExprKind, StmtKind};
use crate::source::Span;
use crate::typed::{self, FuncId, LocalId, Ty};
use std::collections::{HashMap, HashSet};

/// A function expression whose typed function is built after its enclosing body.
#[derive(Debug)]
pub(crate) struct PendingLambda<'a> {
    id: FuncId,
    params_ast: &'a [ast::Param],
    body_ast: &'a ast::Block,
    /// The name of a nested `fn` (function expressions have none).
    name: Option<String>,
    params: Vec<Type>,
    ret: Type,
    ret_fixed: bool,
    /// Captured variables: name, type, assignable from the closure.
    captures: Vec<(String, Type, bool, Span)>,
    env: Vec<EnvScope>,
    globals_before: u32,
    owner: Option<usize>,
    span: Span,
}

/// The per-program state of this module.
#[derive(Debug, Default)]
pub(crate) struct ClosureState<'a> {
    /// Every function expression of the module, by its span.
    pub(crate) lambdas: HashMap<Span, &'a ast::FnExpr>,
    /// Function expressions waiting for their typed function (pass 2).
    pub(crate) pending: Vec<PendingLambda<'a>>,
    /// Nested `fn` definitions that capture variables of their enclosing function: they
    /// are closure values bound to a local of their name, not hoisted functions.
    pub(crate) closure_fns: HashSet<usize>,
    /// Named functions used as values whose types were open where they were met (pass 2):
    /// reserved id, function, parameter and return types, the use.
    pub(crate) pending_refs: Vec<(FuncId, usize, Vec<Type>, Type, Span)>,
    /// The type the context expects of the function expression being checked.
    pub(crate) expected: Option<Type>,
}

/// Calls `f` on every expression in `stmts`, nested ones (function bodies included) too.
pub(crate) fn walk_stmts<'a>(stmts: &'a [ast::Stmt], f: &mut dyn FnMut(&'a ast::Expr)) {
    for stmt in stmts {
        walk_stmt(stmt, f);
    }
}

fn walk_stmt<'a>(stmt: &'a ast::Stmt, f: &mut dyn FnMut(&'a ast::Expr)) {
    match &stmt.kind {
        StmtKind::Binding(binding) => walk_expr(&binding.value, f),
        StmtKind::DeclList(bindings) => bindings.iter().for_each(|b| walk_expr(&b.value, f)),
        StmtKind::Destructure { value, .. } | StmtKind::Expr(value) => walk_expr(value, f),
        StmtKind::Return(values) | StmtKind::Print(values) => {
            values.iter().for_each(|v| walk_expr(v, f))
        }
        StmtKind::If {
            branches,
            else_block,
        } => {
            for (cond, block) in branches {
                walk_expr(cond, f);
                walk_stmts(&block.stmts, f);
            }
            if let Some(block) = else_block {
                walk_stmts(&block.stmts, f);
            }
        }
        StmtKind::While { cond, body, .. } => {
            walk_expr(cond, f);
            walk_stmts(&body.stmts, f);
        }
        StmtKind::For { source, body, .. } => {
            match source {
                ast::ForSource::Range {
                    start, end, step, ..
                } => {
                    walk_expr(start, f);
                    walk_expr(end, f);
                    if let Some(step) = step {
                        walk_expr(step, f);
                    }
                }
                ast::ForSource::Iter(e) => walk_expr(e, f),
            }
            walk_stmts(&body.stmts, f);
        }
        StmtKind::Match { subject, arms } => {
            walk_expr(subject, f);
            for arm in arms {
                walk_pattern(&arm.pattern, f);
                walk_stmts(&arm.body.stmts, f);
            }
        }
        StmtKind::Try { body, handler, .. } => {
            walk_stmts(&body.stmts, f);
            walk_stmts(&handler.stmts, f);
        }
        StmtKind::Fn(def) => walk_stmts(&def.body.stmts, f),
        StmtKind::Struct(def) => def
            .fields
            .iter()
            .filter_map(|field| field.default.as_ref())
            .for_each(|e| walk_expr(e, f)),
        StmtKind::Impl(imp) => imp
            .methods
            .iter()
            .for_each(|m| walk_stmts(&m.body.stmts, f)),
        StmtKind::Use(_)
        | StmtKind::Break(_)
        | StmtKind::Continue(_)
        | StmtKind::Pass
        | StmtKind::Enum(_) => {}
    }
}

fn walk_pattern<'a>(pattern: &'a ast::Pattern, f: &mut dyn FnMut(&'a ast::Expr)) {
    if let ast::Pattern::Expr(e) = pattern {
        walk_expr(e, f);
    }
}

fn walk_expr<'a>(e: &'a ast::Expr, f: &mut dyn FnMut(&'a ast::Expr)) {
    f(e);
    match &e.kind {
        ExprKind::Paren(inner) | ExprKind::Unary { operand: inner, .. } => walk_expr(inner, f),
        ExprKind::Cast { expr, .. } => walk_expr(expr, f),
        ExprKind::Binary { lhs, rhs, .. } => {
            walk_expr(lhs, f);
            walk_expr(rhs, f);
        }
        ExprKind::Assign { target, value, .. } => {
            walk_expr(target, f);
            walk_expr(value, f);
        }
        ExprKind::Cond {
            then,
            cond,
            otherwise,
        } => {
            walk_expr(then, f);
            walk_expr(cond, f);
            walk_expr(otherwise, f);
        }
        ExprKind::Call { callee, args } => {
            walk_expr(callee, f);
            args.iter().for_each(|a| walk_expr(a, f));
        }
        ExprKind::Index { base, index } => {
            walk_expr(base, f);
            walk_expr(index, f);
        }
        ExprKind::Slice { base, start, end } => {
            walk_expr(base, f);
            if let Some(start) = start {
                walk_expr(start, f);
            }
            if let Some(end) = end {
                walk_expr(end, f);
            }
        }
        ExprKind::Field { base, .. } => walk_expr(base, f),
        ExprKind::StructLit { fields, .. } => fields.iter().for_each(|i| walk_expr(&i.value, f)),
        ExprKind::Array(items) => items.iter().for_each(|i| walk_expr(i, f)),
        ExprKind::ArrayFill { value, count } => {
            walk_expr(value, f);
            walk_expr(count, f);
        }
        ExprKind::Fn(def) => walk_stmts(&def.body.stmts, f),
        ExprKind::Match { subject, arms } => {
            walk_expr(subject, f);
            for arm in arms {
                walk_pattern(&arm.pattern, f);
                walk_expr(&arm.body, f);
            }
        }
        ExprKind::Int { .. }
        | ExprKind::Float { .. }
        | ExprKind::Str(_)
        | ExprKind::Bool(_)
        | ExprKind::Name(_)
        | ExprKind::Timestamp => {}
    }
}

/// The names a block uses or assigns anywhere inside it (an over-approximation of its free
/// variables: names it declares itself are included too).
fn names_in(stmts: &[ast::Stmt]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    walk_stmts(stmts, &mut |e| {
        if let ExprKind::Name(name) = &e.kind {
            if seen.insert(name.clone()) {
                names.push(name.clone());
            }
        }
    });
    // Plain `x = e` statements name `x` outside any expression.
    collect_binding_names(stmts, &mut |name| {
        if seen.insert(name.to_string()) {
            names.push(name.to_string());
        }
    });
    names
}

fn collect_binding_names(stmts: &[ast::Stmt], f: &mut dyn FnMut(&str)) {
    for stmt in stmts {
        match &stmt.kind {
            StmtKind::Binding(binding) => f(&binding.name.name),
            StmtKind::DeclList(bindings) => bindings.iter().for_each(|b| f(&b.name.name)),
            StmtKind::Destructure { names, .. } => names.iter().for_each(|n| f(&n.name)),
            _ => {}
        }
    }
    // Nested blocks.
    let mut blocks: Vec<&[ast::Stmt]> = Vec::new();
    for stmt in stmts {
        match &stmt.kind {
            StmtKind::If {
                branches,
                else_block,
            } => {
                blocks.extend(branches.iter().map(|(_, b)| b.stmts.as_slice()));
                blocks.extend(else_block.iter().map(|b| b.stmts.as_slice()));
            }
            StmtKind::While { body, .. } | StmtKind::For { body, .. } => blocks.push(&body.stmts),
            StmtKind::Match { arms, .. } => {
                blocks.extend(arms.iter().map(|a| a.body.stmts.as_slice()))
            }
            StmtKind::Try { body, handler, .. } => {
                blocks.push(&body.stmts);
                blocks.push(&handler.stmts);
            }
            StmtKind::Fn(def) => blocks.push(&def.body.stmts),
            _ => {}
        }
    }
    for block in blocks {
        collect_binding_names(block, f);
    }
    // Function expressions inside expressions.
    walk_stmts(stmts, &mut |e| {
        if let ExprKind::Fn(def) = &e.kind {
            collect_binding_names(&def.body.stmts, f);
        }
    });
}

impl<'a> Checker<'a> {
    /// Records every function expression of the module (so it can be checked with the
    /// lifetime of the syntax tree).
    pub(super) fn collect_lambdas(&mut self) {
        let root = self.root;
        let mut found = HashMap::new();
        walk_stmts(&root.items, &mut |e| {
            if let ExprKind::Fn(def) = &e.kind {
                found.insert(e.span, &**def);
            }
        });
        self.closures.lambdas = found;
    }

    /// A named function used as a value: an instance at the function type the context
    /// gives (`expected`), or at the defaults of its open parameter types.
    pub(super) fn fn_value(&mut self, f: usize, expected: Option<&Type>, span: Span) -> Checked {
        let (params, ret) = self.signature(f);
        let ty = Type::Func(params.clone(), Box::new(ret.clone()));
        if let Some(expected) = expected {
            if !self.subst.unify(&ty, expected) {
                let found = self.show(&ty);
                let wanted = self.show(expected);
                self.report(errors::mismatch(span, &found, &wanted));
                return self.error_node(span);
            }
        }
        if !self.building {
            return self.node(typed::ExprKind::Const(typed::Const::Bool(false)), &ty, span);
        }
        if !self.is_ground(&ty) {
            // Its types come from later uses: the instance is chosen once the body that
            // uses the value is complete (`finish_lambdas`).
            let id = FuncId(self.program.functions.len() as u32);
            self.program.functions.push(super::functions::placeholder());
            self.closures.pending_refs.push((id, f, params, ret, span));
            return self.node(typed::ExprKind::FuncRef(id), &ty, span);
        }
        let param_tys: Vec<Ty> = params.iter().map(|p| self.concrete(p)).collect();
        let ret_ty = self.concrete(&ret);
        let id = self.instance(f, param_tys, ret_ty, span);
        self.node(typed::ExprKind::FuncRef(id), &ty, span)
    }

    /// True when `ty` contains no unbound inference variable.
    fn is_ground(&self, ty: &Type) -> bool {
        match self.subst.resolve(ty) {
            Type::Var(_) => false,
            Type::Array(elem) => self.is_ground(&elem),
            Type::Func(params, ret) => {
                params.iter().all(|p| self.is_ground(p)) && self.is_ground(&ret)
            }
            _ => true,
        }
    }

    /// `callee(args)` where `callee` is a function value of any expression kind; `name` is
    /// used in arity errors.
    pub(super) fn call_value(
        &mut self,
        b: &mut Body,
        callee: Checked,
        name: &str,
        args: &[ast::Expr],
        callee_span: Span,
        span: Span,
    ) -> Checked {
        let (params, ret) = match self.subst.resolve(&callee.ty) {
            Type::Func(params, ret) => (params, *ret),
            Type::Var(_) => {
                let params: Vec<Type> = args.iter().map(|_| self.subst.fresh()).collect();
                let ret = self.subst.fresh();
                let ty = Type::Func(params.clone(), Box::new(ret.clone()));
                self.subst.unify(&callee.ty, &ty);
                (params, ret)
            }
            Type::Error => {
                for arg in args {
                    self.value(b, arg);
                }
                return self.error_node(span);
            }
            other => {
                for arg in args {
                    self.value(b, arg);
                }
                let found = self.show(&other);
                self.report(errors::mismatch(callee_span, &found, "function"));
                return self.error_node(span);
            }
        };
        if params.len() != args.len() {
            for arg in args {
                self.value(b, arg);
            }
            self.report(errors::arity(span, name, params.len(), args.len()));
            return self.error_node(span);
        }
        let mut checked: Vec<Option<Checked>> = args.iter().map(|_| None).collect();
        for pass in 0..3 {
            for (i, (arg, param)) in args.iter().zip(&params).enumerate() {
                if arg_pass(self, b, arg) == pass {
                    checked[i] = Some(self.expect(b, arg, param));
                }
            }
        }
        let args: Vec<typed::Expr> = checked.into_iter().flatten().map(|c| c.expr).collect();
        self.node(
            typed::ExprKind::CallValue(Box::new(callee.expr), args),
            &ret,
            span,
        )
    }

    /// A function name checked against an expected type: the function is instantiated at
    /// that type (so a generic function used as a value gets the instance the context
    /// needs). `None` when `e` is not the name of a function.
    pub(super) fn fn_value_expected(
        &mut self,
        b: &Body,
        e: &ast::Expr,
        expected: &Type,
    ) -> Option<Checked> {
        let ExprKind::Name(name) = &e.kind else {
            return None;
        };
        match self.resolve(b, name) {
            super::expr::Resolved::Fn(f) => Some(self.fn_value(f, Some(expected), e.span)),
            _ => None,
        }
    }

    /// A function expression `fn(params) -> R: body`.
    pub(super) fn lambda(
        &mut self,
        b: &mut Body,
        e: &ast::Expr,
        expected: Option<&Type>,
    ) -> Checked {
        let Some(def) = self.closures.lambdas.get(&e.span).copied() else {
            self.report(errors::unsupported(e.span, "function expressions here"));
            return self.error_node(e.span);
        };
        self.closures.expected = expected.cloned();
        self.make_closure(b, &def.params, def.ret.as_ref(), &def.body, None, e.span)
    }

    /// A nested `fn` statement: when it uses variables of the enclosing function it is a
    /// closure value bound to an immutable local of its name (declared before its body is
    /// checked, so it can call itself through the captured local); other nested functions
    /// were hoisted and produce nothing here.
    pub(super) fn nested_fn_stmt(
        &mut self,
        b: &mut Body,
        def: &'a ast::FnDef,
        out: &mut Vec<typed::Stmt>,
    ) {
        if b.at_module_level() || !self.captures_enclosing(b, &def.params, &def.body) {
            return;
        }
        if let Some(&f) = self.fn_ids.get(&def.span) {
            self.closures.closure_fns.insert(f);
        }
        let own_ty = self.subst.fresh();
        let local = b.declare(
            LocalVar {
                name: def.name.name.clone(),
                ty: own_ty.clone(),
                mutable: false,
                needs_init_check: false,
                span: def.name.span,
            },
            None,
        );
        let value = self.make_closure(
            b,
            &def.params,
            def.ret.as_ref(),
            &def.body,
            Some(def.name.name.clone()),
            def.span,
        );
        self.subst.unify(&own_ty, &value.ty);
        let assign = self.node(
            typed::ExprKind::AssignLocal(local, Box::new(value.expr)),
            &own_ty,
            def.span,
        );
        out.push(typed::Stmt {
            kind: typed::StmtKind::Expr(assign.expr),
            span: def.span,
        });
    }

    /// True when a function with these parameters and body names a local of `b`.
    fn captures_enclosing(&self, b: &Body, params: &[ast::Param], body: &ast::Block) -> bool {
        let param_names: HashSet<&str> = params.iter().map(|p| p.name.name.as_str()).collect();
        names_in(&body.stmts).iter().any(|name| {
            !param_names.contains(name.as_str()) && matches!(b.resolve(name), Some(Found::Local(_)))
        })
    }

    /// A closure of a function expression or nested `fn`: checks it (for its types) and,
    /// in pass 2, queues its typed function and creates the `Closure` value.
    fn make_closure(
        &mut self,
        b: &mut Body,
        params_ast: &'a [ast::Param],
        ret_ast: Option<&'a ast::TypeExpr>,
        body_ast: &'a ast::Block,
        name: Option<String>,
        span: Span,
    ) -> Checked {
        let params: Vec<Type> = params_ast
            .iter()
            .map(|p| match &p.ty {
                Some(ty) if !is_any(ty) => self.annotation(ty, false),
                _ => self.subst.fresh(),
            })
            .collect();
        let (ret, ret_fixed) = match ret_ast {
            Some(annotation) => (self.annotation(annotation, true), true),
            None => (self.subst.fresh(), false),
        };
        let ty = Type::Func(params.clone(), Box::new(ret.clone()));
        // A function type the context expects gives the parameters their types before the
        // body is checked (mismatches are reported by the caller).
        if let Some(Type::Func(want_params, want_ret)) = self
            .closures
            .expected
            .take()
            .map(|t| self.subst.resolve(&t))
        {
            if want_params.len() == params.len() {
                for (have, want) in params.iter().zip(&want_params) {
                    self.subst.unify(have, want);
                }
                self.subst.unify(&ret, &want_ret);
            }
        }
        // The enclosing variables it names: captured.
        let param_names: HashSet<&str> = params_ast.iter().map(|p| p.name.name.as_str()).collect();
        let mut captures = Vec::new();
        let mut outer_locals = Vec::new();
        for name in names_in(&body_ast.stmts) {
            if param_names.contains(name.as_str()) {
                continue;
            }
            if let Some(Found::Local(id)) = b.resolve(&name) {
                let local = b.local(id);
                let assignable = local.mutable && !b.plain_locals.contains(&id);
                captures.push((name.clone(), local.ty.clone(), assignable, local.span));
                outer_locals.push(id);
            }
        }
        let mut pending = PendingLambda {
            id: FuncId(u32::MAX),
            params_ast,
            body_ast,
            name,
            params,
            ret,
            ret_fixed,
            captures,
            env: b.snapshot(),
            globals_before: if b.module {
                span.start
            } else {
                b.globals_before
            },
            owner: b.owner,
            span,
        };
        // Check the body now, for its types only; in pass 2 its typed function is built
        // once the enclosing body is complete (`finish_lambdas`).
        let building = std::mem::replace(&mut self.building, false);
        let _ = self.lambda_body(&pending);
        self.building = building;
        if !self.building {
            return self.node(typed::ExprKind::Const(typed::Const::Bool(false)), &ty, span);
        }
        for id in &outer_locals {
            b.captured.insert(*id);
        }
        let id = FuncId(self.program.functions.len() as u32);
        self.program.functions.push(super::functions::placeholder());
        pending.id = id;
        self.closures.pending.push(pending);
        self.node(
            typed::ExprKind::Closure {
                func: id,
                captures: outer_locals,
            },
            &ty,
            span,
        )
    }

    /// Checks a function expression's body in a fresh body state: its typed statements and
    /// the finished state.
    fn lambda_body(&mut self, p: &PendingLambda<'a>) -> (Vec<typed::Stmt>, Body) {
        let mut body = Body::function(p.globals_before, p.ret.clone());
        body.module = false;
        body.env = p.env.clone();
        body.owner = p.owner;
        self.declare_params(&mut body, p.params_ast, &p.params);
        body.push_scope(ScopeKind::Block);
        for (name, ty, assignable, span) in &p.captures {
            let id = body.declare(
                LocalVar {
                    name: name.clone(),
                    ty: ty.clone(),
                    mutable: *assignable,
                    needs_init_check: false,
                    span: *span,
                },
                None,
            );
            body.captured.insert(id);
        }
        body.push_scope(ScopeKind::Block);
        let mut stmts = self.stmts(&mut body, &p.body_ast.stmts, true);
        body.pop_scope();
        body.pop_scope();
        if !body.returns_value && !p.ret_fixed {
            self.subst.unify(&p.ret, &Type::Void);
        }
        let ret = self.subst.resolve(&body.ret);
        if ret != Type::Void && super::stmt::falls_through(&stmts) {
            stmts.push(typed::Stmt {
                kind: typed::StmtKind::MissingReturn,
                span: p.body_ast.span,
            });
        }
        (stmts, body)
    }

    /// Pass 2: builds the typed functions of the function expressions met while building a
    /// body (and of those nested in them).
    pub(super) fn finish_lambdas(&mut self) {
        for (id, f, params, ret, span) in std::mem::take(&mut self.closures.pending_refs) {
            let params: Vec<Ty> = params.iter().map(|p| self.concrete(p)).collect();
            let ret = self.concrete(&ret);
            self.instance_at(f, id, params, ret, span);
        }
        while let Some(p) = self.closures.pending.pop() {
            let (stmts, body) = self.lambda_body(&p);
            let params = (0..p.params.len() as u32).map(LocalId).collect();
            let captures = (p.params.len()..p.params.len() + p.captures.len())
                .map(|i| LocalId(i as u32))
                .collect();
            let (line, col) = self.sources.line_col(p.span);
            let (name, source_name) = match &p.name {
                Some(name) => (name.clone(), name.clone()),
                None => (format!("<fn {line}:{col}>"), "<fn>".to_string()),
            };
            let function = typed::Function {
                name,
                source_name,
                kind: typed::FunctionKind::Lambda,
                params,
                locals: self.typed_locals(&body),
                ret: self.concrete(&p.ret),
                body: stmts,
                captures,
                span: p.span,
            };
            self.program.functions[p.id.0 as usize] = function;
        }
    }
}

/// The order in which call arguments are checked: other values first, then literals (which
/// adapt to what those fixed), then function names and expressions (instantiated at the
/// parameter types the others fixed).
pub(super) fn arg_pass(checker: &Checker<'_>, b: &Body, arg: &ast::Expr) -> u32 {
    match &arg.kind {
        ExprKind::Fn(_) => 2,
        ExprKind::Name(name)
            if matches!(checker.resolve(b, name), super::expr::Resolved::Fn(_)) =>
        {
            2
        }
        _ if is_adaptable(arg) => 1,
        _ => 0,
    }
}

/// True for the annotation `any`.
fn is_any(ty: &ast::TypeExpr) -> bool {
    matches!(&ty.kind, ast::TypeExprKind::Named { qualifier: None, name, args } if name.name == "any" && args.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::parse;
    use crate::source::SourceMap;

    #[test]
    fn names_in_sees_nested_functions_and_assignments() {
        let source = "x = 1\ny += z\nf = fn(a):\n    w = q\n";
        let mut sources = SourceMap::new();
        let file = sources.add("t.orus", source);
        let (module, errors) = parse(file, source);
        assert!(errors.is_empty());
        let names = names_in(&module.items);
        for expected in ["x", "y", "z", "f", "w", "q"] {
            assert!(
                names.contains(&expected.to_string()),
                "{expected}: {names:?}"
            );
        }
    }
}
