//! `match` (§9.10, §9.11), desugared by the checker (docs/HEAP.md §1): the subject is
//! evaluated once into a temporary local, arms become an `If` chain (statement form) or a
//! `Cond` chain inside an `ExprKind::Block` (expression form) over `EnumTag` comparisons or
//! `==`, and payload bindings become fresh immutable locals assigned from `EnumPayload`.
//! Exhaustiveness, duplicate arms and arms after `_` are reported here.

use super::enums;
use super::expr::{is_adaptable, Checked};
use super::scope::{Body, LocalVar, ScopeKind};
use super::types::Type;
use super::Checker;
use crate::ast::{self, ExprKind, Pattern};
use crate::diagnostics::{codes, Diagnostic};
use crate::source::Span;
use crate::typed::{self, BinOp, Const, LocalId};
use std::collections::HashMap;

/// The name of the temporary holding a match subject (not a valid identifier, so no
/// program can refer to it).
const SUBJECT: &str = "$match";

/// What an arm tests, after its pattern was checked.
enum Test {
    /// `_`, or an arm that is known to match when reached.
    Always,
    /// The subject's variant is `variant`; `bindings` are `(payload index, binding name,
    /// its span)` for every non-`_` binding.
    Variant {
        enum_id: u32,
        variant: u32,
        bindings: Vec<(u32, String, Span)>,
    },
    /// `subject == value`.
    Equals(typed::Expr),
    /// The pattern was wrong (already reported): never matches; its binding names are
    /// still declared (with the error type) so the arm body reports no cascade.
    Invalid(Vec<(String, Span)>),
}

/// A literal pattern's value, for duplicate detection (`0` and `0.0` are the same).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum LiteralKey {
    /// An integral number (any integer literal, or a float with an integral value).
    Int(i128),
    /// A non-integral float, by its bits.
    Float(u64),
    /// A string.
    Str(Vec<u8>),
    /// A bool.
    Bool(bool),
}

/// The duplicate-detection key of a literal pattern; `None` for other expressions.
pub(super) fn literal_key(e: &ast::Expr) -> Option<LiteralKey> {
    Some(match &e.kind {
        ExprKind::Int {
            value,
            negative,
            hex: _,
            suffix: _,
        } => {
            let v = i128::from(*value);
            LiteralKey::Int(if *negative { -v } else { v })
        }
        ExprKind::Float { value, .. } => {
            if value.fract() == 0.0 && value.abs() < 1e30 {
                LiteralKey::Int(*value as i128)
            } else {
                LiteralKey::Float(value.to_bits())
            }
        }
        ExprKind::Str(bytes) => LiteralKey::Str(bytes.clone()),
        ExprKind::Bool(v) => LiteralKey::Bool(*v),
        ExprKind::Paren(inner) => return literal_key(inner),
        _ => return None,
    })
}

/// `Match on E is missing variant: V` (E1410).
fn missing_variant(span: Span, enum_name: &str, variant: &str) -> Diagnostic {
    Diagnostic::new(
        codes::NON_EXHAUSTIVE,
        span,
        format!("Match on {enum_name} is missing variant: {variant}"),
    )
    .with_help(format!(
        "Add an arm `{enum_name}.{variant} -> …`, or a `_ -> …` arm for the remaining cases."
    ))
}

/// `<Enum>.<Variant> arm appears more than once` (E1411).
fn duplicate_variant(span: Span, enum_name: &str, variant: &str, first: Span) -> Diagnostic {
    Diagnostic::new(
        codes::DUPLICATE_ARM,
        span,
        format!("{enum_name}.{variant} arm appears more than once"),
    )
    .with_label(first, "first handled here")
}

/// `Literal pattern <literal> appears more than once` (E1411).
fn duplicate_literal(span: Span, literal: &str, first: Span) -> Diagnostic {
    Diagnostic::new(
        codes::DUPLICATE_ARM,
        span,
        format!("Literal pattern {literal} appears more than once"),
    )
    .with_label(first, "first handled here")
}

/// An arm after a `_` arm (E1411, decided for orusc).
fn arm_after_wildcard(span: Span, wildcard: Span) -> Diagnostic {
    Diagnostic::new(
        codes::DUPLICATE_ARM,
        span,
        "This arm can never run: an earlier `_` arm matches everything",
    )
    .with_label(wildcard, "the `_` arm")
    .with_help("Move the `_` arm to the end of the match.")
}

