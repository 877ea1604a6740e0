//! The `int()` and `float()` builtins (LANGUAGE.md §15) and their exact messages.

use orus_abi::types::TypeTag::{self, Bool, Str, F64, I32, I64, U32, U64};
use orus_runtime::convert::{builtin_float, builtin_int};
use orus_runtime::error::ErrorKind;
use orus_runtime::string::alloc_str;

fn int_text(text: &str) -> Result<i32, String> {
    int(Str, alloc_str(text.as_bytes()))
}

fn int(tag: TypeTag, bits: u64) -> Result<i32, String> {
    builtin_int(tag, bits).map_err(|e| {
        assert_eq!((e.kind, e.code), (ErrorKind::Conversion, 7));
        e.message
    })
}

fn float_text(text: &str) -> Result<f64, String> {
    builtin_float(Str, alloc_str(text.as_bytes())).map_err(|e| {
        assert_eq!((e.kind, e.code), (ErrorKind::Conversion, 10));
        e.message
    })
}

#[test]
fn int_parses_strings() {
    assert_eq!(int_text("  42 "), Ok(42));
    assert_eq!(int_text("-17"), Ok(-17));
    assert_eq!(int_text("+5"), Ok(5));
    assert_eq!(int_text("-2147483648"), Ok(i32::MIN));
}

#[test]
fn int_string_failures() {
    assert_eq!(
        int_text("2.5"),
        Err("int() argument must be an integer string (decimals are not allowed). Use float() to parse decimal values, got \"2.5\"".into())
    );
    assert_eq!(
        int_text("xyz"),
        Err("int() argument must be an integer string, got \"xyz\"".into())
    );
    assert_eq!(
        int_text(""),
        Err("int() argument must be an integer string, got \"\"".into())
    );
    assert_eq!(
        int_text("-"),
        Err("int() argument must be an integer string, got \"-\"".into())
    );
    assert_eq!(
        int_text("99999999999"),
        Err("int() overflow: \"99999999999\" is out of range for i32".into())
    );
    let long = "x".repeat(60);
    assert_eq!(
        int_text(&long),
        Err(format!(
            "int() argument must be an integer string, got \"{}...\"",
            "x".repeat(52)
        ))
    );
}

#[test]
fn int_of_numbers() {
    assert_eq!(int(I32, -5i64 as u64), Ok(-5));
    assert_eq!(int(I64, 7), Ok(7));
    assert_eq!(int(U32, 9), Ok(9));
    assert_eq!(int(F64, 7.0f64.to_bits()), Ok(7));
    assert_eq!(
        int(I64, 5000000000),
        Err("int() overflow: 5000000000 is out of range for i32".into())
    );
    assert_eq!(
        int(U64, u64::MAX),
        Err("int() overflow: 18446744073709551615 is out of range for i32".into())
    );
    assert_eq!(
        int(F64, 5e9f64.to_bits()),
        Err("int() overflow: 5e+09 is out of range for i32".into())
    );
    assert_eq!(
        int(F64, 7.5f64.to_bits()),
        Err("int() argument must be a whole number, got f64 7.5".into())
    );
    assert_eq!(
        int(F64, f64::NAN.to_bits()),
        Err("int() overflow: value is not finite".into())
    );
    assert_eq!(
        int(Bool, 1),
        Err("int() argument must be a string or number, got bool".into())
    );
}

#[test]
fn float_parses_like_strtod() {
    assert_eq!(float_text(" 2.5 "), Ok(2.5));
    assert_eq!(float_text("-1e3"), Ok(-1000.0));
    assert_eq!(float_text(".5"), Ok(0.5));
    assert_eq!(float_text("5."), Ok(5.0));
    assert_eq!(float_text("0x1.8p1"), Ok(3.0));
    assert_eq!(float_text("0X10"), Ok(16.0));
    assert_eq!(float_text("0"), Ok(0.0));
    assert_eq!(float_text("1e-300"), Ok(1e-300));
}

#[test]
fn float_failures() {
    for bad in ["xyz", "", "1e", "1.2.3", "0x", "--1", "1 2"] {
        assert_eq!(
            float_text(bad),
            Err(format!("float() argument must be a number, got \"{bad}\"")),
            "{bad:?}"
        );
    }
    for out in ["1e999", "1e-400", "1e-310", "inf", "-nan", "Infinity"] {
        assert_eq!(
            float_text(out),
            Err(format!(
                "float() overflow: \"{out}\" is out of range for f64"
            )),
            "{out:?}"
        );
    }
    assert_eq!(
        builtin_float(Bool, 0).unwrap_err().message,
        "float() argument must be a string or number, got bool"
    );
}

#[test]
fn float_of_numbers() {
    assert_eq!(builtin_float(I32, -3i64 as u64), Ok(-3.0));
    assert_eq!(builtin_float(U64, u64::MAX), Ok(18446744073709551615.0));
    assert_eq!(builtin_float(F64, 0.25f64.to_bits()), Ok(0.25));
}
