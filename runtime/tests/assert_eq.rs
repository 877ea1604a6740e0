//! The `assert_eq` builtin (LANGUAGE.md §15): equality rules and the exact message.

use orus_abi::bytecode::ValueType::{self as TypeTag, Bool, Str, F64, I32, I64};
use orus_abi::typetable::TypeTable;
use orus_runtime::error::RuntimeError;

fn check(label: u64, at: TypeTag, a: u64, et: TypeTag, e: u64) -> Result<bool, RuntimeError> {
    orus_runtime::assert::assert_values(&TypeTable::default(), label, &at, a, &et, e)
}
use orus_runtime::error::ErrorKind;
use orus_runtime::string::alloc_str;

fn s(text: &str) -> u64 {
    alloc_str(text.as_bytes())
}

fn message(label: &str, actual: (TypeTag, u64), expected: (TypeTag, u64)) -> String {
    let err =
        check(s(label), actual.0, actual.1, expected.0, expected.1).expect_err("values differ");
    assert_eq!(err.kind, ErrorKind::Runtime);
    assert_eq!(err.code, 5);
    err.message
}

#[test]
fn equal_values_pass() {
    assert_eq!(check(s("x"), I32, 5, I32, 5), Ok(true));
    assert_eq!(check(s("x"), Str, s("ab"), Str, s("ab")), Ok(true));
    assert_eq!(
        check(s(""), F64, 0.0f64.to_bits(), F64, (-0.0f64).to_bits()),
        Ok(true)
    );
    assert_eq!(check(s(""), Bool, 1, Bool, 1), Ok(true));
}

#[test]
fn different_types_are_unequal() {
    assert_eq!(
        message("len", (I64, 5), (I32, 5)),
        "assert_eq failed (len)\n  expected: 5\n  actual:   5"
    );
}

#[test]
fn nan_is_not_equal_to_itself() {
    let nan = (-f64::NAN).to_bits();
    assert_eq!(
        message("", (F64, nan), (F64, nan)),
        "assert_eq failed\n  expected: -nan\n  actual:   -nan"
    );
}

#[test]
fn values_are_written_as_15_says() {
    assert_eq!(
        message("floats", (F64, 0.1f64.to_bits()), (F64, 1e20f64.to_bits())),
        "assert_eq failed (floats)\n  expected: 1e+20\n  actual:   0.1"
    );
    assert_eq!(
        message("s", (Str, s("a\tb\n\"q\"\\")), (Str, s("x"))),
        "assert_eq failed (s)\n  expected: \"x\"\n  actual:   \"a\\tb\\n\\\"q\\\"\\\\\""
    );
    assert_eq!(
        message("b", (Bool, 0), (Bool, 1)),
        "assert_eq failed (b)\n  expected: true\n  actual:   false"
    );
    assert_eq!(
        message("neg", (I32, -3i64 as u64), (I32, 3)),
        "assert_eq failed (neg)\n  expected: 3\n  actual:   -3"
    );
}

#[test]
fn long_messages_are_cut_to_255_bytes() {
    let long = "y".repeat(400);
    let text = message("l", (Str, s(&long)), (Str, s("x")));
    assert_eq!(text.len(), 255);
    assert!(text.starts_with("assert_eq failed (l)\n  expected: \"x\"\n  actual:   \"yyy"));
}
