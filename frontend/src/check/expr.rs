//! Expressions: literals, names, assignment, conditional expressions, type annotations,
//! and checking against an expected type with literal adaptation (§5.2).

use super::errors;
use super::literals;
use super::scope::{Body, DeclTarget, Found, LocalVar};
use super::structs::NamedType;
use super::types::Type;
use super::{Checker, GlobalVar};
use crate::ast::{self, ExprKind};
use crate::source::Span;
use crate::typed::{self, Const, LocalId};

/// A checked expression: its typed node (meaningful in pass 2) and its inference type.
pub(super) struct Checked {
    /// The typed node.
    pub(super) expr: typed::Expr,
    /// Its type during inference.
    pub(super) ty: Type,
}

/// What a name denotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Resolved {
    /// A variable.
    Var(Var),
    /// A function (index into the checker's table).
    Fn(usize),
    /// A local of an enclosing function: a closure capture.
    Captured,
    /// Nothing but perhaps a builtin.
    Missing,
}

/// A resolved variable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Var {
    /// A local of the current body.
    Local(LocalId),
    /// A module-level variable.
    Global(usize),
}

/// The value of an assignment: source code, or an expression checked already.
pub(super) enum Source<'e> {
    /// Source code, checked against the target's type (literals adapt).
    Ast(&'e ast::Expr),
    /// A checked expression, unified with the target's type.
    Checked(Checked),
}

/// True for an integer or float literal without suffix (a folded `-` included).
pub(super) fn is_adaptable(e: &ast::Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::Int { suffix: None, .. } | ExprKind::Float { suffix: None, .. }
    )
}

impl<'a> Checker<'a> {
    /// A typed node of type `ty`.
    pub(super) fn node(&self, kind: typed::ExprKind, ty: &Type, span: Span) -> Checked {
        self.note_open(&kind, ty, span);
        Checked {
            expr: typed::Expr {
                kind,
                ty: self.concrete(ty),
                span,
            },
            ty: ty.clone(),
        }
    }

    /// The node of an expression that already produced a diagnostic.
    pub(super) fn error_node(&self, span: Span) -> Checked {
        self.node(
            typed::ExprKind::Const(Const::Bool(false)),
            &Type::Error,
            span,
        )
    }

    /// Checks an expression whose value may be `void` (expression statements).
    pub(super) fn expr(&mut self, b: &mut Body, e: &ast::Expr) -> Checked {
        match &e.kind {
            ExprKind::Int {
                value,
                negative,
                hex,
                suffix,
            } => self.int_literal(*value, *negative, *hex, *suffix, e.span),
            ExprKind::Float { value, suffix } => self.float_literal(*value, *suffix, e.span),
            ExprKind::Str(bytes) => self.node(
                typed::ExprKind::Const(Const::Str(bytes.clone())),
                &Type::Str,
                e.span,
            ),
            ExprKind::Bool(v) => {
                self.node(typed::ExprKind::Const(Const::Bool(*v)), &Type::Bool, e.span)
            }
            ExprKind::Name(name) => self.name(b, name, e.span),
            ExprKind::Paren(inner) => self.expr(b, inner),
            ExprKind::Binary { op, lhs, rhs } => self.binary(b, *op, lhs, rhs, e.span),
            ExprKind::Unary { op, operand } => self.unary(b, *op, operand, e.span),
            ExprKind::Cast { expr, ty } => self.cast(b, expr, ty, e.span),
            ExprKind::Assign { op, target, value } => self.assign(b, *op, target, value, e.span),
            ExprKind::Cond {
                then,
                cond,
                otherwise,
            } => self.conditional(b, then, cond, otherwise, None, e.span),
            ExprKind::Call { callee, args } => self.call(b, callee, args, e.span),
            ExprKind::Timestamp => self.node(typed::ExprKind::Timestamp, &Type::F64, e.span),
            ExprKind::Array(elems) => self.array_literal(b, elems, e.span),
            ExprKind::ArrayFill { value, count } => self.array_fill(b, value, count, e.span),
            ExprKind::Index { base, index } => self.index(b, base, index, e.span),
            ExprKind::Slice { base, start, end } => {
                self.slice(b, base, start.as_deref(), end.as_deref(), e.span)
            }
            ExprKind::StructLit {
                qualifier,
                name,
                fields,
            } => self.struct_literal(b, qualifier.as_ref(), name, fields, e.span),
            ExprKind::Field { base, name } => self.field_read(b, base, name, e.span),
            ExprKind::Fn(_) => self.lambda(b, e, None),
            ExprKind::Match { subject, arms } => self.match_expr(b, subject, arms, None, e.span),
        }
    }

