//! Calls: user functions (arity, argument adaptation, instances) and the builtins of §15
//! that this version supports (`typeof`, `istype`, `assert_eq`, `len` of a string).

use super::errors;
use super::expr::{is_adaptable, Checked, Resolved};
use super::scope::Body;
use super::types::Type;
use super::Checker;
use crate::ast::{self, ExprKind};
use crate::source::Span;
use crate::typed::{self, Builtin, Const};

/// Builtins that a later version implements.
const LATER_BUILTINS: [&str; 7] = ["push", "pop", "sorted", "range", "input", "int", "float"];

/// True for every builtin function name of §15 (they are shadowable, not reserved).
pub(super) fn is_builtin(name: &str) -> bool {
    matches!(name, "typeof" | "istype" | "assert_eq" | "len") || LATER_BUILTINS.contains(&name)
}

impl<'a> Checker<'a> {
    /// `callee(args)`.
    pub(super) fn call(
        &mut self,
        b: &mut Body,
        callee: &ast::Expr,
        args: &[ast::Expr],
        span: Span,
    ) -> Checked {
        let ExprKind::Name(name) = &callee.kind else {
            self.check_args(b, args);
            let what = match callee.kind {
                ExprKind::Field { .. } => "method calls and module members",
                _ => "function values",
            };
            self.report(errors::unsupported(callee.span, what));
            return self.error_node(span);
        };
        match self.resolve(b, name) {
            Resolved::Var(var) => {
                self.check_args(b, args);
                let (ty, _, _) = self.var_info(b, var);
                let found = self.subst.resolve(&ty);
                if found != Type::Error {
                    self.report(errors::mismatch(callee.span, found.name(), "function"));
                }
                return self.error_node(span);
            }
            Resolved::Captured => {
                self.check_args(b, args);
                self.capture(name, callee.span);
                return self.error_node(span);
            }
            Resolved::Fn(f) => return self.user_call(b, f, name, args, span),
            Resolved::Missing => {}
        }
        match name.as_str() {
            "typeof" => self.type_of(b, args, span),
            "istype" => self.is_type(b, args, span),
            "assert_eq" => self.assert_eq(b, args, span),
            "len" => self.len(b, args, span),
            _ if LATER_BUILTINS.contains(&name.as_str()) => {
                self.check_args(b, args);
                let what = format!("the builtin `{name}` calls");
                self.report(errors::unsupported(callee.span, &what));
                self.error_node(span)
            }
            _ => {
                self.check_args(b, args);
                self.report(errors::undefined(callee.span, name));
                self.error_node(span)
            }
        }
    }

    /// Checks arguments only for their own errors.
    fn check_args(&mut self, b: &mut Body, args: &[ast::Expr]) {
        for arg in args {
            self.value(b, arg);
        }
    }

    /// Reports a wrong argument count; true when the count is right.
    fn arity_ok(
        &mut self,
        b: &mut Body,
        name: &str,
        expected: usize,
        args: &[ast::Expr],
        span: Span,
    ) -> bool {
        if args.len() == expected {
            return true;
        }
        self.check_args(b, args);
        self.report(errors::arity(span, name, expected, args.len()));
        false
    }

    fn user_call(
        &mut self,
        b: &mut Body,
        f: usize,
        name: &str,
        args: &[ast::Expr],
        span: Span,
    ) -> Checked {
        let (params, ret) = self.signature(f);
        if !self.arity_ok(b, name, params.len(), args, span) {
            return self.error_node(span);
        }
        // Non-literal arguments first, so literal arguments adapt to what they fixed.
        let mut checked: Vec<Option<Checked>> = args.iter().map(|_| None).collect();
        for literal_pass in [false, true] {
            for (i, (arg, param)) in args.iter().zip(&params).enumerate() {
                if is_adaptable(arg) == literal_pass {
                    checked[i] = Some(self.expect(b, arg, param));
                }
            }
        }
        let args: Vec<typed::Expr> = checked.into_iter().flatten().map(|c| c.expr).collect();
        if !self.building {
            return self.node(typed::ExprKind::Const(Const::Bool(false)), &ret, span);
        }
        let param_tys = params.iter().map(|p| self.concrete(p)).collect();
        let ret_ty = self.concrete(&ret);
        let id = self.instance(f, param_tys, ret_ty, span);
        self.node(typed::ExprKind::Call(id, args), &ret, span)
    }

    /// `typeof(v)`: the label of `v`'s static type, folded to a string constant. The
    /// argument is not evaluated (its type alone decides the label).
    fn type_of(&mut self, b: &mut Body, args: &[ast::Expr], span: Span) -> Checked {
        if !self.arity_ok(b, "typeof", 1, args, span) {
            return self.error_node(span);
        }
        let value = self.value(b, &args[0]);
        let label = self.subst.resolve(&value.ty).name().as_bytes().to_vec();
        self.node(typed::ExprKind::Const(Const::Str(label)), &Type::Str, span)
    }

    /// `istype(v, name)`: folded to a constant when `name` is a literal, else a comparison of
    /// the static label with `name`.
    fn is_type(&mut self, b: &mut Body, args: &[ast::Expr], span: Span) -> Checked {
        if !self.arity_ok(b, "istype", 2, args, span) {
            return self.error_node(span);
        }
        let value = self.value(b, &args[0]);
        let label = self.subst.resolve(&value.ty).name().as_bytes().to_vec();
        let name = self.expect(b, &args[1], &Type::Str);
        if let ExprKind::Str(text) = &args[1].kind {
            let answer = Const::Bool(*text == label);
            return self.node(typed::ExprKind::Const(answer), &Type::Bool, span);
        }
        let label = self.node(
            typed::ExprKind::Const(Const::Str(label)),
            &Type::Str,
            args[0].span,
        );
        let kind =
            typed::ExprKind::Binary(typed::BinOp::Eq, Box::new(label.expr), Box::new(name.expr));
        self.node(kind, &Type::Bool, span)
    }

    /// `len(s)` on a string: its length in bytes as an `i32`. An argument whose type is still
    /// open (an unannotated parameter) is accepted here and checked at each instance; arrays
    /// are a later version's.
    fn len(&mut self, b: &mut Body, args: &[ast::Expr], span: Span) -> Checked {
        if !self.arity_ok(b, "len", 1, args, span) {
            return self.error_node(span);
        }
        let value = self.value(b, &args[0]);
        match self.subst.resolve(&value.ty) {
            Type::Str | Type::Var(_) => {
                let kind = typed::ExprKind::Builtin(Builtin::StrLen, vec![value.expr]);
                self.node(kind, &Type::I32, span)
            }
            Type::Error => self.error_node(span),
            found => {
                self.report(errors::mismatch(args[0].span, found.name(), "string"));
                self.error_node(span)
            }
        }
    }

    /// `assert_eq(label, actual, expected)`: any two values, no literal adaptation.
    fn assert_eq(&mut self, b: &mut Body, args: &[ast::Expr], span: Span) -> Checked {
        if !self.arity_ok(b, "assert_eq", 3, args, span) {
            return self.error_node(span);
        }
        let label = self.expect(b, &args[0], &Type::Str);
        let actual = self.value(b, &args[1]);
        let expected = self.value(b, &args[2]);
        let kind = typed::ExprKind::Builtin(
            Builtin::AssertEq,
            vec![label.expr, actual.expr, expected.expr],
        );
        self.node(kind, &Type::Bool, span)
    }
}
