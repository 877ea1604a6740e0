//! Numeric literal expressions: folding a unary minus in and the context-free suffix checks
//! of §2.5 (`300u32` is fine; `4294967296u32`, `-1u32` and `3.5i32` are not).

use super::{PResult, Parser};
use crate::ast::{Expr, ExprKind, NumSuffix};
use crate::diagnostics::{codes, Diagnostic};
use crate::lexer::TokenKind;
use crate::source::Span;

const I32_MAX: u64 = i32::MAX as u64;
const I64_MAX: u64 = i64::MAX as u64;
const U32_MAX: u64 = u32::MAX as u64;

impl Parser {
    /// The numeric literal at the cursor; `minus` is the span of a folded unary `-`.
    pub(super) fn number(&mut self, minus: Option<Span>) -> PResult<Expr> {
        let token = self.bump();
        let negative = minus.is_some();
        let span = minus.map_or(token.span, |m| m.to(token.span));
        let (kind, suffix_ok) = match token.kind {
            TokenKind::Int { value, hex, suffix } => (
                ExprKind::Int {
                    value,
                    negative,
                    hex,
                    suffix,
                },
                suffix.is_none_or(|s| int_fits(value, negative, hex, s)),
            ),
            TokenKind::Float { value, suffix } => {
                let value = if negative { -value } else { value };
                (
                    ExprKind::Float { value, suffix },
                    suffix.is_none_or(|s| float_fits(value, s)),
                )
            }
            _ => return Err(self.error_here("Expected a number")),
        };
        if !suffix_ok {
            let written = match &kind {
                ExprKind::Int {
                    suffix: Some(s), ..
                }
                | ExprKind::Float {
                    suffix: Some(s), ..
                } => suffix_text(*s),
                _ => "",
            };
            let diag = Diagnostic::new(
                codes::BAD_SYNTAX,
                span,
                format!("invalid numeric literal suffix '{written}'"),
            )
            .with_note(format!(
                "This value cannot be represented in the type `{written}`."
            ));
            self.report(diag);
        }
        Ok(Expr { kind, span })
    }
}

/// How a suffix is written.
fn suffix_text(suffix: NumSuffix) -> &'static str {
    match suffix {
        NumSuffix::I32 => "i32",
        NumSuffix::I64 => "i64",
        NumSuffix::U32 => "u32",
        NumSuffix::U64 => "u64",
        NumSuffix::F64 => "f64",
    }
}

/// Whether an integer literal fits its suffix. Hex literals of signed types may be bit
/// patterns (`0xFFFFFFFFi32` is `-1`).
fn int_fits(value: u64, negative: bool, hex: bool, suffix: NumSuffix) -> bool {
    let negative = negative && value != 0;
    match suffix {
        NumSuffix::I32 if hex => value <= U32_MAX,
        NumSuffix::I32 => value <= I32_MAX + u64::from(negative),
        NumSuffix::I64 if hex => true,
        NumSuffix::I64 => value <= I64_MAX + u64::from(negative),
        NumSuffix::U32 => !negative && value <= U32_MAX,
        NumSuffix::U64 => !negative,
        NumSuffix::F64 => true,
    }
}

/// Whether a float literal converts exactly to its suffix's type.
fn float_fits(value: f64, suffix: NumSuffix) -> bool {
    let integral = value.fract() == 0.0;
    match suffix {
        NumSuffix::F64 => true,
        NumSuffix::I32 => integral && value >= -(2f64.powi(31)) && value < 2f64.powi(31),
        NumSuffix::I64 => integral && value >= -(2f64.powi(63)) && value < 2f64.powi(63),
        NumSuffix::U32 => integral && value >= 0.0 && value < 2f64.powi(32),
        NumSuffix::U64 => integral && value >= 0.0 && value < 2f64.powi(64),
    }
}
