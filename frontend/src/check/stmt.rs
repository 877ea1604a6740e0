//! Statements: declarations, control flow, loops (§9), returns and tail values (§10.2).

use super::errors;
use super::expr::{is_adaptable, Checked, Source, Var};
use super::scope::{Body, LocalVar, ScopeKind};
use super::types::Type;
use super::Checker;
use crate::ast::{self, StmtKind};
use crate::source::Span;
use crate::typed;
use std::collections::HashSet;

impl<'a> Checker<'a> {
    /// Checks a statement list; with `tail`, its last statement may be the return value.
    pub(super) fn stmts(
        &mut self,
        b: &mut Body,
        stmts: &'a [ast::Stmt],
        tail: bool,
    ) -> Vec<typed::Stmt> {
        if !b.at_module_level() {
            let names = self.block_declarations(b, stmts);
            b.add_lexical(names);
            self.hoist_functions(b, stmts);
        }
        let mut out = Vec::new();
        for (i, stmt) in stmts.iter().enumerate() {
            self.stmt(b, stmt, tail && i + 1 == stmts.len(), &mut out);
        }
        out
    }

    /// The variables the statements of the innermost block declare anywhere in it (§7.6):
    /// explicit declarations, and for a non-`if` block also the plain declarations of its
    /// `if` branches at any depth. A plain `x = e` that would assign a module variable
    /// declares nothing.
    fn block_declarations(&self, b: &Body, stmts: &[ast::Stmt]) -> HashSet<String> {
        let mut names = HashSet::new();
        let is_block = b.innermost_kind() == Some(ScopeKind::Block);
        self.collect_declarations(b, stmts, is_block, false, &mut names);
        names
    }

    fn collect_declarations(
        &self,
        b: &Body,
        stmts: &[ast::Stmt],
        plain: bool,
        in_branch: bool,
        names: &mut HashSet<String>,
    ) {
        for stmt in stmts {
            let bindings = match &stmt.kind {
                StmtKind::Binding(binding) => std::slice::from_ref(binding),
                StmtKind::DeclList(bindings) => bindings.as_slice(),
                StmtKind::If {
                    branches,
                    else_block,
                } if plain => {
                    let blocks = branches.iter().map(|(_, block)| block).chain(else_block);
                    for block in blocks {
                        self.collect_declarations(b, &block.stmts, true, true, names);
                    }
                    continue;
                }
                StmtKind::Destructure { names: targets, .. } if plain => {
                    for target in targets {
                        let assigns_global =
                            matches!(self.lookup(b, &target.name), Some(Var::Global(_)));
                        if !assigns_global {
                            names.insert(target.name.clone());
                        }
                    }
                    continue;
                }
                _ => continue,
            };
            for binding in bindings {
                let is_plain = binding.kind == ast::BindingKind::Plain && !binding.is_mut;
                let name = &binding.name.name;
                if is_plain {
                    let assigns_global = matches!(self.lookup(b, name), Some(Var::Global(_)));
                    if plain && !assigns_global {
                        names.insert(name.clone());
                    }
                } else if !in_branch {
                    names.insert(name.clone());
                }
            }
        }
    }

    /// A block in a new scope of `kind`.
    fn block(
        &mut self,
        b: &mut Body,
        block: &'a ast::Block,
        kind: ScopeKind,
        tail: bool,
    ) -> Vec<typed::Stmt> {
        b.push_scope(kind);
        let out = self.stmts(b, &block.stmts, tail);
        b.pop_scope();
        out
    }

