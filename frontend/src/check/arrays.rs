//! Arrays and strings as collections (LANGUAGE.md §4.2, §8.3, §8.7, §8.8, §8.10): literals,
//! the fill form, indexing, element assignment, slicing, repetition, and the temporaries
//! that desugared compound assignments use.

use super::errors;
use super::expr::{Checked, Var};
use super::scope::Body;
use super::types::Type;
use super::Checker;
use crate::ast::{self, ExprKind};
use crate::source::Span;
use crate::typed::{self, Const, LocalId};

impl<'a> Checker<'a> {
    /// Stores `value` in a fresh temporary: its id and the assigning statement.
    pub(super) fn temp(
        &mut self,
        b: &mut Body,
        value: Checked,
        span: Span,
    ) -> (LocalId, typed::Stmt) {
        let id = b.declare_temp(value.ty.clone(), span);
        let assign = self.node(
            typed::ExprKind::AssignLocal(id, Box::new(value.expr)),
            &value.ty,
            span,
        );
        let stmt = typed::Stmt {
            kind: typed::StmtKind::Expr(assign.expr),
            span,
        };
        (id, stmt)
    }

    /// Reads a temporary.
    pub(super) fn read_temp(&self, b: &Body, id: LocalId, span: Span) -> Checked {
        self.read_var(b, Var::Local(id), span)
    }

    /// `{ stmts; value }` as one expression.
    pub(super) fn block_expr(
        &self,
        stmts: Vec<typed::Stmt>,
        value: Checked,
        span: Span,
    ) -> Checked {
        let ty = value.ty.clone();
        self.node(
            typed::ExprKind::Block(stmts, Box::new(value.expr)),
            &ty,
            span,
        )
    }
}

impl<'a> Checker<'a> {
    /// `[e1, e2, …]`: one element type, elements not adapted; `[]` takes its element type
    /// from context.
    pub(super) fn array_literal(
        &mut self,
        b: &mut Body,
        elems: &[ast::Expr],
        span: Span,
    ) -> Checked {
        let mut checked: Vec<Checked> = Vec::new();
        let mut elem_ty: Option<(Type, Span)> = None;
        let mut ok = true;
        for e in elems {
            let c = self.value(b, e);
            match &elem_ty {
                Some((first, first_span)) => {
                    if !self.subst.unify(&c.ty, first) {
                        let found = self.show(&c.ty);
                        let expected = self.show(first);
                        self.report(
                            errors::operand_mismatch((*first_span, &expected), (e.span, &found))
                                .with_note("An array literal has one element type."),
                        );
                        ok = false;
                    }
                }
                None => elem_ty = Some((c.ty.clone(), e.span)),
            }
            checked.push(c);
        }
        if !ok {
            return self.error_node(span);
        }
        let elem = match elem_ty {
            Some((ty, _)) => ty,
            None => self.subst.fresh(),
        };
        let values = checked.into_iter().map(|c| c.expr).collect();
        self.node(
            typed::ExprKind::ArrayLit(values),
            &Type::Array(Box::new(elem)),
            span,
        )
    }

    /// `[value, count]` (§8.10): the count is a literal or a compile-time integer constant.
    pub(super) fn array_fill(
        &mut self,
        b: &mut Body,
        value: &ast::Expr,
        count: &ast::Expr,
        span: Span,
    ) -> Checked {
        let value = self.value(b, value);
        let count = match &count.kind {
            ExprKind::Int {
                value: n,
                negative: false,
                ..
            } => match i64::try_from(*n) {
                Ok(n) => self.node(
                    typed::ExprKind::Const(Const::I64(n)),
                    &Type::I64,
                    count.span,
                ),
                Err(_) => {
                    self.report(errors::literal_out_of_range_for(count.span, "i64"));
                    return self.error_node(span);
                }
            },
            ExprKind::Name(name) => {
                let constant = match self.lookup(b, name) {
                    Some(Var::Local(id)) => b.const_ints.contains(&id),
                    Some(Var::Global(id)) => self.const_globals.contains(&id),
                    None => false,
                };
                if !constant {
                    self.report(errors::not_constant(count.span, name));
                    return self.error_node(span);
                }
                let c = self.value(b, count);
                self.to_i64(c)
            }
            _ => {
                let c = self.value(b, count);
                let ty = self.subst.resolve(&c.ty);
                if !(ty.is_integer() || ty == Type::Error) {
                    let found = self.show(&ty);
                    self.report(errors::mismatch(count.span, &found, "integer"));
                    return self.error_node(span);
                }
                self.to_i64(c)
            }
        };
        let ty = Type::Array(Box::new(value.ty.clone()));
        let kind = typed::ExprKind::ArrayFill {
            value: Box::new(value.expr),
            count: Box::new(count.expr),
        };
        self.node(kind, &ty, span)
    }

