//! Expressions: literals, names, assignment, conditional expressions, type annotations,
//! and checking against an expected type with literal adaptation (§5.2).

use super::errors;
use super::literals;
use super::scope::{Body, DeclTarget, Found, LocalVar};
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
            _ => self.unsupported_expr(e),
        }
    }

    /// Reports an expression form owned by a later version.
    pub(super) fn unsupported_expr(&mut self, e: &ast::Expr) -> Checked {
        let what = match &e.kind {
            ExprKind::Index { .. } => "indexing operations",
            ExprKind::Slice { .. } => "slices",
            ExprKind::Field { .. } => "field and member accesses",
            ExprKind::StructLit { .. } => "structs",
            ExprKind::Array(_) | ExprKind::ArrayFill { .. } => "arrays",
            ExprKind::Fn(_) => "function expressions",
            ExprKind::Match { .. } => "match expressions",
            _ => "function values",
        };
        self.report(errors::unsupported(e.span, what));
        self.error_node(e.span)
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
        let checked = self.value(b, e);
        if !self.subst.unify(&checked.ty, expected) {
            let found = self.subst.resolve(&checked.ty);
            let expected = self.subst.resolve(expected);
            self.report(errors::value_mismatch(e.span, &found, &expected));
            return self.error_node(e.span);
        }
        checked
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
                self.report(errors::literal_out_of_range_for(e.span, &target));
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

    /// Reports a use of an enclosing function's local in a nested function (§10.6).
    pub(super) fn capture(&mut self, name: &str, span: Span) -> Checked {
        let what = format!("closures that capture '{name}'");
        self.report(errors::unsupported(span, &what));
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
            Resolved::Fn(_) => {
                self.report(errors::unsupported(span, "function values"));
                return self.error_node(span);
            }
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
        if self.resolve(b, name) == Resolved::Captured {
            self.value(b, value);
            return self.capture(name, name_span);
        }
        if let Some(var) = self.lookup(b, name) {
            let (ty, mutable, declared) = self.var_info(b, var);
            if !mutable {
                self.report(errors::immutable(name_span, name, declared));
            }
            let value = self.expect(b, value, &ty);
            return self.write_var(b, var, value, span);
        }
        let value = self.value(b, value);
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
        let ExprKind::Name(name) = &target.kind else {
            self.value(b, value);
            return self.unsupported_expr(target);
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
            let found = self.subst.resolve(&checked.ty);
            self.report(errors::mismatch(e.span, found.name(), "bool"));
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
        let lt = self.subst.resolve(&l.ty);
        let rt = self.subst.resolve(&r.ty);
        self.report(errors::operand_mismatch((l_span, &lt), (r_span, &rt)));
        Type::Error
    }

    /// The type an annotation names; `void` only where `allow_void` (return types).
    pub(super) fn annotation(&mut self, ty: &ast::TypeExpr, allow_void: bool) -> Type {
        let what = match &ty.kind {
            ast::TypeExprKind::Named {
                qualifier: None,
                name,
                args,
            } if args.is_empty() => {
                if let Some(t) = Type::from_name(&name.name) {
                    return t;
                }
                if name.name == "void" && allow_void {
                    return Type::Void;
                }
                if !self.declares_type(&name.name) {
                    self.report(errors::unknown_type(ty.span, &name.name));
                    return Type::Error;
                }
                "structs and enums"
            }
            ast::TypeExprKind::Named {
                qualifier: Some(_), ..
            } => "modules",
            ast::TypeExprKind::Named { .. } => "enums",
            ast::TypeExprKind::Array { .. } => "arrays",
            ast::TypeExprKind::Fn { .. } => "function values",
        };
        self.report(errors::unsupported(ty.span, what));
        Type::Error
    }

    /// True when the module declares a struct or enum named `name` (or it is `Result`).
    fn declares_type(&self, name: &str) -> bool {
        name == "Result"
            || self.root.items.iter().any(|item| match &item.kind {
                ast::StmtKind::Struct(s) => s.name.name == name,
                ast::StmtKind::Enum(e) => e.name.name == name,
                _ => false,
            })
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
