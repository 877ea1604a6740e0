//! Operators and casts: typing rules of §5.4, §6.1 and §8, literal adaptation between
//! operands, and the compile-time IEEE folding of constant float division (§8.2).

use super::errors;
use super::expr::{is_adaptable, Checked};
use super::literals;
use super::scope::Body;
use super::types::Type;
use super::Checker;
use crate::ast::{self, BinOp, ExprKind, UnOp};
use crate::source::Span;
use crate::typed::{self, Const};

impl<'a> Checker<'a> {
    /// Checks two operands, adapting a literal side to a non-literal side (§5.2); the
    /// non-literal side is checked first so its type is known.
    pub(super) fn operands(
        &mut self,
        b: &mut Body,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
    ) -> (Checked, Checked) {
        match (is_adaptable(lhs), is_adaptable(rhs)) {
            (false, true) => {
                let l = self.value(b, lhs);
                let r = match self.adapt_literal(rhs, &l.ty) {
                    Some(r) => r,
                    None => self.value(b, rhs),
                };
                (l, r)
            }
            (true, false) => {
                let r = self.value(b, rhs);
                let l = match self.adapt_literal(lhs, &r.ty) {
                    Some(l) => l,
                    None => self.value(b, lhs),
                };
                (l, r)
            }
            _ => {
                let l = self.value(b, lhs);
                let r = self.value(b, rhs);
                (l, r)
            }
        }
    }

