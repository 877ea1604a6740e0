//! Calls: user functions (arity, argument adaptation, instances) and the builtins of §15
//! that this version supports (`typeof`, `istype`, `assert_eq`, `len` of a string).

use super::errors;
use super::expr::{Checked, Resolved};
use super::scope::Body;
use super::types::Type;
use super::Checker;
use crate::ast::{self, ExprKind};
use crate::source::Span;
use crate::typed::{self, Builtin, Const};

/// True for every builtin function name of §15 (they are shadowable, not reserved).
pub(super) fn is_builtin(name: &str) -> bool {
    matches!(
        name,
        "typeof"
            | "istype"
            | "assert_eq"
            | "len"
            | "push"
            | "pop"
            | "sorted"
            | "range"
            | "input"
            | "int"
            | "float"
    )
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
        let name = match &callee.kind {
            ExprKind::Name(name) => name,
            ExprKind::Field { base, name } => return self.method_call(b, base, name, args, span),
            _ => {
                let function = self.value(b, callee);
                return self.call_value(b, function, "function", args, callee.span, span);
            }
        };
        match self.resolve(b, name) {
            Resolved::Var(var) => {
                let function = self.read_var(b, var, callee.span);
                return self.call_value(b, function, name, args, callee.span, span);
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
            "push" => self.push(b, args, span),
            "pop" | "sorted" => self.pop_or_sorted(b, name == "pop", args, span),
            "range" => self.range(b, args, span),
            "input" => self.input(b, args, span),
            "int" | "float" => self.convert(b, name == "int", args, span),
            _ => {
                self.check_args(b, args);
                self.report(errors::undefined(callee.span, name));
                self.error_node(span)
            }
        }
    }

    /// Checks arguments only for their own errors.
    pub(super) fn check_args(&mut self, b: &mut Body, args: &[ast::Expr]) {
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
        self.call_with_receiver(b, f, name, None, args, span)
    }

    /// A call of function `f`; for an instance method `receiver` is the checked `self`
    /// argument, which does not count in the arity.
    pub(super) fn call_with_receiver(
        &mut self,
        b: &mut Body,
        f: usize,
        name: &str,
        receiver: Option<Checked>,
        args: &[ast::Expr],
        span: Span,
    ) -> Checked {
        let (all_params, ret) = self.signature(f);
        let mut params = all_params.clone();
        let mut typed_args = Vec::new();
        if let Some(receiver) = receiver {
            if params.is_empty() {
                self.check_args(b, args);
                return self.error_node(span);
            }
            let first = params.remove(0);
            self.subst.unify(&first, &receiver.ty);
            typed_args.push(receiver.expr);
        }
        if !self.arity_ok(b, name, params.len(), args, span) {
            return self.error_node(span);
        }
        // Non-literal arguments first, so literal arguments adapt to what they fixed.
        let mut checked: Vec<Option<Checked>> = args.iter().map(|_| None).collect();
        for pass in 0..3 {
            for (i, (arg, param)) in args.iter().zip(&params).enumerate() {
                if super::closures::arg_pass(self, b, arg) == pass {
                    checked[i] = Some(self.expect(b, arg, param));
                }
            }
        }
        typed_args.extend(checked.into_iter().flatten().map(|c| c.expr));
        if !self.building {
            return self.node(typed::ExprKind::Const(Const::Bool(false)), &ret, span);
        }
        let param_tys = all_params.iter().map(|p| self.concrete(p)).collect();
        let ret_ty = self.concrete(&ret);
        let id = self.instance(f, param_tys, ret_ty, span);
        self.node(typed::ExprKind::Call(id, typed_args), &ret, span)
    }

    /// The `typeof` label of a static type (§15); `None` for error values, whose label is
    /// computed at run time.
    pub(super) fn type_label(&self, ty: &Type) -> Option<String> {
        Some(match self.subst.resolve(ty) {
            Type::Array(_) => "array".to_string(),
            Type::Func(..) => "function".to_string(),
            Type::Range => "range_iterator".to_string(),
            Type::ErrorValue => return None,
            other @ (Type::Struct(_) | Type::Enum(_)) => self.show(&other),
            other => other.name().to_string(),
        })
    }

    /// `typeof(v)`: the label of `v`'s static type, folded to a string constant (the
    /// argument is not evaluated); for an error value, its run-time label.
    fn type_of(&mut self, b: &mut Body, args: &[ast::Expr], span: Span) -> Checked {
        if !self.arity_ok(b, "typeof", 1, args, span) {
            return self.error_node(span);
        }
        let value = self.value(b, &args[0]);
        match self.type_label(&value.ty) {
            Some(label) => self.node(
                typed::ExprKind::Const(Const::Str(label.into_bytes())),
                &Type::Str,
                span,
            ),
            None => self.node(
                typed::ExprKind::Builtin(Builtin::TypeofError, vec![value.expr]),
                &Type::Str,
                span,
            ),
        }
    }

    /// `istype(v, name)`: folded to a constant when `name` is a literal, else a comparison of
    /// the static label with `name`; for an error value, `typeof(v) == name` at run time.
    fn is_type(&mut self, b: &mut Body, args: &[ast::Expr], span: Span) -> Checked {
        if !self.arity_ok(b, "istype", 2, args, span) {
            return self.error_node(span);
        }
        let value = self.value(b, &args[0]);
        let name = self.expect(b, &args[1], &Type::Str);
        let label = match self.type_label(&value.ty) {
            Some(label) => {
                if let ExprKind::Str(text) = &args[1].kind {
                    let answer = Const::Bool(*text == label.as_bytes());
                    return self.node(typed::ExprKind::Const(answer), &Type::Bool, span);
                }
                self.node(
                    typed::ExprKind::Const(Const::Str(label.into_bytes())),
                    &Type::Str,
                    args[0].span,
                )
            }
            None => self.node(
                typed::ExprKind::Builtin(Builtin::TypeofError, vec![value.expr]),
                &Type::Str,
                args[0].span,
            ),
        };
        let kind =
            typed::ExprKind::Binary(typed::BinOp::Eq, Box::new(label.expr), Box::new(name.expr));
        self.node(kind, &Type::Bool, span)
    }

    /// `len(x)`: `ArrayLen` on an array, `StrLen` on a string, both `i32`. An argument whose
    /// type is still open (an unannotated parameter) is accepted here and checked at each
    /// instance.
    fn len(&mut self, b: &mut Body, args: &[ast::Expr], span: Span) -> Checked {
        if !self.arity_ok(b, "len", 1, args, span) {
            return self.error_node(span);
        }
        let value = self.value(b, &args[0]);
        let builtin = match self.subst.resolve(&value.ty) {
            Type::Str | Type::Var(_) => Builtin::StrLen,
            Type::Array(_) => Builtin::ArrayLen,
            Type::Error => return self.error_node(span),
            found => {
                let found = self.show(&found);
                self.report(errors::mismatch(args[0].span, &found, "array or string"));
                return self.error_node(span);
            }
        };
        let kind = typed::ExprKind::Builtin(builtin, vec![value.expr]);
        self.node(kind, &Type::I32, span)
    }

    /// The element type of an array argument of `push`/`pop`/`sorted` (an open type becomes
    /// an array); `None` after an error.
    fn array_arg(&mut self, arg: &Checked, span: Span) -> Option<Type> {
        match self.subst.resolve(&arg.ty) {
            Type::Array(elem) => Some(*elem),
            Type::Var(_) => {
                let elem = self.subst.fresh();
                self.subst
                    .unify(&arg.ty, &Type::Array(Box::new(elem.clone())));
                Some(elem)
            }
            Type::Error => None,
            found => {
                let found = self.show(&found);
                self.report(errors::mismatch(span, &found, "array"));
                None
            }
        }
    }

    /// `push(xs, v)`: `v` adapts to the element type; the result is the same array.
    fn push(&mut self, b: &mut Body, args: &[ast::Expr], span: Span) -> Checked {
        if !self.arity_ok(b, "push", 2, args, span) {
            return self.error_node(span);
        }
        let array = self.value(b, &args[0]);
        let Some(elem) = self.array_arg(&array, args[0].span) else {
            self.value(b, &args[1]);
            return self.error_node(span);
        };
        let value = self.expect(b, &args[1], &elem);
        let ty = Type::Array(Box::new(elem));
        let kind = typed::ExprKind::Builtin(Builtin::Push, vec![array.expr, value.expr]);
        self.node(kind, &ty, span)
    }

    /// `pop(xs)` → the element; `sorted(xs)` → a new array.
    fn pop_or_sorted(
        &mut self,
        b: &mut Body,
        pop: bool,
        args: &[ast::Expr],
        span: Span,
    ) -> Checked {
        let name = if pop { "pop" } else { "sorted" };
        if !self.arity_ok(b, name, 1, args, span) {
            return self.error_node(span);
        }
        let array = self.value(b, &args[0]);
        let Some(elem) = self.array_arg(&array, args[0].span) else {
            return self.error_node(span);
        };
        let (builtin, ty) = if pop {
            (Builtin::Pop, elem)
        } else {
            (Builtin::Sorted, Type::Array(Box::new(elem)))
        };
        let kind = typed::ExprKind::Builtin(builtin, vec![array.expr]);
        self.node(kind, &ty, span)
    }

    /// `range(stop)`, `range(start, stop)`, `range(start, stop, step)` (§15): three `i64`
    /// arguments after defaults and conversions; a non-integer argument compiles to
    /// `RangeInvalid`, which raises at run time.
    fn range(&mut self, b: &mut Body, args: &[ast::Expr], span: Span) -> Checked {
        if args.is_empty() || args.len() > 3 {
            self.check_args(b, args);
            self.report(errors::range_arity(span, args.len()));
            return self.error_node(span);
        }
        let mut converted = Vec::new();
        let mut invalid = false;
        for arg in args {
            let c = match self.adapt_literal(arg, &Type::I64) {
                Some(c) => c,
                None => self.value(b, arg),
            };
            let arg_span = arg.span;
            match self.subst.resolve(&c.ty) {
                Type::I64 => converted.push(c.expr),
                Type::I32 | Type::U32 | Type::Var(_) => converted.push(
                    self.node(
                        typed::ExprKind::Cast(Box::new(c.expr)),
                        &Type::I64,
                        arg_span,
                    )
                    .expr,
                ),
                Type::U64 => converted.push(
                    self.node(
                        typed::ExprKind::Builtin(Builtin::RangeArgU64, vec![c.expr]),
                        &Type::I64,
                        arg_span,
                    )
                    .expr,
                ),
                Type::Error => return self.error_node(span),
                _ => invalid = true,
            }
        }
        if invalid {
            let kind = typed::ExprKind::Builtin(Builtin::RangeInvalid, Vec::new());
            return self.node(kind, &Type::Range, span);
        }
        let constant = |value: i64| typed::Expr {
            kind: typed::ExprKind::Const(Const::I64(value)),
            ty: typed::Ty::I64,
            span,
        };
        let full = match converted.len() {
            1 => vec![constant(0), converted.remove(0), constant(1)],
            2 => {
                converted.push(constant(1));
                converted
            }
            _ => converted,
        };
        let kind = typed::ExprKind::Builtin(Builtin::Range, full);
        self.node(kind, &Type::Range, span)
    }

    /// `input()` / `input(prompt)`.
    fn input(&mut self, b: &mut Body, args: &[ast::Expr], span: Span) -> Checked {
        if args.len() > 1 {
            self.check_args(b, args);
            self.report(errors::arity(span, "input", 1, args.len()));
            return self.error_node(span);
        }
        let args = args
            .iter()
            .map(|a| self.expect(b, a, &Type::Str).expr)
            .collect();
        self.node(
            typed::ExprKind::Builtin(Builtin::Input, args),
            &Type::Str,
            span,
        )
    }

    /// `int(v)` → `i32`, `float(v)` → `f64`; any argument type compiles (bad ones raise at run
    /// time, §15).
    fn convert(&mut self, b: &mut Body, int: bool, args: &[ast::Expr], span: Span) -> Checked {
        let (name, builtin, ty) = if int {
            ("int", Builtin::Int, Type::I32)
        } else {
            ("float", Builtin::Float, Type::F64)
        };
        if !self.arity_ok(b, name, 1, args, span) {
            return self.error_node(span);
        }
        let value = self.value(b, &args[0]);
        self.node(
            typed::ExprKind::Builtin(builtin, vec![value.expr]),
            &ty,
            span,
        )
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