    fn stmt(&mut self, b: &mut Body, stmt: &'a ast::Stmt, tail: bool, out: &mut Vec<typed::Stmt>) {
        let span = stmt.span;
        let mut push = |kind| out.push(typed::Stmt { kind, span });
        match &stmt.kind {
            StmtKind::Binding(binding) => push(self.binding(b, binding)),
            StmtKind::DeclList(bindings) => {
                for binding in bindings {
                    let kind = self.binding(b, binding);
                    out.push(typed::Stmt {
                        kind,
                        span: binding.span,
                    });
                }
            }
            StmtKind::Expr(e) if tail => push(self.tail_expr(b, e)),
            StmtKind::Expr(e) => push(typed::StmtKind::Expr(self.expr(b, e).expr)),
            StmtKind::Print(args) => {
                let args = args.iter().map(|a| self.value(b, a).expr).collect();
                push(typed::StmtKind::Print(args));
            }
            StmtKind::Pass => {}
            StmtKind::If {
                branches,
                else_block,
            } => push(self.if_stmt(b, branches, else_block.as_ref(), tail)),
            StmtKind::While { label, cond, body } => {
                push(self.while_stmt(b, label.as_ref(), cond, body))
            }
            StmtKind::For {
                label,
                var,
                source,
                body,
            } => push(self.for_stmt(b, label.as_ref(), var, source, body)),
            StmtKind::Break(label) => push(self.loop_control(b, label.as_ref(), span, true)),
            StmtKind::Continue(label) => push(self.loop_control(b, label.as_ref(), span, false)),
            StmtKind::Return(values) => self.return_stmt(b, values, span, out),
            // Hoisted: top-level functions by `collect_functions`, nested ones when their
            // block was entered; their bodies are checked as functions of their own.
            StmtKind::Fn(def) => self.nested_fn_stmt(b, def, out),
            StmtKind::Match { subject, arms } => push(self.match_stmt(b, subject, arms, span)),
            // Collected before checking (`collect_types`, `collect_variants`).
            StmtKind::Enum(_) => {}
            StmtKind::Struct(def) if !b.at_module_level() => {
                self.report(errors::module_scope_only(def.name.span, "struct"));
            }
            StmtKind::Impl(def) if !b.at_module_level() => {
                self.report(errors::module_scope_only(def.type_name.span, "impl"));
            }
            StmtKind::Struct(def) => {
                if !self.building {
                    self.struct_decl(b, def);
                }
            }
            // Methods are hoisted by `collect_methods`.
            StmtKind::Impl(_) => {}
            StmtKind::Destructure { names, value } => push(self.destructure(b, names, value, span)),
            StmtKind::Try {
                body,
                catch_name,
                handler,
            } => push(self.try_stmt(b, body, catch_name.as_ref(), handler)),
            other => self.unsupported_stmt(other, span),
        }
    }

    fn unsupported_stmt(&mut self, kind: &StmtKind, span: Span) {
        let what = match kind {
            StmtKind::Use(_) => "modules (`use` declarations)",
            _ => "nested functions",
        };
        self.report(errors::unsupported(span, what));
    }

    /// A declaration statement (§7.1).
    fn binding(&mut self, b: &mut Body, binding: &ast::Binding) -> typed::StmtKind {
        let name = &binding.name;
        if binding.kind == ast::BindingKind::Plain && !binding.is_mut {
            let assigned = self.assign_name(b, &name.name, name.span, &binding.value, binding.span);
            return typed::StmtKind::Expr(assigned.expr);
        }
        if binding.kind == ast::BindingKind::Const
            && b.at_module_level()
            && !is_screaming(&name.name)
        {
            self.report(errors::bad_constant_name(name.span, &name.name));
        }
        let value = match &binding.ty {
            Some(annotation) => {
                // Local compile-time constants may be array lengths here (§7.4).
                self.local_consts = b
                    .const_ints
                    .iter()
                    .map(|&id| b.local(id).name.clone())
                    .filter(|name| {
                        matches!(b.resolve(name), Some(super::scope::Found::Local(id)) if b.const_ints.contains(&id))
                    })
                    .collect();
                let ty = self.annotation(annotation, false);
                self.local_consts.clear();
                self.expect(b, &binding.value, &ty)
            }
            None => self.value(b, &binding.value),
        };
        let ty = value.ty.clone();
        self.check_redefinition(b, name);
        // §7.4: constants and annotated immutable bindings of a non-negative integer literal.
        let compile_time = !binding.is_mut
            && matches!(
                binding.value.kind,
                ast::ExprKind::Int {
                    negative: false,
                    ..
                }
            );
        let var = if b.at_module_level() {
            let id = self.declare_global(&name.name, name.span, &ty, binding.is_mut);
            if compile_time {
                self.const_globals.insert(id);
            }
            Var::Global(id)
        } else {
            let id = b.declare(
                LocalVar {
                    name: name.name.clone(),
                    ty,
                    mutable: binding.is_mut,
                    needs_init_check: false,
                    span: name.span,
                },
                None,
            );
            if compile_time {
                b.const_ints.insert(id);
            }
            Var::Local(id)
        };
        typed::StmtKind::Expr(self.write_var(b, var, value, binding.span).expr)
    }

