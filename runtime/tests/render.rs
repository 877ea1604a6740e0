//! Snapshots of runtime error diagnostics (LANGUAGE.md §18.2), one per error code, with the
//! source file readable and gone.

use orus_runtime::error::{render, RuntimeError, SourceLoc};

const FIXTURE: &str = "tests/fixtures/failing.orus";

/// The location of the first occurrence of `needle` in the fixture.
fn locate(needle: &str) -> SourceLoc {
    let source = std::fs::read_to_string(FIXTURE).expect("fixture is readable");
    let start = source.find(needle).expect("needle is in the fixture");
    let before = &source[..start];
    let line = before.matches('\n').count() + 1;
    let col = start - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    SourceLoc {
        path: FIXTURE.to_string(),
        start: start as u32,
        end: (start + needle.len()) as u32,
        line: line as u32,
        col: col as u32,
    }
}

/// Renders with the file readable and with a path that does not exist; the snapshot shows
/// the offending code, then both renderings.
fn snapshot_text(err: &RuntimeError, needle: &str) -> String {
    let loc = locate(needle);
    let gone = SourceLoc {
        path: "tests/fixtures/deleted.orus".to_string(),
        ..loc.clone()
    };
    format!(
        "----- OFFENDING CODE\n{needle}\n----- ERROR\n{}----- WITHOUT SOURCE\n{}",
        render(err, Some(&loc), false),
        render(err, Some(&gone), false)
    )
}

#[test]
fn e0001_division_by_zero() {
    let text = snapshot_text(&RuntimeError::division_by_zero(), "total / count");
    insta::assert_snapshot!(text);
}

#[test]
fn e0002_index_out_of_bounds() {
    let text = snapshot_text(&RuntimeError::array_index_out_of_bounds(), "xs[5]");
    insta::assert_snapshot!(text);
}

#[test]
fn e0004_integer_overflow() {
    let text = snapshot_text(&RuntimeError::overflow(), "2147483647 + 1");
    insta::assert_snapshot!(text);
}

#[test]
fn e0004_cast_out_of_range() {
    let err = orus_runtime::cast::cast(
        orus_abi::types::TypeTag::I32,
        orus_abi::types::TypeTag::U64,
        -1i64 as u64,
    )
    .unwrap_err();
    insta::assert_snapshot!(snapshot_text(&err, "-1 as u64"));
}

#[test]
fn e0007_int_parse() {
    let err =
        RuntimeError::int_conversion(r#"int() argument must be an integer string, got "xyz""#);
    insta::assert_snapshot!(snapshot_text(&err, r#"int("xyz")"#));
}

#[test]
fn e0010_float_parse() {
    let err =
        RuntimeError::float_conversion(r#"float() overflow: "1e999" is out of range for f64"#);
    insta::assert_snapshot!(snapshot_text(&err, r#"float("1e999")"#));
}

#[test]
fn e0005_stack_overflow() {
    let text = snapshot_text(&RuntimeError::stack_overflow(), "forever(k + 1)");
    insta::assert_snapshot!(text);
}

#[test]
fn e0005_assert_eq_three_lines() {
    let err = RuntimeError::assertion(
        "assert_eq failed (parts)\n  expected: [1, 2, 3]\n  actual:   [1, 2]",
    );
    let text = snapshot_text(&err, r#"assert_eq("parts", [1, 2], [1, 2, 3])"#);
    insta::assert_snapshot!(text);
}

#[test]
fn without_location() {
    insta::assert_snapshot!(render(&RuntimeError::stack_overflow(), None, false));
}

#[test]
fn out_of_range_span_falls_back_to_plain_location() {
    let loc = SourceLoc {
        path: FIXTURE.to_string(),
        start: 100_000,
        end: 100_010,
        line: 99,
        col: 1,
    };
    let text = render(&RuntimeError::division_by_zero(), Some(&loc), false);
    assert!(text.contains("error[E0001]: RUNTIME PANIC: This operation isn't allowed here"));
    assert!(text.contains("Division by zero"));
}

#[test]
fn colour_only_when_asked() {
    let loc = locate("total / count");
    let plain = render(&RuntimeError::division_by_zero(), Some(&loc), false);
    let coloured = render(&RuntimeError::division_by_zero(), Some(&loc), true);
    assert!(!plain.contains('\u{1b}'));
    assert!(coloured.contains('\u{1b}'));
    let gone = render(&RuntimeError::division_by_zero(), None, true);
    assert!(gone.contains('\u{1b}'));
}