    /// Checks an expression whose value is used: `void` is an error.
    pub(super) fn value(&mut self, b: &mut Body, e: &ast::Expr) -> Checked {
        let checked = self.expr(b, e);
        if self.subst.resolve(&checked.ty) == Type::Void {
            self.report(errors::void_value(e.span));
            return self.error_node(e.span);
        }
        checked
    }

    /// Checks a value against an expected type: literals adapt, other values must unify.
    pub(super) fn expect(&mut self, b: &mut Body, e: &ast::Expr, expected: &Type) -> Checked {
        if let Some(adapted) = self.adapt_literal(e, expected) {
            return adapted;
        }
        if let ExprKind::Cond {
            then,
            cond,
            otherwise,
        } = &e.kind
        {
            return self.conditional(b, then, cond, otherwise, Some(expected), e.span);
        }
        if let Some(function) = self.fn_value_expected(b, e, expected) {
            return function;
        }
        if let ExprKind::Match { subject, arms } = &e.kind {
            return self.match_expr(b, subject, arms, Some(expected), e.span);
        }
        let checked = match &e.kind {
            ExprKind::Fn(_) => self.lambda(b, e, Some(expected)),
            _ => self.value(b, e),
        };
        if !self.subst.unify(&checked.ty, expected) {
            let found = self.show(&checked.ty);
            let expected = self.show(expected);
            self.report(errors::value_mismatch(e.span, &found, &expected));
            return self.error_node(e.span);
        }
        checked
    }

    /// A [`Source`] checked against an expected type.
    pub(super) fn source_expect(
        &mut self,
        b: &mut Body,
        value: Source<'_>,
        expected: &Type,
    ) -> Checked {
        match value {
            Source::Ast(e) => self.expect(b, e, expected),
            Source::Checked(c) => {
                if !self.subst.unify(&c.ty, expected) {
                    let found = self.show(&c.ty);
                    let expected = self.show(expected);
                    self.report(errors::value_mismatch(c.expr.span, &found, &expected));
                    return self.error_node(c.expr.span);
                }
                c
            }
        }
    }

    /// An adaptable literal taking the concrete numeric type `expected`; `None` when `e` is
    /// not an adaptable literal or `expected` is not a number it can become.
    pub(super) fn adapt_literal(&mut self, e: &ast::Expr, expected: &Type) -> Option<Checked> {
        let target = self.subst.resolve(expected);
        let value = match e.kind {
            ExprKind::Int {
                value,
                negative,
                hex,
                suffix: None,
            } if target.is_numeric() => literals::int_as(value, negative, hex, &target),
            ExprKind::Float {
                value,
                suffix: None,
            } if target == Type::F64 => Some(Const::F64(value)),
            _ => return None,
        };
        Some(match value {
            Some(value) => self.node(typed::ExprKind::Const(value), &target, e.span),
            None => {
                self.report(errors::literal_out_of_range_for(e.span, target.name()));
                self.error_node(e.span)
            }
        })
    }

    fn int_literal(
        &mut self,
        value: u64,
        negative: bool,
        hex: bool,
        suffix: Option<ast::NumSuffix>,
        span: Span,
    ) -> Checked {
        let constant = match suffix {
            Some(s) => literals::int_as(value, negative, hex, &literals::suffix_type(s))
                .ok_or_else(|| errors::bad_suffix(span, literals::suffix_text(s))),
            None => literals::int_default(value, negative, hex)
                .ok_or_else(|| errors::literal_out_of_range(span)),
        };
        self.constant(constant, span)
    }

    fn float_literal(&mut self, value: f64, suffix: Option<ast::NumSuffix>, span: Span) -> Checked {
        let constant = match suffix {
            Some(s) => literals::float_as(value, &literals::suffix_type(s))
                .ok_or_else(|| errors::bad_suffix(span, literals::suffix_text(s))),
            None => Ok(Const::F64(value)),
        };
        self.constant(constant, span)
    }