    /// `a, b = value` (§7.5): the array is evaluated once into a temporary, then each name
    /// is declared or assigned from its element like a plain `name = expr`.
    fn destructure(
        &mut self,
        b: &mut Body,
        names: &[ast::Ident],
        value: &ast::Expr,
        span: Span,
    ) -> typed::StmtKind {
        let array = self.value(b, value);
        let elem = match self.subst.resolve(&array.ty) {
            Type::Array(elem) => *elem,
            Type::Var(_) => {
                let elem = self.subst.fresh();
                self.subst
                    .unify(&array.ty, &Type::Array(Box::new(elem.clone())));
                elem
            }
            Type::Error => return typed::StmtKind::Block(Vec::new()),
            other => {
                let found = self.show(&other);
                self.report(errors::mismatch(value.span, &found, "array"));
                return typed::StmtKind::Block(Vec::new());
            }
        };
        let (tmp, init) = self.temp(b, array, value.span);
        let mut stmts = vec![init];
        for (i, name) in names.iter().enumerate() {
            let index = self.node(
                typed::ExprKind::Const(typed::Const::I64(i as i64)),
                &Type::I64,
                name.span,
            );
            let element = self.node(
                typed::ExprKind::Index {
                    target: Box::new(self.read_temp(b, tmp, value.span).expr),
                    index: Box::new(index.expr),
                },
                &elem,
                value.span,
            );
            let assigned =
                self.assign_name_from(b, &name.name, name.span, Source::Checked(element), span);
            stmts.push(typed::Stmt {
                kind: typed::StmtKind::Expr(assigned.expr),
                span: name.span,
            });
        }
        typed::StmtKind::Block(stmts)
    }

    /// `try: body catch [name]: handler` (§13): both suites are block scopes; the catch
    /// variable is an immutable local of the handler's scope holding the error value.
    fn try_stmt(
        &mut self,
        b: &mut Body,
        body: &'a ast::Block,
        catch_name: Option<&ast::Ident>,
        handler: &'a ast::Block,
    ) -> typed::StmtKind {
        let body = self.block(b, body, ScopeKind::Block, false);
        b.push_scope(ScopeKind::Block);
        let var = catch_name.map(|name| {
            b.declare(
                LocalVar {
                    name: name.name.clone(),
                    ty: Type::ErrorValue,
                    mutable: false,
                    needs_init_check: false,
                    span: name.span,
                },
                None,
            )
        });
        let handler = self.stmts(b, &handler.stmts, false);
        b.pop_scope();
        typed::StmtKind::Try { body, var, handler }
    }

    /// `Variable 'x' is already defined on line N` for a second declaration in one block.
    fn check_redefinition(&mut self, b: &Body, name: &ast::Ident) {
        let first = if b.at_module_level() {
            self.module_scope
                .get(&name.name)
                .map(|&id| self.globals[id].span)
                .filter(|first| *first != name.span)
        } else {
            b.in_innermost(&name.name).map(|id| b.local(id).span)
        };
        if let Some(first) = first {
            let line = self.line(first);
            self.report(errors::redefined_variable(
                name.span, &name.name, line, first,
            ));
        }
    }

    /// The last expression statement of a function body: its value is returned unless it
    /// has none (§10.2).
    fn tail_expr(&mut self, b: &mut Body, e: &ast::Expr) -> typed::StmtKind {
        let ret = self.subst.resolve(&b.ret);
        if b.module || ret == Type::Void {
            return typed::StmtKind::Expr(self.expr(b, e).expr);
        }
        let checked = if is_adaptable(e) {
            self.expect(b, e, &ret)
        } else {
            self.expr(b, e)
        };
        if self.subst.resolve(&checked.ty) == Type::Void {
            return typed::StmtKind::Expr(checked.expr);
        }
        self.unify_return(b, &checked, e.span);
        typed::StmtKind::Return(Some(checked.expr))
    }