/// A match expression on a non-enum subject without `_` (E1410).
fn needs_wildcard(span: Span, ty: &str) -> Diagnostic {
    Diagnostic::new(
        codes::NON_EXHAUSTIVE,
        span,
        format!(
            "Match expression on {} `{ty}` value needs a `_` arm",
            super::errors::article(ty)
        ),
    )
    .with_help("A match expression must produce a value for every subject; add `_ -> …`.")
}

/// A variant pattern whose binding count differs from the payload field count (E2009).
fn binding_count(span: Span, path: &str, expected: usize, found: usize) -> Diagnostic {
    let plural = |n: usize| if n == 1 { "binding" } else { "bindings" };
    Diagnostic::new(
        codes::ARITY,
        span,
        format!(
            "Pattern {path} needs {expected} {} but has {found} {}",
            plural(expected),
            plural(found)
        ),
    )
    .with_help("Write one name or `_` per payload field.")
}

impl<'a> Checker<'a> {
    /// A `match` statement: a block holding the subject temporary and the `If` chain.
    pub(super) fn match_stmt(
        &mut self,
        b: &mut Body,
        subject: &ast::Expr,
        arms: &'a [ast::MatchArm<ast::Block>],
        span: Span,
    ) -> typed::StmtKind {
        b.push_scope(ScopeKind::Block);
        let (init, tmp, subject_ty) = self.match_subject(b, subject);
        let patterns: Vec<&Pattern> = arms.iter().map(|arm| &arm.pattern).collect();
        let analysis = self.analyse_arms(b, tmp, &subject_ty, &patterns);
        let mut checked = Vec::new();
        for (arm, test) in arms.iter().zip(analysis.tests) {
            b.push_scope(ScopeKind::Block);
            let locals = self.declare_bindings(b, &test);
            let mut body = self.stmts(b, &arm.body.stmts, false);
            b.pop_scope();
            let mut stmts = self.binding_stmts(b, tmp, &test, &locals, arm.pattern.span());
            stmts.append(&mut body);
            checked.push((test, stmts, arm.span));
        }
        let complete = self.exhaustiveness(&analysis.summary, false, subject, span);
        // An enum match covering every variant needs no test on its last arm.
        let mut last_is_sure = complete && analysis.summary.enum_id.is_some();
        b.pop_scope();
        let mut otherwise: Vec<typed::Stmt> = Vec::new();
        for (test, stmts, arm_span) in checked.into_iter().rev() {
            let sure = std::mem::replace(&mut last_is_sure, false);
            otherwise = match test {
                Test::Always => stmts,
                Test::Variant { .. } if sure => stmts,
                Test::Invalid(_) => otherwise,
                test => {
                    let cond = self.test_expr(b, tmp, test, arm_span);
                    vec![typed::Stmt {
                        kind: typed::StmtKind::If {
                            cond,
                            then: stmts,
                            otherwise,
                        },
                        span: arm_span,
                    }]
                }
            };
        }
        let mut out = vec![init];
        out.append(&mut otherwise);
        typed::StmtKind::Block(out)
    }

    /// A `match` expression: `Block([subject temporary], Cond chain)`.
    pub(super) fn match_expr(
        &mut self,
        b: &mut Body,
        subject: &ast::Expr,
        arms: &[ast::MatchArm<ast::Expr>],
        expected: Option<&Type>,
        span: Span,
    ) -> Checked {
        b.push_scope(ScopeKind::Block);
        let (init, tmp, subject_ty) = self.match_subject(b, subject);
        let patterns: Vec<&Pattern> = arms.iter().map(|arm| &arm.pattern).collect();
        let analysis = self.analyse_arms(b, tmp, &subject_ty, &patterns);
        let result = match expected {
            Some(ty) => ty.clone(),
            None => self.subst.fresh(),
        };
        let mut locals = Vec::new();
        let mut bodies: Vec<Option<Checked>> = arms.iter().map(|_| None).collect();
        // Non-literal arm values first, so literal ones adapt to the type they fixed.
        for literal_pass in [false, true] {
            for (i, (arm, test)) in arms.iter().zip(&analysis.tests).enumerate() {
                if is_adaptable(&arm.body) != literal_pass {
                    continue;
                }
                b.push_scope(ScopeKind::Block);
                let declared = self.declare_bindings(b, test);
                bodies[i] = Some(self.expect(b, &arm.body, &result));
                b.pop_scope();
                locals.push((i, declared));
            }
        }
        locals.sort_by_key(|(i, _)| *i);
        let complete = self.exhaustiveness(&analysis.summary, true, subject, span);
        b.pop_scope();
        let result_ty = self.subst.resolve(&result);
        if !complete || result_ty == Type::Error {
            return self.error_node(span);
        }
        let mut value: Option<typed::Expr> = None;
        let entries = arms
            .iter()
            .zip(analysis.tests)
            .zip(bodies)
            .zip(locals)
            .collect::<Vec<_>>();
        for (((arm, test), body), (_, declared)) in entries.into_iter().rev() {
            let Some(body) = body else { continue };
            let binds = self.binding_stmts(b, tmp, &test, &declared, arm.pattern.span());
            let arm_value = if binds.is_empty() {
                body.expr
            } else {
                let ty = body.expr.ty.clone();
                typed::Expr {
                    kind: typed::ExprKind::Block(binds, Box::new(body.expr)),
                    ty,
                    span: arm.body.span,
                }
            };
            value = Some(match (test, value) {
                (Test::Invalid(_), rest) => match rest {
                    Some(rest) => rest,
                    None => arm_value,
                },
                (Test::Always, _) | (_, None) => arm_value,
                (test, Some(rest)) => {
                    let cond = self.test_expr(b, tmp, test, arm.span);
                    let ty = arm_value.ty.clone();
                    typed::Expr {
                        kind: typed::ExprKind::Cond {
                            cond: Box::new(cond),
                            then: Box::new(arm_value),
                            otherwise: Box::new(rest),
                        },
                        ty,
                        span: arm.span,
                    }
                }
            });
        }
        let Some(value) = value else {
            return self.error_node(span);
        };
        self.node(
            typed::ExprKind::Block(vec![init], Box::new(value)),
            &result,
            span,
        )
    }

