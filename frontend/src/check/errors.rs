//! Builders for the checker's diagnostics, with the exact texts of LANGUAGE.md §18.3.

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
pub(crate) fn value_mismatch(span: Span, found: &str, expected: &str) -> Diagnostic {
    mismatch(span, found, expected)
        .with_help(CONVERT_HELP)
        .with_note(SEPARATE_NOTE)
}

/// Two operands of one operator with different types: primary on `rhs`, label on `lhs`.
pub(crate) fn operand_mismatch(lhs: (Span, &str), rhs: (Span, &str)) -> Diagnostic {
    value_mismatch(rhs.0, rhs.1, lhs.1).with_label(lhs.0, this_is(lhs.1))
}

/// `this is an `i32`` for secondary labels.
pub(crate) fn this_is(ty: &str) -> String {
    format!("this is {} `{ty}`", article(ty))
}

/// A literal that does not fit the type its context asks for.
pub(crate) fn literal_out_of_range_for(span: Span, ty: &str) -> Diagnostic {
    Diagnostic::new(
        codes::TYPE_MISMATCH,
        span,
        format!("literal out of range for `{ty}`"),
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
pub(crate) fn bad_cast(span: Span, from: &str, to: &str) -> Diagnostic {
    Diagnostic::new(
        codes::TYPE_MISMATCH,
        span,
        format!(
            "this is {} `{from}`, which cannot be cast to `{to}`",
            article(from)
        ),
    )
    .with_help(if from == "string" {
        "Text is converted to numbers with `int(s)` and `float(s)`."
    } else {
        "Only numbers, bools and strings can be cast."
    })
}

/// `Type 'S' is already defined on line N` (E1011).
pub(crate) fn redefined_type(span: Span, name: &str, line: usize, first: Span) -> Diagnostic {
    Diagnostic::new(
        codes::REDEFINED,
        span,
        format!("Type '{name}' is already defined on line {line}"),
    )
    .with_label(first, "first defined here")
}

/// `Field 'f' is already defined on line N` in a struct declaration (E1011).
pub(crate) fn redefined_field(span: Span, name: &str, line: usize, first: Span) -> Diagnostic {
    Diagnostic::new(
        codes::REDEFINED,
        span,
        format!("Field '{name}' is already defined on line {line}"),
    )
    .with_label(first, "first defined here")
}

/// `impl` on an enum or an unknown name (§11.4).
pub(crate) fn impl_target(span: Span, name: &str, is_enum: bool) -> Diagnostic {
    if is_enum {
        mismatch(span, &format!("enum {name}"), "struct")
            .with_note("`impl` blocks add methods to structs only.")
    } else {
        Diagnostic::new(
            codes::UNKNOWN_TYPE,
            span,
            format!(
                "this is {} `{name}`, but `struct` was expected",
                article(name)
            ),
        )
        .with_note("`impl` names a struct declared in the program.")
    }
}

/// A field named twice in one struct literal.
pub(crate) fn repeated_field(span: Span, name: &str, first: Span) -> Diagnostic {
    Diagnostic::new(
        codes::TYPE_MISMATCH,
        span,
        format!("field '{name}' is given more than once"),
    )
    .with_label(first, "first given here")
}

/// A struct literal without a field that has no default.
pub(crate) fn missing_field(span: Span, name: &str) -> Diagnostic {
    Diagnostic::new(
        codes::TYPE_MISMATCH,
        span,
        format!("missing field '{name}'"),
    )
}

/// An unknown field of a struct (E1010).
pub(crate) fn unknown_field(span: Span, struct_name: &str, field: &str) -> Diagnostic {
    Diagnostic::new(
        codes::UNDEFINED,
        span,
        format!("Undefined field '{field}' of struct '{struct_name}'"),
    )
}

/// An unknown method of a struct (E1010).
pub(crate) fn unknown_method(span: Span, struct_name: &str, method: &str) -> Diagnostic {
    Diagnostic::new(
        codes::UNDEFINED,
        span,
        format!("Undefined method '{method}' of struct '{struct_name}'"),
    )
}

/// A static method called through an instance (§11.4).
pub(crate) fn static_through_instance(span: Span, struct_name: &str, method: &str) -> Diagnostic {
    Diagnostic::new(
        codes::TYPE_MISMATCH,
        span,
        format!("'{method}' is a static method of '{struct_name}'; call it as {struct_name}.{method}(…)"),
    )
    .with_note("A method is an instance method only when its first parameter is `self`.")
}

/// An instance method called through the type (§11.4).
pub(crate) fn instance_through_type(span: Span, struct_name: &str, method: &str) -> Diagnostic {
    Diagnostic::new(
        codes::TYPE_MISMATCH,
        span,
        format!("'{method}' is an instance method of '{struct_name}'; call it on a value as value.{method}(…)"),
    )
}

/// Assigning an element of a string (§8.7).
pub(crate) fn string_element_assign(span: Span) -> Diagnostic {
    mismatch(span, "string", "array")
        .with_note("Strings are immutable: build a new string instead of assigning a character.")
}

/// A function value compared with `==`/`!=` (§8.4).
pub(crate) fn compare_functions(span: Span) -> Diagnostic {
    mismatch(span, "function", "comparable value").with_note("Functions cannot be compared.")
}

/// `range()` with no or more than three arguments (§15).
pub(crate) fn range_arity(span: Span, received: usize) -> Diagnostic {
    let plural = if received == 1 {
        "argument"
    } else {
        "arguments"
    };
    Diagnostic::new(
        codes::ARITY,
        span,
        format!("Function 'range' expects 1 to 3 arguments but received {received} {plural}"),
    )
}

/// A value that cannot be iterated by `for` (§9.6).
pub(crate) fn not_iterable(span: Span, found: &str) -> Diagnostic {
    mismatch(span, found, "array, range or integer")
        .with_note("`for` iterates arrays, range values and integers; strings cannot be iterated.")
}

/// A name that is not a compile-time integer constant used as an array length or fill count
/// (§7.4): `Undefined variable` (E1010).
pub(crate) fn not_constant(span: Span, name: &str) -> Diagnostic {
    undefined(span, name).with_note(
        "Only a constant whose initializer is a non-negative integer literal can be used here.",
    )
}

/// `string * n` (§8.3).
pub(crate) fn string_repeat(span: Span) -> Diagnostic {
    mismatch(span, "string", "array or number")
        .with_note("`*` repeats arrays; strings cannot be repeated with `*`.")
}

/// A `struct` or `impl` declaration inside a block (E1006).
pub(crate) fn module_scope_only(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(
        codes::BAD_SYNTAX,
        span,
        format!("'{what}' declarations are only allowed at module scope"),
    )
}

/// A field or method used on a value whose struct type cannot be inferred (several structs
/// have that member).
pub(crate) fn unknown_struct(span: Span) -> Diagnostic {
    Diagnostic::new(
        codes::TYPE_MISMATCH,
        span,
        "the struct type of this value cannot be inferred here",
    )
}
