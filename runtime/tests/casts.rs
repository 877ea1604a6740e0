//! Every scalar cast of LANGUAGE.md §6.2, with the exact failure messages.
// The spec's examples use literals such as 3.14159 that clippy mistakes for PI.
#![allow(clippy::approx_constant)]

use orus_abi::types::TypeTag::{self, Bool, Str, F64, I32, I64, U32, U64};
use orus_runtime::cast::{cast, to_string};
use orus_runtime::error::{ErrorKind, RuntimeError};
use orus_runtime::string::str_bytes;

fn ok(from: TypeTag, to: TypeTag, bits: u64) -> u64 {
    cast(from, to, bits).unwrap_or_else(|e| panic!("{from:?} -> {to:?}: {}", e.message))
}

fn fails(from: TypeTag, to: TypeTag, bits: u64) -> RuntimeError {
    match cast(from, to, bits) {
        Ok(v) => panic!("{from:?} -> {to:?} succeeded with {v:#x}"),
        Err(e) => {
            assert_eq!(e.kind, ErrorKind::Value);
            assert_eq!(e.code, 4);
            e
        }
    }
}

fn text(tag: TypeTag, bits: u64) -> String {
    String::from_utf8(str_bytes(to_string(tag, bits)).to_vec()).expect("utf-8")
}

const fn w32(v: i32) -> u64 {
    v as i64 as u64
}

#[test]
fn i32_row() {
    assert_eq!(ok(I32, I64, w32(-5)) as i64, -5);
    assert_eq!(ok(I32, U32, w32(-1)), 4294967295);
    assert_eq!(ok(I32, U64, w32(7)), 7);
    let e = fails(I32, U64, w32(-1));
    assert_eq!(e.message, "Cannot convert negative i32 to u64");
    assert_eq!(ok(I32, I32, w32(-3)), w32(-3));
}

#[test]
fn i64_row() {
    assert_eq!(ok(I64, I32, 5000000000), w32(705032704));
    assert_eq!(ok(I64, I32, -1i64 as u64), w32(-1));
    assert_eq!(ok(I64, U32, 4294967295), 4294967295);
    assert_eq!(
        fails(I64, U32, 4294967296).message,
        "i64 value out of u32 range"
    );
    assert_eq!(
        fails(I64, U32, -1i64 as u64).message,
        "i64 value out of u32 range"
    );
    assert_eq!(ok(I64, U64, i64::MAX as u64), i64::MAX as u64);
    assert_eq!(
        fails(I64, U64, -1i64 as u64).message,
        "Cannot convert negative i64 to u64"
    );
}

#[test]
fn u32_row() {
    assert_eq!(ok(U32, I32, 4294967295), w32(-1));
    assert_eq!(ok(U32, I32, 2147483648), w32(i32::MIN));
    assert_eq!(ok(U32, I64, 4294967295), 4294967295);
    assert_eq!(ok(U32, U64, 4294967295), 4294967295);
}

#[test]
fn u64_row() {
    assert_eq!(ok(U64, I32, 2147483647), w32(i32::MAX));
    assert_eq!(
        fails(U64, I32, 2147483648).message,
        "u64 value too large for i32"
    );
    assert_eq!(ok(U64, I64, i64::MAX as u64), i64::MAX as u64);
    assert_eq!(
        fails(U64, I64, 1 << 63).message,
        "u64 value too large for i64"
    );
    assert_eq!(ok(U64, U32, 4294967295), 4294967295);
    assert_eq!(
        fails(U64, U32, 4294967296).message,
        "u64 value too large for u32"
    );
}

#[test]
fn integer_to_float() {
    let f = |tag, bits| f64::from_bits(ok(tag, F64, bits));
    assert_eq!(f(I64, 9007199254740993), 9007199254740992.0);
    assert_eq!(f(I32, w32(-7)), -7.0);
    assert_eq!(f(U32, 4294967295), 4294967295.0);
    assert_eq!(f(U64, u64::MAX), 18446744073709551615.0);
}

