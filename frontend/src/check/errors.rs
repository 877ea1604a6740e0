//! Builders for the checker's diagnostics, with the exact texts of LANGUAGE.md §18.3.

use super::types::Type;
use crate::diagnostics::{codes, Diagnostic};
use crate::source::Span;

/// Help line for operands or values of different types.
const CONVERT_HELP: &str =
    "Try converting one value to match the other's type, like `x as string` or `y as i32`.";
/// Note line for type mismatches.
const SEPARATE_NOTE: &str =
    "Orus keeps types separate to help prevent unexpected behavior and bugs.";

/// `a` or `an` before a type name as it is read aloud (`an i32`, `a u32`, `a f64`).
pub(crate) fn article(name: &str) -> &'static str {
    match name.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o') => "an",
        _ => "a",
    }
}

/// ``this is a `found`, but `expected` was expected`` at `span` (E2001).
pub(crate) fn mismatch(span: Span, found: &str, expected: &str) -> Diagnostic {
    Diagnostic::new(
        codes::TYPE_MISMATCH,
        span,
        format!(
            "this is {} `{found}`, but `{expected}` was expected",
            article(found)
        ),
    )
}

/// A mismatch between two values of different types, with the conversion help and note.
pub(crate) fn value_mismatch(span: Span, found: &Type, expected: &Type) -> Diagnostic {
    mismatch(span, found.name(), expected.name())
        .with_help(CONVERT_HELP)
        .with_note(SEPARATE_NOTE)
}

/// Two operands of one operator with different types: primary on `rhs`, label on `lhs`.
pub(crate) fn operand_mismatch(lhs: (Span, &Type), rhs: (Span, &Type)) -> Diagnostic {
    value_mismatch(rhs.0, rhs.1, lhs.1).with_label(lhs.0, this_is(lhs.1))
}

/// `this is an `i32`` for secondary labels.
pub(crate) fn this_is(ty: &Type) -> String {
    format!("this is {} `{}`", article(ty.name()), ty.name())
}

/// A literal that does not fit the type its context asks for.
pub(crate) fn literal_out_of_range_for(span: Span, ty: &Type) -> Diagnostic {
    Diagnostic::new(
        codes::TYPE_MISMATCH,
        span,
        format!("literal out of range for `{}`", ty.name()),
    )
}

/// An unsuffixed literal too large for `i64` outside a `u64` context.
pub(crate) fn literal_out_of_range(span: Span) -> Diagnostic {
    Diagnostic::new(codes::BAD_SYNTAX, span, "literal out of range")
}

/// A suffix that cannot represent the literal's value.
pub(crate) fn bad_suffix(span: Span, suffix: &str) -> Diagnostic {
    Diagnostic::new(
        codes::BAD_SYNTAX,
        span,
        format!("invalid numeric literal suffix '{suffix}'"),
    )
}

/// A construct owned by a later version of the compiler (`what` is a plural noun).
pub(crate) fn unsupported(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        codes::BAD_SYNTAX,
        span,
        format!("{what} are not supported by this version of orusc yet"),
    )
}

/// `Undefined variable 'x'. Variables must be declared before use.` (E1010).
pub(crate) fn undefined(span: Span, name: &str) -> Diagnostic {
    Diagnostic::new(
        codes::UNDEFINED,
        span,
        format!("Undefined variable '{name}'. Variables must be declared before use."),
    )
}

/// An unknown loop label in `break 'x` / `continue 'x` (E1010).
pub(crate) fn undefined_label(span: Span, name: &str) -> Diagnostic {
    Diagnostic::new(
        codes::UNDEFINED,
        span,
        format!("Undefined loop label '{name}'. Labels must name an enclosing loop."),
    )
}

/// `Cannot assign to immutable variable 'x'. Add 'mut' when declaring it.` (E1014).
pub(crate) fn immutable(span: Span, name: &str, declared: Span) -> Diagnostic {
    Diagnostic::new(
        codes::IMMUTABLE,
        span,
        format!("Cannot assign to immutable variable '{name}'. Add 'mut' when declaring it."),
    )
    .with_label(declared, format!("'{name}' is declared here"))
}

/// `Variable 'x' is already defined on line N` (E1011).
pub(crate) fn redefined_variable(span: Span, name: &str, line: usize, first: Span) -> Diagnostic {
    Diagnostic::new(
        codes::REDEFINED,
        span,
        format!("Variable '{name}' is already defined on line {line}"),
    )
    .with_label(first, "first defined here")
}

/// `Function 'f' is already defined on line N` (E1011).
pub(crate) fn redefined_function(span: Span, name: &str, line: usize, first: Span) -> Diagnostic {
    Diagnostic::new(
        codes::REDEFINED,
        span,
        format!("Function '{name}' is already defined on line {line}"),
    )
    .with_label(first, "first defined here")
}

/// Lowercase module constant (E1013).
pub(crate) fn bad_constant_name(span: Span, name: &str) -> Diagnostic {
    Diagnostic::new(
        codes::BAD_NAME,
        span,
        format!(
            "Invalid variable name '{name}': module constants must start with an uppercase letter"
        ),
    )
}

/// `Function 'f' expects 2 arguments but received 1 argument` (E2009).
pub(crate) fn arity(span: Span, name: &str, expected: usize, received: usize) -> Diagnostic {
    let plural = |n: usize| if n == 1 { "argument" } else { "arguments" };
    Diagnostic::new(
        codes::ARITY,
        span,
        format!(
            "Function '{name}' expects {expected} {} but received {received} {}",
            plural(expected),
            plural(received)
        ),
    )
}

/// An unknown type name in an annotation or cast (E2003).
pub(crate) fn unknown_type(span: Span, name: &str) -> Diagnostic {
    Diagnostic::new(
        codes::UNKNOWN_TYPE,
        span,
        format!(
            "this is {} `{name}`, but `valid type` was expected",
            article(name)
        ),
    )
}

/// `'break' can only be used inside a loop` (E1401) and the `continue` twin (E1402).
pub(crate) fn loop_control_outside(span: Span, keyword: &str) -> Diagnostic {
    let code = if keyword == "break" {
        codes::LOOP_CONTROL
    } else {
        codes::LOOP_CONTROL + 1
    };
    Diagnostic::new(
        code,
        span,
        format!("'{keyword}' can only be used inside a loop"),
    )
}

/// A `void` call result used as a value.
pub(crate) fn void_value(span: Span) -> Diagnostic {
    mismatch(span, "void", "value")
        .with_note("A function without a return value produces nothing that can be used.")
}

/// A cast the table of §6.1 forbids.
pub(crate) fn bad_cast(span: Span, from: &Type, to: &Type) -> Diagnostic {
    Diagnostic::new(
        codes::TYPE_MISMATCH,
        span,
        format!(
            "this is {} `{}`, which cannot be cast to `{}`",
            article(from.name()),
            from.name(),
            to.name()
        ),
    )
    .with_help("Text is converted to numbers with `int(s)` and `float(s)`.")
}