    /// `lhs op rhs` for every binary operator.
    pub(super) fn binary(
        &mut self,
        b: &mut Body,
        op: BinOp,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        span: Span,
    ) -> Checked {
        match op {
            BinOp::And | BinOp::Or => return self.logical(b, op == BinOp::And, lhs, rhs, span),
            BinOp::Eq | BinOp::Ne | BinOp::Matches => return self.equality(b, op, lhs, rhs, span),
            _ => {}
        }
        if op == BinOp::Div {
            if let (Some(x), Some(y)) = (const_float(lhs), const_float(rhs)) {
                return self.node(typed::ExprKind::Const(Const::F64(x / y)), &Type::F64, span);
            }
        }
        let (l, r) = self.operands(b, lhs, rhs);
        if op == BinOp::Mul && self.is_repeat(&l, &r) {
            return self.repeat(l, r, lhs.span, rhs.span, span);
        }
        match op {
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                self.ordering(op, l, r, lhs.span, rhs.span, span)
            }
            _ => self.arithmetic(op, l, r, lhs.span, rhs.span, span),
        }
    }

    /// `+ - * / %` on one numeric type, and `string + string`.
    pub(super) fn arithmetic(
        &mut self,
        op: BinOp,
        l: Checked,
        r: Checked,
        l_span: Span,
        r_span: Span,
        span: Span,
    ) -> Checked {
        let ty = self.same_type(&l, &r, l_span, r_span);
        let typed_op = match ty {
            Type::Error => return self.error_node(span),
            Type::Str if op == BinOp::Add => typed::BinOp::Concat,
            ref t if t.is_numeric() || matches!(t, Type::Var(_)) => typed_operator(op),
            ref t => {
                self.report(errors::mismatch(l_span, &self.show(t), "number").with_note(
                    "Arithmetic needs two numbers of one type; `+` also joins two strings.",
                ));
                return self.error_node(span);
            }
        };
        let kind = typed::ExprKind::Binary(typed_op, Box::new(l.expr), Box::new(r.expr));
        self.node(kind, &ty, span)
    }

    fn ordering(
        &mut self,
        op: BinOp,
        l: Checked,
        r: Checked,
        l_span: Span,
        r_span: Span,
        span: Span,
    ) -> Checked {
        let ty = self.same_type(&l, &r, l_span, r_span);
        match ty {
            Type::Error => return self.error_node(span),
            ref t if t.is_numeric() || matches!(t, Type::Var(_)) => {}
            ref t => {
                self.report(
                    errors::mismatch(l_span, &self.show(t), "number")
                        .with_note("Only numbers can be ordered with `<`, `<=`, `>` and `>=`."),
                );
                return self.error_node(span);
            }
        }
        let kind = typed::ExprKind::Binary(typed_operator(op), Box::new(l.expr), Box::new(r.expr));
        self.node(kind, &Type::Bool, span)
    }

    /// `==`, `!=`, `matches`: one type after adaptation; a `bool` may meet an integer when
    /// one side is a literal, comparing as integers (`true` is 1): the bool side is cast to
    /// the integer type, or a `bool` literal becomes the integer constant 0 or 1.
    fn equality(
        &mut self,
        b: &mut Body,
        op: BinOp,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        span: Span,
    ) -> Checked {
        let (mut l, mut r) = self.operands(b, lhs, rhs);
        let lt = self.subst.resolve(&l.ty);
        let rt = self.subst.resolve(&r.ty);
        let is_bool_literal = |e: &ast::Expr| matches!(e.kind, ExprKind::Bool(_));
        if lt == Type::Bool && rt.is_integer() && (is_int_literal(rhs) || is_bool_literal(lhs)) {
            l = self.bool_as_integer(l, &rt, lhs);
        } else if rt == Type::Bool
            && lt.is_integer()
            && (is_int_literal(lhs) || is_bool_literal(rhs))
        {
            r = self.bool_as_integer(r, &lt, rhs);
        }
        match self.same_type(&l, &r, lhs.span, rhs.span) {
            Type::Error => return self.error_node(span),
            Type::Func(..) => {
                self.report(errors::compare_functions(lhs.span));
                return self.error_node(span);
            }
            _ => {}
        }
        let typed_op = if op == BinOp::Ne {
            typed::BinOp::Ne
        } else {
            typed::BinOp::Eq
        };
        let kind = typed::ExprKind::Binary(typed_op, Box::new(l.expr), Box::new(r.expr));
        self.node(kind, &Type::Bool, span)
    }

    /// A `bool` operand compared with an integer: a literal becomes 0/1, else a cast.
    fn bool_as_integer(&mut self, operand: Checked, int: &Type, source: &ast::Expr) -> Checked {
        if let ExprKind::Bool(v) = source.kind {
            if let Some(value) = literals::int_as(u64::from(v), false, false, int) {
                return self.node(typed::ExprKind::Const(value), int, source.span);
            }
        }
        self.node(
            typed::ExprKind::Cast(Box::new(operand.expr)),
            int,
            source.span,
        )
    }

    /// `and`/`or`: short-circuit on two bools, bitwise on two `i32` (§8.5).
    fn logical(
        &mut self,
        b: &mut Body,
        is_and: bool,
        lhs: &ast::Expr,
        rhs: &ast::Expr,
        span: Span,
    ) -> Checked {
        let l = self.value(b, lhs);
        let r = self.value(b, rhs);
        let ty = self.same_type(&l, &r, lhs.span, rhs.span);
        let kind = match ty {
            Type::Error => return self.error_node(span),
            Type::I32 => {
                let op = if is_and {
                    typed::BinOp::BitAnd
                } else {
                    typed::BinOp::BitOr
                };
                typed::ExprKind::Binary(op, Box::new(l.expr), Box::new(r.expr))
            }
            Type::Bool | Type::Var(_) => typed::ExprKind::Logical {
                is_and,
                lhs: Box::new(l.expr),
                rhs: Box::new(r.expr),
            },
            ref t => {
                self.report(
                    errors::mismatch(lhs.span, &self.show(t), "bool")
                        .with_note("`and` and `or` take two bools, or two i32 values bitwise."),
                );
                return self.error_node(span);
            }
        };
        self.node(kind, &ty, span)
    }

    /// Unary `-` (signed integers and `f64`) and `not` (bools and integers).
    pub(super) fn unary(
        &mut self,
        b: &mut Body,
        op: UnOp,
        operand: &ast::Expr,
        span: Span,
    ) -> Checked {
        let c = self.value(b, operand);
        let t = self.subst.resolve(&c.ty);
        if t == Type::Error {
            return self.error_node(span);
        }
        let open = matches!(t, Type::Var(_));
        match op {
            UnOp::Neg if open || matches!(t, Type::I32 | Type::I64 | Type::F64) => {
                self.node(typed::ExprKind::Neg(Box::new(c.expr)), &t, span)
            }
            UnOp::Not if open || t == Type::Bool || t.is_integer() => {
                self.node(typed::ExprKind::Not(Box::new(c.expr)), &Type::Bool, span)
            }
            UnOp::Neg => {
                self.report(errors::mismatch(
                    operand.span,
                    &self.show(&t),
                    "signed integer or f64",
                ));
                self.error_node(span)
            }
            UnOp::Not => {
                self.report(errors::mismatch(operand.span, &self.show(&t), "bool"));
                self.error_node(span)
            }
        }
    }

    /// `e as T` (§6.1); a cast to the value's own type is the value itself.
    pub(super) fn cast(
        &mut self,
        b: &mut Body,
        operand: &ast::Expr,
        ty: &ast::Ident,
        span: Span,
    ) -> Checked {
        let c = self.value(b, operand);
        let Some(target) = Type::from_name(&ty.name) else {
            self.report(errors::unknown_type(ty.span, &ty.name));
            return self.error_node(span);
        };
        let from = self.subst.resolve(&c.ty);
        if from == Type::Error {
            return self.error_node(span);
        }
        if from == target {
            return c;
        }
        let allowed = from.is_numeric() || from == Type::Bool || matches!(from, Type::Var(_));
        if !allowed {
            let from = self.show(&from);
            self.report(errors::bad_cast(operand.span, &from, target.name()));
            return self.error_node(span);
        }
        self.node(typed::ExprKind::Cast(Box::new(c.expr)), &target, span)
    }
}

