//! The `assert_eq(label, actual, expected)` builtin (LANGUAGE.md §15).

use crate::error::RuntimeError;
use crate::error_value;
use crate::format::{format_f64_g, scalar_text};
use crate::string::{self, str_bytes};
use orus_abi::types::TypeTag;

/// Returns `Ok(true)` when `actual` equals `expected` (values of different types are unequal;
/// floats compare with IEEE `==`, strings byte-wise, error values by kind and message, other
/// objects by identity), else the runtime error with the three-line message of §15.
pub fn assert_eq(
    label: u64,
    actual_tag: TypeTag,
    actual: u64,
    expected_tag: TypeTag,
    expected: u64,
) -> Result<bool, RuntimeError> {
    if actual_tag == expected_tag && values_equal(actual_tag, actual, expected) {
        return Ok(true);
    }
    let label = String::from_utf8_lossy(str_bytes(label));
    let title = if label.is_empty() {
        "assert_eq failed".to_string()
    } else {
        format!("assert_eq failed ({label})")
    };
    Err(RuntimeError::assertion(format!(
        "{title}\n  expected: {}\n  actual:   {}",
        assert_text(expected_tag, expected),
        assert_text(actual_tag, actual)
    )))
}

fn values_equal(tag: TypeTag, a: u64, b: u64) -> bool {
    match tag {
        TypeTag::F64 => f64::from_bits(a) == f64::from_bits(b),
        TypeTag::I32 | TypeTag::U32 => a as u32 == b as u32,
        TypeTag::Bool => (a != 0) == (b != 0),
        TypeTag::Str => string::equals(a, b),
        TypeTag::Error => a == b || error_value::error_of(a) == error_value::error_of(b),
        _ => a == b,
    }
}

/// A value as `assert_eq` writes it: floats with `%g`, strings quoted and escaped, error
/// values `Error(<message>)`, other scalars as `print` writes them.
pub fn assert_text(tag: TypeTag, bits: u64) -> String {
    match tag {
        TypeTag::F64 => format_f64_g(f64::from_bits(bits)),
        TypeTag::Str => quote(str_bytes(bits)),
        TypeTag::Error => format!(
            "Error({})",
            String::from_utf8_lossy(error_value::message(bits))
        ),
        TypeTag::Range => "<range>".to_string(),
        TypeTag::Func => "<fn>".to_string(),
        TypeTag::Array | TypeTag::Struct | TypeTag::Enum => format!("<{}>", tag.name()),
        _ => scalar_text(tag, bits),
    }
}

/// `"…"` with only `\\`, newline, tab and `"` escaped.
fn quote(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len() + 2);
    out.push(b'"');
    for &byte in bytes {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'"' => out.extend_from_slice(b"\\\""),
            _ => out.push(byte),
        }
    }
    out.push(b'"');
    String::from_utf8_lossy(&out).into_owned()
}