    /// Checks the subject and stores it in a fresh temporary of the innermost scope.
    fn match_subject(&mut self, b: &mut Body, subject: &ast::Expr) -> (typed::Stmt, LocalId, Type) {
        let value = self.value(b, subject);
        let ty = value.ty.clone();
        let tmp = b.declare(
            LocalVar {
                name: SUBJECT.to_string(),
                ty: ty.clone(),
                mutable: false,
                needs_init_check: false,
                span: subject.span,
            },
            None,
        );
        let assign = self.node(
            typed::ExprKind::AssignLocal(tmp, Box::new(value.expr)),
            &ty,
            subject.span,
        );
        let init = typed::Stmt {
            kind: typed::StmtKind::Expr(assign.expr),
            span: subject.span,
        };
        (init, tmp, ty)
    }

    /// Checks every pattern: enum and variant names, binding counts, duplicates, arms after
    /// `_`; expression patterns are checked against the subject's type.
    fn analyse_arms(
        &mut self,
        b: &mut Body,
        tmp: LocalId,
        subject_ty: &Type,
        patterns: &[&Pattern],
    ) -> Analysis {
        let mut summary = Summary {
            wildcard: None,
            enum_id: None,
            variants: Vec::new(),
            bools: [false; 2],
            subject: Type::Error,
        };
        let mut tests = Vec::new();
        let mut seen_variants: HashMap<(u32, u32), Span> = HashMap::new();
        let mut seen_literals: HashMap<LiteralKey, Span> = HashMap::new();
        for pattern in patterns {
            if let Some(wildcard) = summary.wildcard {
                self.report(arm_after_wildcard(pattern.span(), wildcard));
            }
            let test = match pattern {
                Pattern::Wildcard(span) => {
                    if summary.wildcard.is_none() {
                        summary.wildcard = Some(*span);
                    }
                    Test::Always
                }
                Pattern::Variant {
                    path,
                    bindings,
                    span,
                } => self.variant_pattern(
                    subject_ty,
                    path,
                    bindings.as_deref(),
                    *span,
                    &mut seen_variants,
                    &mut summary,
                ),
                Pattern::Expr(e) => {
                    if let Some(key) = literal_key(e) {
                        if let Some(first) = seen_literals.get(&key) {
                            let text =
                                self.sources.file(e.span.file).text[e.span.range()].to_string();
                            self.report(duplicate_literal(e.span, &text, *first));
                        } else {
                            if let LiteralKey::Bool(v) = key {
                                summary.bools[usize::from(v)] = true;
                            }
                            seen_literals.insert(key, e.span);
                        }
                    }
                    let value = self.expect(b, e, subject_ty);
                    if let Type::Func(..) = self.subst.resolve(subject_ty) {
                        self.report(super::errors::compare_functions(e.span));
                        Test::Invalid(Vec::new())
                    } else if self.subst.resolve(&value.ty) == Type::Error {
                        Test::Invalid(Vec::new())
                    } else {
                        Test::Equals(value.expr)
                    }
                }
            };
            tests.push(test);
        }
        let _ = tmp;
        summary.subject = self.subst.resolve(subject_ty);
        Analysis { tests, summary }
    }