    /// Unifies a returned value with the function's return type.
    fn unify_return(&mut self, b: &mut Body, value: &Checked, span: Span) {
        b.returns_value = true;
        if !self.subst.unify(&value.ty, &b.ret) {
            let found = self.show(&value.ty);
            let expected = self.show(&b.ret);
            self.report(errors::value_mismatch(span, &found, &expected));
        }
    }

    fn return_stmt(
        &mut self,
        b: &mut Body,
        values: &[ast::Expr],
        span: Span,
        out: &mut Vec<typed::Stmt>,
    ) {
        // `return e1, e2` returns the array `[e1, e2]` (§9.9).
        let several;
        let value = match values {
            [] => None,
            [value] => Some(value),
            _ => {
                several = ast::Expr {
                    kind: ast::ExprKind::Array(values.to_vec()),
                    span: values[0].span.to(values[values.len() - 1].span),
                };
                Some(&several)
            }
        };
        let mut push = |kind| out.push(typed::Stmt { kind, span });
        let Some(value) = value else {
            if !b.module && !self.subst.unify(&b.ret, &Type::Void) {
                let expected = self.show(&b.ret);
                self.report(errors::mismatch(span, "void", &expected));
            }
            push(typed::StmtKind::Return(None));
            return;
        };
        let checked = if is_adaptable(value) && !b.module {
            let ret = b.ret.clone();
            self.expect(b, value, &ret)
        } else {
            self.expr(b, value)
        };
        if b.module || self.subst.resolve(&checked.ty) == Type::Void {
            if !b.module && !self.subst.unify(&b.ret, &Type::Void) {
                self.report(errors::void_value(value.span));
            }
            push(typed::StmtKind::Expr(checked.expr));
            push(typed::StmtKind::Return(None));
            return;
        }
        self.unify_return(b, &checked, value.span);
        push(typed::StmtKind::Return(Some(checked.expr)));
    }

    fn if_stmt(
        &mut self,
        b: &mut Body,
        branches: &'a [(ast::Expr, ast::Block)],
        else_block: Option<&'a ast::Block>,
        tail: bool,
    ) -> typed::StmtKind {
        let tail = tail && else_block.is_some();
        let mut checked = Vec::new();
        for (cond, block) in branches {
            let cond = self.condition(b, cond).expr;
            let then = self.block(b, block, ScopeKind::IfBranch, tail);
            checked.push((cond, then, block.span));
        }
        let mut otherwise = match else_block {
            Some(block) => self.block(b, block, ScopeKind::IfBranch, tail),
            None => Vec::new(),
        };
        let mut branches = checked.into_iter().rev();
        let Some((cond, then, _)) = branches.next() else {
            return typed::StmtKind::Block(otherwise);
        };
        let mut kind = typed::StmtKind::If {
            cond,
            then,
            otherwise,
        };
        for (cond, then, span) in branches {
            otherwise = vec![typed::Stmt { kind, span }];
            kind = typed::StmtKind::If {
                cond,
                then,
                otherwise,
            };
        }
        kind
    }

    fn while_stmt(
        &mut self,
        b: &mut Body,
        label: Option<&ast::Ident>,
        cond: &ast::Expr,
        body: &'a ast::Block,
    ) -> typed::StmtKind {
        let cond = self.condition(b, cond).expr;
        let id = b.enter_loop(label.map(|l| l.name.as_str()));
        let body = self.block(b, body, ScopeKind::Block, false);
        b.exit_loop();
        typed::StmtKind::While { id, cond, body }
    }

