//! `print` rendering and format strings: every example of LANGUAGE.md §15.1 and §16.
// The spec's examples use literals such as 3.14159 that clippy mistakes for PI.
#![allow(clippy::approx_constant)]

use orus_abi::bytecode::ValueType as TypeTag;
use orus_abi::typetable::TypeTable;
use orus_runtime::print::format_line;
use orus_runtime::string::alloc_str;

/// One `print` argument.
#[derive(Clone, Copy)]
enum Arg {
    I32(i32),
    I64(i64),
    U32(u32),
    U64(u64),
    F64(f64),
    Bool(bool),
    Str(&'static str),
}

fn line(args: &[Arg]) -> String {
    let (tags, values): (Vec<TypeTag>, Vec<u64>) = args
        .iter()
        .map(|arg| match *arg {
            Arg::I32(v) => (TypeTag::I32, v as i64 as u64),
            Arg::I64(v) => (TypeTag::I64, v as u64),
            Arg::U32(v) => (TypeTag::U32, v as u64),
            Arg::U64(v) => (TypeTag::U64, v),
            Arg::F64(v) => (TypeTag::F64, v.to_bits()),
            Arg::Bool(v) => (TypeTag::Bool, v as u64),
            Arg::Str(s) => (TypeTag::Str, alloc_str(s.as_bytes())),
        })
        .unzip();
    String::from_utf8(format_line(&TypeTable::default(), &tags, &values)).expect("utf-8 output")
}

use Arg::*;

#[test]
fn spec_examples_of_15_1() {
    let n = I32(255);
    let cases: Vec<(Vec<Arg>, &str)> = vec![
        (
            vec![Str("dec=@ hex=@x HEX=@X bin=@b oct=@o"), n, n, n, n, n],
            "dec=255 hex=ff HEX=FF bin=11111111 oct=377\n",
        ),
        (vec![Str("pi ~ @.3f"), F64(3.14159)], "pi ~ 3.142\n"),
        (vec![Str("pi ~ @.2"), F64(3.14159)], "pi ~ 3.14\n"),
        (vec![Str("@x"), I32(-17)], "ffffffffffffffef\n"),
        (vec![Str("@.2f"), I32(7)], "7\n"),
        (
            vec![Str("total:"), I32(12), Str("items")],
            "total: 12 items\n",
        ),
        (vec![Str("x=@"), I32(1), I32(2), I32(3)], "x=1 2 3\n"),
        (vec![Str("@ and @"), I32(1)], "1 and @\n"),
        (vec![Str("@@!"), I32(1)], "1@!\n"),
        (vec![Str("@@!")], "@@!\n"),
        (vec![I32(5), Str("a@b")], "5 a@b\n"),
        (vec![Str("C:\\tmp")], "C:\\tmp\n"),
        (vec![Str("user@x.com"), I32(10)], "usera.com\n"),
        (vec![Str("@.f!"), F64(2.5)], "2.5!\n"),
        (vec![], "\n"),
    ];
    for (args, expected) in cases {
        assert_eq!(line(&args), expected);
    }
}

#[test]
fn spec_fallbacks_and_leftover_specs() {
    assert_eq!(line(&[Str("@x"), F64(2.5)]), "2.5\n");
    assert_eq!(line(&[Str("@b"), Bool(true)]), "true\n");
    assert_eq!(line(&[Str("@x"), Str("s")]), "s\n");
    assert_eq!(line(&[Str("@.3f @.2 @x @.")]), "@.3f @.2 @x @.\n");
    assert_eq!(line(&[Str("@.0f"), F64(2.5)]), "2\n");
    assert_eq!(line(&[Str("@.1"), F64(f64::NAN)]), "nan\n");
    assert_eq!(line(&[Str("@.2fx"), F64(1.0)]), "1.00x\n");
    assert_eq!(line(&[Str("@X"), I64(-1)]), "FFFFFFFFFFFFFFFF\n");
    assert_eq!(line(&[Str("@o"), I32(-1)]), "1777777777777777777777\n");
    assert_eq!(line(&[Str("@x"), U32(u32::MAX)]), "ffffffff\n");
    assert_eq!(line(&[Str("@b"), U64(5)]), "101\n");
    assert_eq!(line(&[Str("end@"), I32(1)]), "end1\n");
    assert_eq!(line(&[Str("a"), Str("b@x"), I32(3)]), "a b@x 3\n");
}

#[test]
fn default_rendering_of_16() {
    assert_eq!(
        line(&[I32(-5), U64(u64::MAX), Bool(true), Bool(false)]),
        "-5 18446744073709551615 true false\n"
    );
    assert_eq!(
        line(&[F64(2.5), F64(0.1), F64(5.0), F64(-0.0), F64(1e21)]),
        "2.5 0.10000000000000001 5 0 1000000000000000000000\n"
    );
    assert_eq!(line(&[I32(1), Str("a\0b")]), "1 a\n");
    // A format string is written whole, NUL bytes included.
    assert_eq!(line(&[Str("a\0b")]), "a\0b\n");
    assert_eq!(line(&[Str("")]), "\n");
    assert_eq!(line(&[Str(""), I32(1)]), " 1\n");
}

#[test]
fn error_values_print_with_their_message() {
    let err = orus_runtime::error_value::alloc_error(
        &orus_runtime::error::RuntimeError::division_by_zero(),
    );
    let bytes = format_line(
        &TypeTable::default(),
        &[TypeTag::Str, TypeTag::Error],
        &[alloc_str(b"e:"), err],
    );
    assert_eq!(bytes, b"e: Error: Division by zero\n");
}