    /// An integer value as an `i64` (a cast unless it already is one).
    fn to_i64(&self, c: Checked) -> Checked {
        if self.subst.resolve(&c.ty) == Type::I64 {
            return c;
        }
        let span = c.expr.span;
        self.node(typed::ExprKind::Cast(Box::new(c.expr)), &Type::I64, span)
    }

    /// Checks an index or slice bound: any integer type.
    fn index_value(&mut self, b: &mut Body, e: &ast::Expr) -> Option<Checked> {
        let c = self.value(b, e);
        let ty = self.subst.resolve(&c.ty);
        if ty.is_integer() || matches!(ty, Type::Var(_)) {
            return Some(c);
        }
        if ty != Type::Error {
            let found = self.show(&ty);
            self.report(errors::mismatch(e.span, &found, "integer"));
        }
        None
    }

    /// The element type of an indexed value: `Some(None)` for a string, `Some(Some(t))` for
    /// `[t]` (an open type becomes an array, §5.3), `None` after an error.
    fn indexed(&mut self, target: &Checked, span: Span) -> Option<Option<Type>> {
        match self.subst.resolve(&target.ty) {
            Type::Str => Some(None),
            Type::Array(elem) => Some(Some(*elem)),
            Type::Var(_) => {
                let elem = self.subst.fresh();
                self.subst
                    .unify(&target.ty, &Type::Array(Box::new(elem.clone())));
                Some(Some(elem))
            }
            Type::Error => None,
            other => {
                let found = self.show(&other);
                self.report(errors::mismatch(span, &found, "array or string"));
                None
            }
        }
    }

    /// `target[index]`.
    pub(super) fn index(
        &mut self,
        b: &mut Body,
        base: &ast::Expr,
        index: &ast::Expr,
        span: Span,
    ) -> Checked {
        let target = self.value(b, base);
        let index = self.index_value(b, index);
        let Some(elem) = self.indexed(&target, base.span) else {
            return self.error_node(span);
        };
        let Some(index) = index else {
            return self.error_node(span);
        };
        let ty = elem.unwrap_or(Type::Str);
        let kind = typed::ExprKind::Index {
            target: Box::new(target.expr),
            index: Box::new(index.expr),
        };
        self.node(kind, &ty, span)
    }

    /// `target[start..end]` (inclusive end, §8.8).
    pub(super) fn slice(
        &mut self,
        b: &mut Body,
        base: &ast::Expr,
        start: Option<&ast::Expr>,
        end: Option<&ast::Expr>,
        span: Span,
    ) -> Checked {
        let target = self.value(b, base);
        let start = start.map(|e| self.index_value(b, e));
        let end = end.map(|e| self.index_value(b, e));
        let Some(_) = self.indexed(&target, base.span) else {
            return self.error_node(span);
        };
        let (Some(start), Some(end)) = (
            start.map_or(Some(None), |s| s.map(Some)),
            end.map_or(Some(None), |s| s.map(Some)),
        ) else {
            return self.error_node(span);
        };
        let ty = target.ty.clone();
        let kind = typed::ExprKind::Slice {
            target: Box::new(target.expr),
            start: start.map(|s| Box::new(s.expr)),
            end: end.map(|e| Box::new(e.expr)),
        };
        self.node(kind, &ty, span)
    }