/// The typed operator of an arithmetic or comparison operator.
fn typed_operator(op: BinOp) -> typed::BinOp {
    match op {
        BinOp::Add => typed::BinOp::Add,
        BinOp::Sub => typed::BinOp::Sub,
        BinOp::Mul => typed::BinOp::Mul,
        BinOp::Div => typed::BinOp::Div,
        BinOp::Mod => typed::BinOp::Mod,
        BinOp::Lt => typed::BinOp::Lt,
        BinOp::Le => typed::BinOp::Le,
        BinOp::Gt => typed::BinOp::Gt,
        BinOp::Ge => typed::BinOp::Ge,
        BinOp::Ne => typed::BinOp::Ne,
        BinOp::Eq | BinOp::Matches | BinOp::And | BinOp::Or => typed::BinOp::Eq,
    }
}

/// True for an integer literal (suffixed or not).
fn is_int_literal(e: &ast::Expr) -> bool {
    matches!(e.kind, ExprKind::Int { .. })
}

/// The value of a constant float expression: float literals combined only with
/// `+ - * /`, unary `-` and parentheses (§8.2).
pub(super) fn const_float(e: &ast::Expr) -> Option<f64> {
    match &e.kind {
        ExprKind::Float {
            value,
            suffix: None | Some(ast::NumSuffix::F64),
        } => Some(*value),
        ExprKind::Paren(inner) => const_float(inner),
        ExprKind::Unary {
            op: UnOp::Neg,
            operand,
        } => const_float(operand).map(|v| -v),
        ExprKind::Binary { op, lhs, rhs } => {
            let (x, y) = (const_float(lhs)?, const_float(rhs)?);
            match op {
                BinOp::Add => Some(x + y),
                BinOp::Sub => Some(x - y),
                BinOp::Mul => Some(x * y),
                BinOp::Div => Some(x / y),
                _ => None,
            }
        }
        _ => None,
    }
}