#[test]
fn float_to_integer_truncates() {
    let x = |v: f64| v.to_bits();
    assert_eq!(ok(F64, I32, x(-3.99)), w32(-3));
    assert_eq!(ok(F64, I32, x(2147483647.9)), w32(i32::MAX));
    assert_eq!(ok(F64, I32, x(-2147483648.9)), w32(i32::MIN));
    assert_eq!(ok(F64, I64, x(-9223372036854775808.0)), i64::MIN as u64);
    assert_eq!(ok(F64, U32, x(4294967295.5)), 4294967295);
    assert_eq!(
        ok(F64, U64, x(18446744073709549568.0)),
        18446744073709549568
    );
    assert_eq!(ok(F64, U32, x(-0.0)), 0);
    assert_eq!(ok(F64, U64, x(7.9)), 7);
}

#[test]
fn float_to_integer_failures() {
    let x = |v: f64| v.to_bits();
    let cases = [
        (I32, 2147483648.0, "f64 value out of i32 range"),
        (I32, -2147483649.0, "f64 value out of i32 range"),
        (I32, f64::NAN, "f64 value out of i32 range"),
        (I64, 9223372036854775808.0, "f64 value out of i64 range"),
        (I64, f64::NEG_INFINITY, "f64 value out of i64 range"),
        (U32, -0.5, "f64 value out of u32 range"),
        (U32, 4294967296.0, "f64 value out of u32 range"),
        (U32, f64::NAN, "f64 value out of u32 range"),
        (U64, -1.0, "f64 value out of u64 range"),
        (U64, 18446744073709551616.0, "f64 value out of u64 range"),
        (U64, f64::INFINITY, "f64 value out of u64 range"),
    ];
    for (to, value, message) in cases {
        assert_eq!(
            fails(F64, to, x(value)).message,
            message,
            "{value} as {to:?}"
        );
    }
}

#[test]
fn bool_conversions() {
    assert_eq!(ok(F64, Bool, 0.0f64.to_bits()), 0);
    assert_eq!(ok(F64, Bool, (-0.0f64).to_bits()), 0);
    assert_eq!(ok(F64, Bool, 2.5f64.to_bits()), 1);
    assert_eq!(ok(F64, Bool, f64::NAN.to_bits()), 1);
    assert_eq!(ok(I32, Bool, 0), 0);
    assert_eq!(ok(I64, Bool, -1i64 as u64), 1);
    assert_eq!(ok(U64, Bool, 1 << 40), 1);
    assert_eq!(ok(Bool, I32, 1), 1);
    assert_eq!(ok(Bool, U64, 0), 0);
    assert_eq!(f64::from_bits(ok(Bool, F64, 1)), 1.0);
}

#[test]
fn to_string_conversions() {
    assert_eq!(text(I32, w32(-7)), "-7");
    assert_eq!(text(U64, u64::MAX), "18446744073709551615");
    assert_eq!(text(Bool, 1), "true");
    assert_eq!(text(Bool, 0), "false");
    assert_eq!(text(F64, 3.14159265f64.to_bits()), "3.14159");
    assert_eq!(text(F64, 1e20f64.to_bits()), "1e+20");
    assert_eq!(text(F64, 1234567.0f64.to_bits()), "1.23457e+06");
    assert_eq!(text(F64, (-0.0f64).to_bits()), "-0");
    assert_eq!(text(F64, (-f64::NAN).to_bits()), "-nan");
    assert_eq!(text(F64, f64::INFINITY.to_bits()), "inf");
    let via_cast = ok(I64, Str, 42);
    assert_eq!(str_bytes(via_cast), b"42");
    let s = orus_runtime::string::alloc_str(b"same");
    assert_eq!(ok(Str, Str, s), s);
}

#[test]
fn impossible_casts_are_errors_not_panics() {
    let s = orus_runtime::string::alloc_str(b"5");
    let e = cast(Str, I32, s).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Type);
    assert!(cast(TypeTag::Array, F64, 0).is_err());
}
