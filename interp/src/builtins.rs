//! The out-of-line work of opcodes that call into the runtime: casts, strings, array index
//! errors and traps. Kept apart from the dispatch loop so its cases stay small.

use orus_abi::bytecode::{Class, TrapKind};
use orus_abi::types::TypeTag;
use orus_runtime::error::RuntimeError;
use orus_runtime::{cast, string};
use std::cmp::Ordering;

/// The runtime tag of a scalar class number (verified to be a scalar).
fn scalar_tag(class: u8) -> TypeTag {
    match Class::from_u8(class) {
        Some(Class::I32) => TypeTag::I32,
        Some(Class::I64) => TypeTag::I64,
        Some(Class::U32) => TypeTag::U32,
        Some(Class::U64) => TypeTag::U64,
        Some(Class::F64) => TypeTag::F64,
        _ => TypeTag::Bool,
    }
}

/// `CAST`: the checked scalar cast with code `from << 4 | to`.
#[cold]
pub(crate) fn checked_cast(code: usize, bits: u64) -> Result<u64, RuntimeError> {
    cast::cast(
        scalar_tag((code >> 4) as u8),
        scalar_tag((code & 15) as u8),
        bits,
    )
}

/// `TOSTRING`: a scalar of class `class` as a new string.
pub(crate) fn to_string(class: usize, bits: u64) -> u64 {
    cast::to_string(scalar_tag(class as u8), bits)
}

/// `STRCMP`: -1, 0 or 1 as an i32 word.
pub(crate) fn compare_strings(a: u64, b: u64) -> u64 {
    match string::compare(a, b) {
        Ordering::Less => -1i64 as u64,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

/// `STRLEN`: byte length as an i32 word.
pub(crate) fn string_length(r: u64) -> u64 {
    string::str_len(r) as i32 as i64 as u64
}

/// The error of an array access whose index word `index` is not below the length: a
/// negative signed index, or an index out of bounds (every `u64` index is unsigned).
#[cold]
pub(crate) fn index_error(signed: bool, index: u64) -> RuntimeError {
    if signed && (index as i64) < 0 {
        RuntimeError::array_index_negative()
    } else {
        RuntimeError::array_index_out_of_bounds()
    }
}

/// The error of calling a word that is not a function value of the right arity (only
/// reachable through bytecode the compiler would not emit).
#[cold]
pub(crate) fn bad_function_value() -> RuntimeError {
    RuntimeError::new(
        orus_runtime::error::ErrorKind::Type,
        orus_runtime::error::codes::OTHER,
        "Value is not a function of this arity",
    )
}

/// The error a `TRAP` raises.
#[cold]
pub(crate) fn trap_error(kind: &TrapKind) -> RuntimeError {
    match kind {
        TrapKind::Unassigned(name) => RuntimeError::unassigned(name),
        TrapKind::MissingReturn(name) => RuntimeError::missing_return(name),
        TrapKind::ZeroStep => RuntimeError::zero_step(),
        TrapKind::Overflow => RuntimeError::overflow(),
        TrapKind::NegativeIteration => RuntimeError::negative_iteration(),
    }
}
