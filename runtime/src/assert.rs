//! The `assert_eq(label, actual, expected)` builtin (LANGUAGE.md §15).

use crate::error::RuntimeError;
use crate::show::{self, Equality, Notation};
use crate::string::str_bytes;
use orus_abi::bytecode::ValueType;
use orus_abi::typetable::TypeTable;

/// How many bytes of each value an assertion message renders (the whole message is cut to
/// 255 bytes anyway).
const VALUE_TEXT_LIMIT: usize = 512;

/// `assert_eq(label, actual, expected)`: `types` is the type-list index of
/// `[actual type, expected type]`. Returns `Ok(true)` when the values are deeply equal
/// (values of different types are unequal), else the runtime error with the message of §15.
pub fn assert_eq(label: u64, types: u32, actual: u64, expected: u64) -> Result<bool, RuntimeError> {
    crate::types::with_table(|table| {
        let list = crate::types::list(table, types);
        let fallback = ValueType::I64;
        let actual_type = list.first().unwrap_or(&fallback);
        let expected_type = list.get(1).unwrap_or(actual_type);
        assert_values(table, label, actual_type, actual, expected_type, expected)
    })
}

/// [`assert_eq`] with explicit types.
pub fn assert_values(
    table: &TypeTable,
    label: u64,
    actual_type: &ValueType,
    actual: u64,
    expected_type: &ValueType,
    expected: u64,
) -> Result<bool, RuntimeError> {
    if show::equal(
        table,
        actual_type,
        actual,
        expected_type,
        expected,
        Equality::Deep,
    ) {
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
        assert_text(table, expected_type, expected),
        assert_text(table, actual_type, actual)
    )))
}

/// A value in `assert_eq`'s notation: floats with `%g`, strings quoted and escaped, arrays and
/// structs `[a, b]`, enums `E.V(a, b)`, `<range>`, `Error(<message>)`, functions as `print`
/// shows them.
pub fn assert_text(table: &TypeTable, t: &ValueType, bits: u64) -> String {
    show::render_string(table, t, bits, Notation::Assert, VALUE_TEXT_LIMIT)
}