    fn constant(
        &mut self,
        constant: Result<Const, crate::diagnostics::Diagnostic>,
        span: Span,
    ) -> Checked {
        match constant {
            Ok(value) => {
                let ty = literals::const_type(&value);
                self.node(typed::ExprKind::Const(value), &ty, span)
            }
            Err(diagnostic) => {
                self.report(diagnostic);
                self.error_node(span)
            }
        }
    }

    /// Resolves a name (§7.6): block scopes and parameters (with the functions defined in
    /// them), the scopes of enclosing functions, visible module variables, then top-level
    /// functions. Builtins are the caller's business.
    pub(super) fn resolve(&self, b: &Body, name: &str) -> Resolved {
        match b.resolve(name) {
            Some(Found::Local(id)) => Resolved::Var(Var::Local(id)),
            Some(Found::Fn(f)) => Resolved::Fn(f),
            Some(Found::Captured) => Resolved::Captured,
            None => match self.visible_global(b, name) {
                Some(id) => Resolved::Var(Var::Global(id)),
                None => match self.fn_names.get(name) {
                    Some(&f) => Resolved::Fn(f),
                    None => Resolved::Missing,
                },
            },
        }
    }

    /// The variable a name denotes, if it denotes one of this body or the module.
    pub(super) fn lookup(&self, b: &Body, name: &str) -> Option<Var> {
        match self.resolve(b, name) {
            Resolved::Var(var) => Some(var),
            _ => None,
        }
    }

    /// Reports a use of an enclosing function's local that no closure captured (§10.6): one
    /// declared after the nested function, or a closure used before its definition.
    pub(super) fn capture(&mut self, name: &str, span: Span) -> Checked {
        self.report(errors::undefined(span, name).with_note(format!(
            "A nested function that uses variables of its enclosing function is a closure: \
             it sees the variables declared before its definition ('{name}' is not one of \
             them, or the closure is called before it is defined)."
        )));
        self.error_node(span)
    }

    /// The type, mutability and declaration span of a variable.
    pub(super) fn var_info(&self, b: &Body, var: Var) -> (Type, bool, Span) {
        match var {
            Var::Local(id) => {
                let local = b.local(id);
                (local.ty.clone(), local.mutable, local.span)
            }
            Var::Global(id) => {
                let global = &self.globals[id];
                (global.ty.clone(), global.mutable, global.span)
            }
        }
    }

    /// Reads a variable.
    pub(super) fn read_var(&self, b: &Body, var: Var, span: Span) -> Checked {
        let (ty, _, _) = self.var_info(b, var);
        let kind = match var {
            Var::Local(id) => typed::ExprKind::Local(id),
            Var::Global(id) => typed::ExprKind::Global(typed::GlobalId(id as u32)),
        };
        self.node(kind, &ty, span)
    }

    /// Writes a variable; the expression's value is the assigned value.
    pub(super) fn write_var(&self, b: &Body, var: Var, value: Checked, span: Span) -> Checked {
        let (ty, _, _) = self.var_info(b, var);
        let value = Box::new(value.expr);
        let kind = match var {
            Var::Local(id) => typed::ExprKind::AssignLocal(id, value),
            Var::Global(id) => typed::ExprKind::AssignGlobal(typed::GlobalId(id as u32), value),
        };
        self.node(kind, &ty, span)
    }

    fn name(&mut self, b: &mut Body, name: &str, span: Span) -> Checked {
        match self.resolve(b, name) {
            Resolved::Var(var) => return self.read_var(b, var, span),
            Resolved::Captured => return self.capture(name, span),
            Resolved::Fn(f) => return self.fn_value(f, None, span),
            Resolved::Missing => {}
        }
        if super::calls::is_builtin(name) {
            self.report(errors::unsupported(span, "function values"));
        } else {
            self.report(errors::undefined(span, name));
        }
        self.error_node(span)
    }

    /// `x = e`: assigns a visible `x`, else declares it (§7.1).
    pub(super) fn assign_name(
        &mut self,
        b: &mut Body,
        name: &str,
        name_span: Span,
        value: &ast::Expr,
        span: Span,
    ) -> Checked {
        self.assign_name_from(b, name, name_span, Source::Ast(value), span)
    }