    fn for_stmt(
        &mut self,
        b: &mut Body,
        label: Option<&ast::Ident>,
        var: &ast::Ident,
        source: &ast::ForSource,
        body: &'a ast::Block,
    ) -> typed::StmtKind {
        let (ty, source) = match source {
            ast::ForSource::Range {
                start,
                end,
                inclusive,
                step,
            } => {
                let mut bounds = vec![start, end];
                bounds.extend(step);
                let (ty, checked) = self.range_bounds(b, &bounds);
                (ty, Some(ForKind::Range(checked, *inclusive)))
            }
            ast::ForSource::Iter(e) => match self.for_source(b, e) {
                Some((ty, kind)) => (ty, Some(kind)),
                None => (Type::Error, None),
            },
        };
        b.push_scope(ScopeKind::Block);
        let var = b.declare(
            LocalVar {
                name: var.name.clone(),
                ty,
                mutable: false,
                needs_init_check: false,
                span: var.span,
            },
            None,
        );
        let id = b.enter_loop(label.map(|l| l.name.as_str()));
        let body = self.stmts(b, &body.stmts, false);
        b.exit_loop();
        b.pop_scope();
        match source {
            None => typed::StmtKind::Block(Vec::new()),
            Some(ForKind::Int(count)) => typed::StmtKind::ForInt {
                id,
                var,
                count: count.expr,
                body,
            },
            Some(ForKind::Array(array)) => typed::StmtKind::ForArray {
                id,
                var,
                array: array.expr,
                body,
            },
            Some(ForKind::RangeValue(range)) => typed::StmtKind::ForRangeValue {
                id,
                var,
                range: range.expr,
                body,
            },
            Some(ForKind::Range(checked, inclusive)) => {
                let mut bounds = checked.into_iter().map(|c| c.expr);
                match (bounds.next(), bounds.next()) {
                    (Some(start), Some(end)) => typed::StmtKind::ForRange {
                        id,
                        var,
                        start,
                        end,
                        step: bounds.next(),
                        inclusive,
                        body,
                    },
                    _ => typed::StmtKind::Block(Vec::new()),
                }
            }
        }
    }

    /// `for x in e` (§9.6): an integer count, an array or a range value; the loop
    /// variable's type and the loop kind. `None` after an error.
    fn for_source(&mut self, b: &mut Body, e: &ast::Expr) -> Option<(Type, ForKind)> {
        let source = self.value(b, e);
        let ty = self.subst.resolve(&source.ty);
        match ty {
            // An open type in pass 1 (an unannotated parameter) may become an integer or an
            // array: the loop variable stays independent and each instance decides.
            Type::Var(_) if !self.building => {
                let var = self.subst.fresh();
                b.open_loops.push((source.ty.clone(), var.clone()));
                Some((var, ForKind::Int(source)))
            }
            ref t if t.is_integer() || matches!(t, Type::Var(_)) => {
                Some((source.ty.clone(), ForKind::Int(source)))
            }
            Type::Array(elem) => Some((*elem, ForKind::Array(source))),
            Type::Range => Some((Type::I64, ForKind::RangeValue(source))),
            Type::Error => None,
            other => {
                let found = self.show(&other);
                self.report(errors::not_iterable(e.span, &found));
                None
            }
        }
    }

    /// The bounds of a numeric `for` (§9.5): one integer type; literal bounds adapt to a
    /// non-literal bound; all-literal bounds are `i32`, or `i64` when one needs it.
    fn range_bounds(&mut self, b: &mut Body, bounds: &[&ast::Expr]) -> (Type, Vec<Checked>) {
        let mut checked: Vec<Option<Checked>> = bounds.iter().map(|_| None).collect();
        let mut ty: Option<(Type, Span)> = None;
        for (i, bound) in bounds.iter().enumerate() {
            if is_adaptable(bound) {
                continue;
            }
            let c = self.value(b, bound);
            if let Some((first, first_span)) = &ty {
                if !self.subst.unify(&c.ty, first) {
                    let (found, expected) = (self.show(&c.ty), self.show(first));
                    self.report(errors::operand_mismatch(
                        (*first_span, &expected),
                        (bound.span, &found),
                    ));
                }
            } else {
                ty = Some((c.ty.clone(), bound.span));
            }
            checked[i] = Some(c);
        }
        let ty = match ty {
            Some((ty, _)) => ty,
            None => self.literal_range_type(bounds),
        };
        for (i, bound) in bounds.iter().enumerate() {
            if checked[i].is_none() {
                checked[i] = Some(match self.adapt_literal(bound, &ty) {
                    Some(c) => c,
                    None => self.value(b, bound),
                });
            }
        }
        let resolved = self.subst.resolve(&ty);
        if !(resolved.is_integer() || matches!(resolved, Type::Var(_) | Type::Error)) {
            let span = bounds[0].span.to(bounds[bounds.len() - 1].span);
            self.report(errors::mismatch(span, &self.show(&resolved), "integer"));
        }
        (ty, checked.into_iter().flatten().collect())
    }

