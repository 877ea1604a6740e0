//! Runtime errors (LANGUAGE.md §17): their kinds, codes and exact messages.
//!
//! A [`RuntimeError`] is plain data; it becomes a diagnostic only at the edge, through
//! [`render`] (re-exported from [`crate::diagnostic`]).

pub use crate::diagnostic::{render, SourceLoc};

/// The longest message a runtime error keeps, in bytes (§17).
pub const MAX_MESSAGE_BYTES: usize = 255;

/// Error codes of §18.3 for runtime errors.
pub mod codes {
    /// `Division by zero`.
    pub const DIVISION_BY_ZERO: u16 = 1;
    /// Index and slice errors.
    pub const INDEX: u16 = 2;
    /// Integer overflow and cast range errors.
    pub const OVERFLOW: u16 = 4;
    /// Every other runtime error.
    pub const OTHER: u16 = 5;
    /// `int()` failures.
    pub const INT_PARSE: u16 = 7;
    /// `float()` failures.
    pub const FLOAT_PARSE: u16 = 10;
}

/// The kind of a runtime error, visible through `typeof(e)` (§13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `runtime error`
    Runtime,
    /// `type error`
    Type,
    /// `index error`
    Index,
    /// `value error`
    Value,
    /// `conversion error`
    Conversion,
    /// `argument error`
    Argument,
    /// `eof error`
    Eof,
    /// `recursion error`
    Recursion,
    /// `name error`
    Name,
    /// `io error`
    Io,
}

impl ErrorKind {
    /// The label `typeof` prints before the message, such as `"runtime error"`.
    pub fn label(self) -> &'static str {
        match self {
            ErrorKind::Runtime => "runtime error",
            ErrorKind::Type => "type error",
            ErrorKind::Index => "index error",
            ErrorKind::Value => "value error",
            ErrorKind::Conversion => "conversion error",
            ErrorKind::Argument => "argument error",
            ErrorKind::Eof => "eof error",
            ErrorKind::Recursion => "recursion error",
            ErrorKind::Name => "name error",
            ErrorKind::Io => "io error",
        }
    }
}

/// One runtime error: its kind, its §18.3 code and its message (at most 255 bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeError {
    /// The kind reported by `typeof`.
    pub kind: ErrorKind,
    /// The numeric part of `E<code>`.
    pub code: u16,
    /// The exact message of §17.
    pub message: String,
}

impl RuntimeError {
    /// An error with the given kind, code and message; the message is cut to its first 255
    /// bytes (at a character boundary, so it stays valid UTF-8).
    pub fn new(kind: ErrorKind, code: u16, message: impl Into<String>) -> RuntimeError {
        let mut message = message.into();
        truncate_at_boundary(&mut message, MAX_MESSAGE_BYTES);
        RuntimeError {
            kind,
            code,
            message,
        }
    }

    /// `typeof` of the error value: `"<kind> <message>"`.
    pub fn type_name(&self) -> String {
        format!("{} {}", self.kind.label(), self.message)
    }

    /// Integer or float `/` or `%` by zero.
    pub fn division_by_zero() -> RuntimeError {
        Self::new(
            ErrorKind::Runtime,
            codes::DIVISION_BY_ZERO,
            "Division by zero",
        )
    }

    /// Signed overflow in `+ - * / %`, or negation of `i64::MIN`.
    pub fn overflow() -> RuntimeError {
        Self::new(ErrorKind::Value, codes::OVERFLOW, "Integer overflow")
    }

    /// Negation of `i32::MIN`.
    pub fn negate_min() -> RuntimeError {
        Self::new(
            ErrorKind::Value,
            codes::OVERFLOW,
            "Integer overflow: cannot negate INT32_MIN",
        )
    }

    /// A failing integer or float-to-integer cast (§6.2), such as `i64 value out of u32 range`.
    pub fn cast_out_of_range(message: impl Into<String>) -> RuntimeError {
        Self::new(ErrorKind::Value, codes::OVERFLOW, message)
    }