    /// Checks `Enum.Variant(bindings)` against the subject.
    fn variant_pattern(
        &mut self,
        subject_ty: &Type,
        path: &[ast::Ident],
        bindings: Option<&[ast::Ident]>,
        span: Span,
        seen: &mut HashMap<(u32, u32), Span>,
        summary: &mut Summary,
    ) -> Test {
        let names: Vec<(String, Span)> = bindings
            .unwrap_or_default()
            .iter()
            .filter(|ident| ident.name != "_")
            .map(|ident| (ident.name.clone(), ident.span))
            .collect();
        let [enum_name, variant_name] = path else {
            self.report(super::errors::unsupported(
                span,
                "modules (qualified patterns)",
            ));
            return Test::Invalid(names);
        };
        let Some(enum_id) = self.enum_named(&enum_name.name) else {
            self.report(super::errors::undefined(enum_name.span, &enum_name.name));
            return Test::Invalid(names);
        };
        let expected = Type::Enum(enum_id);
        if !self.subst.unify(subject_ty, &expected) {
            let found = self.show(subject_ty);
            let wanted = self.show(&expected);
            self.report(
                super::errors::mismatch(span, &wanted, &found).with_note(format!(
                    "The pattern is {} `{wanted}` variant, but the matched value is {} `{found}`.",
                    super::errors::article(&wanted),
                    super::errors::article(&found)
                )),
            );
            return Test::Invalid(names);
        }
        let Some(variant) = self.variant_named(enum_id, &variant_name.name) else {
            self.report(enums::unknown_variant(
                variant_name.span,
                &self.enum_display(enum_id),
                &variant_name.name,
            ));
            return Test::Invalid(names);
        };
        summary.enum_id = Some(enum_id);
        if let Some(first) = seen.get(&(enum_id, variant)) {
            let enum_display = self.enum_display(enum_id);
            self.report(duplicate_variant(
                span,
                &enum_display,
                &variant_name.name,
                *first,
            ));
            return Test::Invalid(names);
        }
        seen.insert((enum_id, variant), span);
        summary.variants.push(variant);
        let fields = self.variant_payload(enum_id, variant).len();
        let written = bindings.map_or(0, <[ast::Ident]>::len);
        if fields != written {
            let text = format!("{}.{}", self.enum_display(enum_id), variant_name.name);
            self.report(binding_count(span, &text, fields, written));
            return Test::Invalid(names);
        }
        let bindings = bindings
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter(|(_, ident)| ident.name != "_")
            .map(|(i, ident)| (i as u32, ident.name.clone(), ident.span))
            .collect();
        Test::Variant {
            enum_id,
            variant,
            bindings,
        }
    }

    /// Reports missing variants and, for an expression match, a missing `_`; true when the
    /// match covers every subject.
    fn exhaustiveness(
        &mut self,
        summary: &Summary,
        expression: bool,
        subject: &ast::Expr,
        span: Span,
    ) -> bool {
        if summary.wildcard.is_some() {
            return true;
        }
        if let Some(enum_id) = summary.enum_id {
            let name = self.enum_display(enum_id);
            let mut complete = true;
            for (v, variant) in self.variant_names(enum_id).into_iter().enumerate() {
                if !summary.variants.contains(&(v as u32)) {
                    self.report(missing_variant(subject.span, &name, &variant));
                    complete = false;
                }
            }
            return complete;
        }
        if !expression {
            return true;
        }
        match &summary.subject {
            Type::Error => false,
            Type::Bool if summary.bools == [true, true] => true,
            ty => {
                let shown = self.show(ty);
                self.report(needs_wildcard(span, &shown));
                false
            }
        }
    }

    /// Declares the binding locals of an arm in the innermost scope (types: the payload
    /// types; a fresh variable for a generic payload, or the one type every construction
    /// of that payload used).
    fn declare_bindings(&mut self, b: &mut Body, test: &Test) -> Vec<LocalId> {
        if let Test::Invalid(names) = test {
            for (name, span) in names {
                b.declare(
                    LocalVar {
                        name: name.clone(),
                        ty: Type::Error,
                        mutable: false,
                        needs_init_check: false,
                        span: *span,
                    },
                    None,
                );
            }
            return Vec::new();
        }
        let Test::Variant {
            enum_id,
            variant,
            bindings,
        } = test
        else {
            return Vec::new();
        };
        let payload = self.variant_payload(*enum_id, *variant);
        let mut locals = Vec::new();
        for (index, name, span) in bindings {
            let ty = match &payload[*index as usize] {
                Some(ty) => ty.clone(),
                None => match self.payload_hint(*enum_id, *variant, *index) {
                    Some(ty) => ty,
                    None => self.subst.fresh(),
                },
            };
            if b.in_innermost(name).is_some() {
                let first = b.local(b.in_innermost(name).unwrap_or(LocalId(0))).span;
                let line = self.line(first);
                self.report(super::errors::redefined_variable(*span, name, line, first));
            }
            locals.push(b.declare(
                LocalVar {
                    name: name.clone(),
                    ty,
                    mutable: false,
                    needs_init_check: false,
                    span: *span,
                },
                None,
            ));
        }
        locals
    }