    /// `x = value` where the value is source code or an already checked expression (for
    /// desugared forms such as destructuring).
    pub(super) fn assign_name_from(
        &mut self,
        b: &mut Body,
        name: &str,
        name_span: Span,
        value: Source<'_>,
        span: Span,
    ) -> Checked {
        if self.resolve(b, name) == Resolved::Captured {
            if let Source::Ast(value) = value {
                self.value(b, value);
            }
            return self.capture(name, name_span);
        }
        if let Some(var) = self.lookup(b, name) {
            let (ty, mutable, declared) = self.var_info(b, var);
            if !mutable {
                self.report(errors::immutable(name_span, name, declared));
            }
            let value = self.source_expect(b, value, &ty);
            return self.write_var(b, var, value, span);
        }
        let value = match value {
            Source::Ast(value) => self.value(b, value),
            Source::Checked(value) => value,
        };
        let var = match b.plain_target() {
            // Inside any block (an `if` branch at top level included) the binding is
            // mutable (§7.2).
            DeclTarget::Global { escaped } => {
                let id = self.declare_global(name, name_span, &value.ty, escaped);
                self.globals[id].needs_init_check = escaped;
                Var::Global(id)
            }
            DeclTarget::Local { depth, escaped } => Var::Local(b.declare(
                LocalVar {
                    name: name.to_string(),
                    ty: value.ty.clone(),
                    mutable: true,
                    needs_init_check: escaped,
                    span: name_span,
                },
                Some(depth),
            )),
        };
        if let Var::Local(id) = var {
            b.plain_locals.insert(id);
        }
        self.write_var(b, var, value, span)
    }

    /// Adds a module-level variable (reusing its pass 1 id in pass 2).
    pub(super) fn declare_global(
        &mut self,
        name: &str,
        span: Span,
        ty: &Type,
        mutable: bool,
    ) -> usize {
        let id = match self.global_ids.get(&span) {
            Some(&id) => {
                let existing = self.globals[id].ty.clone();
                self.subst.unify(&existing, ty);
                id
            }
            None => {
                self.globals.push(GlobalVar {
                    name: name.to_string(),
                    ty: ty.clone(),
                    mutable,
                    needs_init_check: false,
                    span,
                });
                self.global_ids.insert(span, self.globals.len() - 1);
                self.globals.len() - 1
            }
        };
        self.module_scope.insert(name.to_string(), id);
        id
    }

    fn assign(
        &mut self,
        b: &mut Body,
        op: ast::AssignOp,
        target: &ast::Expr,
        value: &ast::Expr,
        span: Span,
    ) -> Checked {
        let name = match &target.kind {
            ExprKind::Name(name) => name,
            ExprKind::Index { base, index } => {
                return self.index_assign(b, compound_operator(op), base, index, value, span)
            }
            ExprKind::Field { base, name } => {
                return self.field_assign(b, compound_operator(op), base, name, value, span)
            }
            _ => {
                self.value(b, value);
                self.report(
                    errors::mismatch(target.span, "value", "assignable place")
                        .with_note("Only variables, fields and array elements can be assigned."),
                );
                return self.error_node(span);
            }
        };
        let Some(binop) = compound_operator(op) else {
            return self.assign_name(b, name, target.span, value, span);
        };
        if self.resolve(b, name) == Resolved::Captured {
            self.value(b, value);
            return self.capture(name, target.span);
        }
        let Some(var) = self.lookup(b, name) else {
            self.report(errors::undefined(target.span, name));
            self.value(b, value);
            return self.error_node(span);
        };
        let (ty, mutable, declared) = self.var_info(b, var);
        if !mutable {
            self.report(errors::immutable(target.span, name, declared));
        }
        let current = self.read_var(b, var, target.span);
        let rhs = match self.adapt_literal(value, &ty) {
            Some(adapted) => adapted,
            None => self.value(b, value),
        };
        let combined = self.arithmetic(binop, current, rhs, target.span, value.span, span);
        self.write_var(b, var, combined, span)
    }

    /// A `bool` condition (`if`, `elif`, `while`, `x if c else y`); no truthiness.
    pub(super) fn condition(&mut self, b: &mut Body, e: &ast::Expr) -> Checked {
        let checked = self.value(b, e);
        if !self.subst.unify(&checked.ty, &Type::Bool) {
            let found = self.show(&checked.ty);
            self.report(errors::mismatch(e.span, &found, "bool"));
            return self.error_node(e.span);
        }
        checked
    }