    /// `base[index] = value` and `base[index] op= value` (§8.7); for a compound operator
    /// the array and the index are evaluated once, through temporaries.
    pub(super) fn index_assign(
        &mut self,
        b: &mut Body,
        op: Option<ast::BinOp>,
        base: &ast::Expr,
        index: &ast::Expr,
        value: &ast::Expr,
        span: Span,
    ) -> Checked {
        let target = self.value(b, base);
        let index_c = self.index_value(b, index);
        let elem = match self.indexed(&target, base.span) {
            Some(Some(elem)) => elem,
            Some(None) => {
                self.report(errors::string_element_assign(base.span.to(index.span)));
                self.value(b, value);
                return self.error_node(span);
            }
            None => {
                self.value(b, value);
                return self.error_node(span);
            }
        };
        let Some(index_c) = index_c else {
            self.value(b, value);
            return self.error_node(span);
        };
        let Some(op) = op else {
            let new = self.expect(b, value, &elem);
            let kind = typed::ExprKind::IndexAssign {
                target: Box::new(target.expr),
                index: Box::new(index_c.expr),
                value: Box::new(new.expr),
            };
            return self.node(kind, &elem, span);
        };
        let (arr, arr_init) = self.temp(b, target, base.span);
        let (idx, idx_init) = self.temp(b, index_c, index.span);
        let element_span = base.span.to(index.span);
        let current = self.node(
            typed::ExprKind::Index {
                target: Box::new(self.read_temp(b, arr, base.span).expr),
                index: Box::new(self.read_temp(b, idx, index.span).expr),
            },
            &elem,
            element_span,
        );
        let rhs = match self.adapt_literal(value, &elem) {
            Some(adapted) => adapted,
            None => self.value(b, value),
        };
        let combined = self.arithmetic(op, current, rhs, element_span, value.span, span);
        let kind = typed::ExprKind::IndexAssign {
            target: Box::new(self.read_temp(b, arr, base.span).expr),
            index: Box::new(self.read_temp(b, idx, index.span).expr),
            value: Box::new(combined.expr),
        };
        let assign = self.node(kind, &elem, span);
        self.block_expr(vec![arr_init, idx_init], assign, span)
    }

    /// True when `l * r` is a repetition (an array operand) or a string repetition error.
    pub(super) fn is_repeat(&self, l: &Checked, r: &Checked) -> bool {
        let lt = self.subst.resolve(&l.ty);
        let rt = self.subst.resolve(&r.ty);
        match (&lt, &rt) {
            (Type::Array(_), _) | (_, Type::Array(_)) => true,
            (Type::Str, t) | (t, Type::Str) => t.is_integer(),
            _ => false,
        }
    }

    /// `[T] * n` or `n * [T]` (see [`Checker::is_repeat`]): `Repeat` with the array on the
    /// left; `string * n` is an error.
    pub(super) fn repeat(
        &mut self,
        l: Checked,
        r: Checked,
        l_span: Span,
        r_span: Span,
        span: Span,
    ) -> Checked {
        let lt = self.subst.resolve(&l.ty);
        let rt = self.subst.resolve(&r.ty);
        let (array, count, count_span) = match (&lt, &rt) {
            (Type::Array(_), _) => (l, r, r_span),
            (_, Type::Array(_)) => (r, l, l_span),
            (Type::Str, t) | (t, Type::Str) if t.is_integer() => {
                let str_span = if lt == Type::Str { l_span } else { r_span };
                self.report(errors::string_repeat(str_span));
                return self.error_node(span);
            }
            _ => return self.error_node(span),
        };
        let ct = self.subst.resolve(&count.ty);
        if !(ct.is_integer() || matches!(ct, Type::Var(_) | Type::Error)) {
            let found = self.show(&ct);
            self.report(errors::mismatch(count_span, &found, "integer"));
            return self.error_node(span);
        }
        let ty = array.ty.clone();
        let kind = typed::ExprKind::Binary(
            typed::BinOp::Repeat,
            Box::new(array.expr),
            Box::new(count.expr),
        );
        self.node(kind, &ty, span)
    }
}