    /// The assignments of an arm's bindings from the subject's payload.
    fn binding_stmts(
        &mut self,
        b: &Body,
        tmp: LocalId,
        test: &Test,
        locals: &[LocalId],
        span: Span,
    ) -> Vec<typed::Stmt> {
        let Test::Variant {
            enum_id,
            variant,
            bindings,
        } = test
        else {
            return Vec::new();
        };
        let payload = self.variant_payload(*enum_id, *variant);
        let subject_ty = b.local(tmp).ty.clone();
        let mut out = Vec::new();
        for ((index, _, binding_span), local) in bindings.iter().zip(locals) {
            let ty = b.local(*local).ty.clone();
            let subject = self.node(typed::ExprKind::Local(tmp), &subject_ty, span);
            let payload_value = self.node(
                typed::ExprKind::EnumPayload {
                    value: Box::new(subject.expr),
                    index: *index,
                    checked: payload[*index as usize].is_none(),
                },
                &ty,
                *binding_span,
            );
            let assign = self.node(
                typed::ExprKind::AssignLocal(*local, Box::new(payload_value.expr)),
                &ty,
                *binding_span,
            );
            out.push(typed::Stmt {
                kind: typed::StmtKind::Expr(assign.expr),
                span: *binding_span,
            });
        }
        out
    }

    /// The `bool` condition of a conditional arm.
    fn test_expr(&mut self, b: &Body, tmp: LocalId, test: Test, span: Span) -> typed::Expr {
        let subject_ty = b.local(tmp).ty.clone();
        let subject = self
            .node(typed::ExprKind::Local(tmp), &subject_ty, span)
            .expr;
        let (lhs, rhs) = match test {
            Test::Variant { variant, .. } => {
                let tag = self.node(
                    typed::ExprKind::EnumTag(Box::new(subject)),
                    &Type::I32,
                    span,
                );
                let number = self.node(
                    typed::ExprKind::Const(Const::I32(variant as i32)),
                    &Type::I32,
                    span,
                );
                (tag.expr, number.expr)
            }
            Test::Equals(value) => (subject, value),
            Test::Always | Test::Invalid(_) => {
                let constant = matches!(test, Test::Always);
                return self
                    .node(
                        typed::ExprKind::Const(Const::Bool(constant)),
                        &Type::Bool,
                        span,
                    )
                    .expr;
            }
        };
        self.node(
            typed::ExprKind::Binary(BinOp::Eq, Box::new(lhs), Box::new(rhs)),
            &Type::Bool,
            span,
        )
        .expr
    }
}

/// What the patterns of a match cover.
struct Summary {
    /// The first `_` arm.
    wildcard: Option<Span>,
    /// The enum of the enum patterns.
    enum_id: Option<u32>,
    /// Variants with an arm.
    variants: Vec<u32>,
    /// `false` and `true` literal arms.
    bools: [bool; 2],
    /// The subject's type after the patterns were checked.
    subject: Type,
}

/// The checked patterns of a match.
struct Analysis {
    tests: Vec<Test>,
    summary: Summary,
}

impl Pattern {
    /// The pattern's source span.
    pub(crate) fn span(&self) -> Span {
        match self {
            Pattern::Wildcard(span) | Pattern::Variant { span, .. } => *span,
            Pattern::Expr(e) => e.span,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(value: u64, negative: bool) -> ast::Expr {
        ast::Expr {
            kind: ExprKind::Int {
                value,
                negative,
                hex: false,
                suffix: None,
            },
            span: Span::default(),
        }
    }

    #[test]
    fn zero_and_zero_point_zero_clash() {
        let float = ast::Expr {
            kind: ExprKind::Float {
                value: 0.0,
                suffix: None,
            },
            span: Span::default(),
        };
        assert_eq!(literal_key(&int(0, false)), literal_key(&float));
        assert_ne!(literal_key(&int(1, true)), literal_key(&int(1, false)));
    }
}