    /// The type of an all-literal range: `i32`, or `i64` when a bound does not fit `i32`.
    fn literal_range_type(&self, bounds: &[&ast::Expr]) -> Type {
        let mut ty = Type::I32;
        for bound in bounds {
            match bound.kind {
                ast::ExprKind::Float { .. } => return Type::F64,
                ast::ExprKind::Int {
                    value,
                    negative,
                    hex,
                    ..
                } => {
                    if let Some(typed::Const::I64(_)) =
                        super::literals::int_default(value, negative, hex)
                    {
                        ty = Type::I64;
                    }
                }
                _ => {}
            }
        }
        ty
    }

    /// Settles the `for` loops of a finished pass-1 body whose source type was open when
    /// the loop was checked: an array gives its element type, an integer its own type, and a
    /// type still open becomes an array (iterating a parameter is iterating a collection).
    pub(super) fn settle_open_loops(&mut self, b: &mut Body) {
        for (source, var) in std::mem::take(&mut b.open_loops) {
            match self.subst.resolve(&source) {
                Type::Array(elem) => {
                    self.subst.unify(&var, &elem);
                }
                Type::Var(_) => {
                    self.subst.unify(&source, &Type::Array(Box::new(var)));
                }
                ref t if t.is_integer() => {
                    self.subst.unify(&var, &source);
                }
                _ => {}
            }
        }
    }

    fn loop_control(
        &mut self,
        b: &mut Body,
        label: Option<&ast::Ident>,
        span: Span,
        is_break: bool,
    ) -> typed::StmtKind {
        match b.loop_target(label.map(|l| l.name.as_str())) {
            Ok(id) if is_break => typed::StmtKind::Break(id),
            Ok(id) => typed::StmtKind::Continue(id),
            Err(unknown_label) => {
                match label {
                    Some(label) if unknown_label => {
                        self.report(errors::undefined_label(label.span, &label.name))
                    }
                    _ => self.report(errors::loop_control_outside(
                        span,
                        if is_break { "break" } else { "continue" },
                    )),
                }
                typed::StmtKind::Block(Vec::new())
            }
        }
    }
}

/// What a `for` loop iterates.
enum ForKind {
    /// `start..end..step` bounds and `..=`.
    Range(Vec<Checked>, bool),
    /// An integer count.
    Int(Checked),
    /// An array.
    Array(Checked),
    /// A range value.
    RangeValue(Checked),
}

/// SCREAMING_SNAKE_CASE: an uppercase letter, then uppercase letters, digits or `_`.
fn is_screaming(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// True when control may reach the end of `stmts` (conservatively).
pub(super) fn falls_through(stmts: &[typed::Stmt]) -> bool {
    let Some(last) = stmts.last() else {
        return true;
    };
    match &last.kind {
        typed::StmtKind::Return(_) => false,
        typed::StmtKind::If {
            then, otherwise, ..
        } => falls_through(then) || falls_through(otherwise),
        typed::StmtKind::Block(inner) => falls_through(inner),
        typed::StmtKind::While { id, cond, body } => {
            !matches!(cond.kind, typed::ExprKind::Const(typed::Const::Bool(true)))
                || breaks(body, *id)
        }
        _ => true,
    }
}

/// True when `stmts` contain a `break` of loop `id`.
fn breaks(stmts: &[typed::Stmt], id: typed::LoopId) -> bool {
    stmts.iter().any(|s| match &s.kind {
        typed::StmtKind::Break(target) => *target == id,
        typed::StmtKind::If {
            then, otherwise, ..
        } => breaks(then, id) || breaks(otherwise, id),
        typed::StmtKind::Block(inner)
        | typed::StmtKind::While { body: inner, .. }
        | typed::StmtKind::ForRange { body: inner, .. }
        | typed::StmtKind::ForInt { body: inner, .. }
        | typed::StmtKind::ForArray { body: inner, .. }
        | typed::StmtKind::ForRangeValue { body: inner, .. } => breaks(inner, id),
        typed::StmtKind::Try { body, handler, .. } => breaks(body, id) || breaks(handler, id),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::is_screaming;

    #[test]
    fn constant_names() {
        assert!(is_screaming("MAX_SIZE2"));
        assert!(is_screaming("X"));
        assert!(!is_screaming("maxSize"));
        assert!(!is_screaming("_X"));
        assert!(!is_screaming("Max"));
    }
}