    /// Recursion too deep.
    pub fn stack_overflow() -> RuntimeError {
        Self::new(ErrorKind::Recursion, codes::OTHER, "Stack overflow")
    }

    /// Reading a variable that was never assigned (§7.6).
    pub fn unassigned(name: &str) -> RuntimeError {
        Self::new(
            ErrorKind::Runtime,
            codes::OTHER,
            format!("Variable '{name}' used before assignment"),
        )
    }

    /// The end of a non-`void` function was reached.
    pub fn missing_return(function: &str) -> RuntimeError {
        Self::new(
            ErrorKind::Runtime,
            codes::OTHER,
            format!("Function '{function}' ended without returning a value"),
        )
    }

    /// A range `for` with step zero.
    pub fn zero_step() -> RuntimeError {
        Self::new(
            ErrorKind::Runtime,
            codes::OTHER,
            "Range step cannot be zero",
        )
    }

    /// A `for` over a negative integer.
    pub fn negative_iteration() -> RuntimeError {
        Self::new(
            ErrorKind::Type,
            codes::OTHER,
            "Cannot iterate negative integer",
        )
    }

    /// Array index below zero.
    pub fn array_index_negative() -> RuntimeError {
        Self::new(
            ErrorKind::Type,
            codes::INDEX,
            "Array index must be a non-negative integer",
        )
    }

    /// Array index at or beyond the length.
    pub fn array_index_out_of_bounds() -> RuntimeError {
        Self::new(ErrorKind::Index, codes::INDEX, "Array index out of bounds")
    }

    /// String index below zero.
    pub fn string_index_negative() -> RuntimeError {
        Self::new(
            ErrorKind::Type,
            codes::INDEX,
            "String index must be a non-negative integer",
        )
    }

    /// String index at or beyond the length.
    pub fn string_index_out_of_bounds() -> RuntimeError {
        Self::new(ErrorKind::Index, codes::INDEX, "String index out of bounds")
    }

    /// Negative slice start.
    pub fn slice_start_negative() -> RuntimeError {
        Self::new(
            ErrorKind::Type,
            codes::INDEX,
            "Array slice start must be a non-negative integer",
        )
    }

    /// Negative slice end.
    pub fn slice_end_negative() -> RuntimeError {
        Self::new(
            ErrorKind::Type,
            codes::INDEX,
            "Array slice end must be a non-negative integer",
        )
    }

    /// Slice start beyond the length.
    pub fn slice_start_out_of_bounds() -> RuntimeError {
        Self::new(
            ErrorKind::Index,
            codes::INDEX,
            "Array slice start out of bounds",
        )
    }

    /// Slice end beyond the last element.
    pub fn slice_end_out_of_bounds() -> RuntimeError {
        Self::new(
            ErrorKind::Index,
            codes::INDEX,
            "Array slice end out of bounds",
        )
    }

    /// Slice end before its start.
    pub fn slice_end_before_start() -> RuntimeError {
        Self::new(
            ErrorKind::Index,
            codes::INDEX,
            "Array slice end before start",
        )
    }

    /// Negative string slice start.
    pub fn string_slice_start_negative() -> RuntimeError {
        Self::new(
            ErrorKind::Type,
            codes::INDEX,
            "String slice start must be a non-negative integer",
        )
    }

    /// Negative string slice end.
    pub fn string_slice_end_negative() -> RuntimeError {
        Self::new(
            ErrorKind::Type,
            codes::INDEX,
            "String slice end must be a non-negative integer",
        )
    }

    /// String slice start beyond the length.
    pub fn string_slice_start_out_of_bounds() -> RuntimeError {
        Self::new(
            ErrorKind::Index,
            codes::INDEX,
            "String slice start out of bounds",
        )
    }

    /// String slice end beyond the last byte.
    pub fn string_slice_end_out_of_bounds() -> RuntimeError {
        Self::new(
            ErrorKind::Index,
            codes::INDEX,
            "String slice end out of bounds",
        )
    }