    fn conditional(
        &mut self,
        b: &mut Body,
        then: &ast::Expr,
        cond: &ast::Expr,
        otherwise: &ast::Expr,
        expected: Option<&Type>,
        span: Span,
    ) -> Checked {
        let (then_c, cond_c, other_c) = match expected {
            Some(ty) => {
                let then_c = self.expect(b, then, ty);
                let cond_c = self.condition(b, cond);
                let other_c = self.expect(b, otherwise, ty);
                (then_c, cond_c, other_c)
            }
            None => {
                let cond_c = self.condition(b, cond);
                let (then_c, other_c) = self.operands(b, then, otherwise);
                (then_c, cond_c, other_c)
            }
        };
        let ty = self.same_type(&then_c, &other_c, then.span, otherwise.span);
        let kind = typed::ExprKind::Cond {
            cond: Box::new(cond_c.expr),
            then: Box::new(then_c.expr),
            otherwise: Box::new(other_c.expr),
        };
        self.node(kind, &ty, span)
    }

    /// Unifies two operand types; on failure reports the mismatch and gives the error type.
    pub(super) fn same_type(
        &mut self,
        l: &Checked,
        r: &Checked,
        l_span: Span,
        r_span: Span,
    ) -> Type {
        if self.subst.unify(&l.ty, &r.ty) {
            return self.subst.resolve(&l.ty);
        }
        let lt = self.show(&l.ty);
        let rt = self.show(&r.ty);
        self.report(errors::operand_mismatch((l_span, &lt), (r_span, &rt)));
        Type::Error
    }

    /// The type an annotation names; `void` only where `allow_void` (return types).
    pub(super) fn annotation(&mut self, ty: &ast::TypeExpr, allow_void: bool) -> Type {
        match &ty.kind {
            ast::TypeExprKind::Named {
                qualifier: Some(_), ..
            } => {
                self.report(errors::unsupported(ty.span, "modules"));
                Type::Error
            }
            ast::TypeExprKind::Named {
                qualifier: None,
                name,
                args,
            } => {
                if args.is_empty() {
                    if let Some(t) = Type::from_name(&name.name) {
                        return t;
                    }
                    if name.name == "void" && allow_void {
                        return Type::Void;
                    }
                }
                match self.type_names.get(&name.name).copied() {
                    Some(NamedType::Struct(id)) if args.is_empty() => Type::Struct(id),
                    Some(NamedType::Enum(id)) => {
                        // Type arguments of generic enums are not checked (§4.4).
                        for arg in args {
                            self.annotation(arg, false);
                        }
                        Type::Enum(id)
                    }
                    _ => {
                        self.report(errors::unknown_type(ty.span, &name.name));
                        Type::Error
                    }
                }
            }
            ast::TypeExprKind::Array { elem, len } => {
                let elem = self.annotation(elem, false);
                if let Some(ast::ArrayLen::Name(name)) = len {
                    let constant = self.local_consts.contains(&name.name)
                        || self
                            .module_scope
                            .get(&name.name)
                            .is_some_and(|id| self.const_globals.contains(id))
                        || (self.module_scope.is_empty() && self.top_consts.contains(&name.name));
                    if !constant {
                        self.report(errors::not_constant(name.span, &name.name));
                    }
                }
                Type::Array(Box::new(elem))
            }
            ast::TypeExprKind::Fn { params, ret } => {
                let params = params.iter().map(|p| self.annotation(p, false)).collect();
                let ret = match ret {
                    Some(ret) => self.annotation(ret, true),
                    None => Type::Void,
                };
                Type::Func(params, Box::new(ret))
            }
        }
    }
}

/// The arithmetic operator of a compound assignment; `None` for `=`.
fn compound_operator(op: ast::AssignOp) -> Option<ast::BinOp> {
    Some(match op {
        ast::AssignOp::Set => return None,
        ast::AssignOp::Add => ast::BinOp::Add,
        ast::AssignOp::Sub => ast::BinOp::Sub,
        ast::AssignOp::Mul => ast::BinOp::Mul,
        ast::AssignOp::Div => ast::BinOp::Div,
        ast::AssignOp::Mod => ast::BinOp::Mod,
    })
}