    /// String slice end before its start.
    pub fn string_slice_end_before_start() -> RuntimeError {
        Self::new(
            ErrorKind::Index,
            codes::INDEX,
            "String slice end before start",
        )
    }

    /// `pop` on an empty array.
    pub fn pop_empty() -> RuntimeError {
        Self::new(
            ErrorKind::Value,
            codes::OTHER,
            "Cannot pop from an empty array",
        )
    }

    /// `sorted` on elements that cannot be ordered.
    pub fn not_comparable() -> RuntimeError {
        Self::new(
            ErrorKind::Runtime,
            codes::OTHER,
            "sorted() requires an array of comparable elements",
        )
    }

    /// Array repetition with a negative or absurd count.
    pub fn bad_repetition() -> RuntimeError {
        Self::new(
            ErrorKind::Runtime,
            codes::OTHER,
            "Array repetition requires a non-negative integer count and reasonable size",
        )
    }

    /// Bad `range()` arguments.
    pub fn bad_range_arguments() -> RuntimeError {
        Self::new(
            ErrorKind::Argument,
            codes::OTHER,
            "Invalid arguments provided to range()",
        )
    }

    /// `input()` at end of input.
    pub fn input_eof() -> RuntimeError {
        Self::new(ErrorKind::Eof, codes::OTHER, "input() reached end of file")
    }

    /// A generic enum payload of the wrong type (§4.4).
    pub fn payload_mismatch() -> RuntimeError {
        Self::new(
            ErrorKind::Type,
            codes::OTHER,
            "Type mismatch in enum payload",
        )
    }

    /// An `int()` failure (conversion error, E0007).
    pub fn int_conversion(message: impl Into<String>) -> RuntimeError {
        Self::new(ErrorKind::Conversion, codes::INT_PARSE, message)
    }

    /// A `float()` failure (conversion error, E0010).
    pub fn float_conversion(message: impl Into<String>) -> RuntimeError {
        Self::new(ErrorKind::Conversion, codes::FLOAT_PARSE, message)
    }

    /// An `assert_eq` mismatch with its full three-line (or two-line) message.
    pub fn assertion(message: impl Into<String>) -> RuntimeError {
        Self::new(ErrorKind::Runtime, codes::OTHER, message)
    }
}

impl std::fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RuntimeError {}

/// Cuts `text` to at most `max` bytes, backing off to the previous character boundary.
pub(crate) fn truncate_at_boundary(text: &mut String, max: usize) {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_the_spec() {
        let all = [
            (ErrorKind::Runtime, "runtime error"),
            (ErrorKind::Type, "type error"),
            (ErrorKind::Index, "index error"),
            (ErrorKind::Value, "value error"),
            (ErrorKind::Conversion, "conversion error"),
            (ErrorKind::Argument, "argument error"),
            (ErrorKind::Eof, "eof error"),
            (ErrorKind::Recursion, "recursion error"),
            (ErrorKind::Name, "name error"),
            (ErrorKind::Io, "io error"),
        ];
        for (kind, label) in all {
            assert_eq!(kind.label(), label);
        }
    }

    #[test]
    fn messages_are_cut_to_255_bytes() {
        let e = RuntimeError::new(ErrorKind::Runtime, 5, "x".repeat(300));
        assert_eq!(e.message.len(), 255);
        // A two-byte character straddling byte 255 is dropped whole.
        let e = RuntimeError::new(ErrorKind::Runtime, 5, format!("{}é", "x".repeat(254)));
        assert_eq!(e.message.len(), 254);
    }

    #[test]
    fn type_name_joins_kind_and_message() {
        assert_eq!(
            RuntimeError::division_by_zero().type_name(),
            "runtime error Division by zero"
        );
        assert_eq!(
            RuntimeError::array_index_out_of_bounds().type_name(),
            "index error Array index out of bounds"
        );
        assert_eq!(
            RuntimeError::unassigned("x").message,
            "Variable 'x' used before assignment"
        );
        assert_eq!(
            RuntimeError::missing_return("f").message,
            "Function 'f' ended without returning a value"
        );
    }
}
